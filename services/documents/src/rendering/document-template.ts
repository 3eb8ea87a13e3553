import type { DocumentTypeString } from './document-type';

/** Bank details of an organisation, as printed on invoices. */
export interface RenderBank {
  /** Bank name, e.g. "ПАО Сбербанк". */
  name: string;
  /** БИК, 9 digits. */
  bik: string;
  /** Расчётный счёт, 20 digits. */
  account: string;
  /** Корреспондентский счёт, 20 digits. */
  correspondentAccount?: string;
}

/** A person who signs for an organisation. */
export interface RenderSignatory {
  /** e.g. "Генеральный директор". */
  position: string;
  /** Full name, "Фамилия Имя Отчество"; templates print it as "Фамилия И. О." where usual. */
  name: string;
}

/** An organisation on a document: the issuing one (owner) or the other side (counterparty). */
export interface RenderParty {
  name: string;
  inn?: string;
  kpp?: string;
  ogrn?: string;
  address?: string;
  phone?: string;
  email?: string;
  bank?: RenderBank;
  /** Who signs (the head of the organisation or the person authorised). */
  head?: RenderSignatory;
  /** Chief accountant, who signs invoices and invoice-factures. */
  accountant?: RenderSignatory;
}

/**
 * What the documents domain supplies for every rendering; merged into the template data as `doc`
 * (a `doc` in the data itself is replaced).
 */
export interface RenderContext {
  /** Document number, already formatted by the caller, e.g. "17" or "ЭТ-2026/017". */
  number: string;
  /** Document date. */
  date: Date;
  /** The issuing organisation. */
  owner: RenderParty;
  counterparty?: RenderParty;
}

/** One template of the pack, as described by its template.json. */
export interface DocumentTemplate {
  /** Folder name under services/documents/templates, e.g. "invoice". */
  key: string;
  documentType: DocumentTypeString;
  names: { ru: string; en: string };
  /** Handlebars patterns of the document title, over the same data as the template. */
  titlePattern: { ru: string; en: string };
  /** JSON Schema of the data the template takes (without `doc`, which comes from the context). */
  dataSchema: object;
  /** Printed on landscape A4 (the statutory invoice-facture). */
  landscape?: boolean;
}
