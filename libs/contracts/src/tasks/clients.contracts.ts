import { z } from 'zod';
import { IdSchema } from '../common';
import { DocumentViewSchema } from '../documents/documents.contracts';
import { defineRequest } from '../messaging/request-contract';
import { InstanceSummarySchema } from './processes.contracts';
import { RegisterRecordViewSchema } from './registers.contracts';

/**
 * The client card (ARCHITECTURE §6): everything about one external org (a client or a partner) in
 * one answer — its contracts, service points with their schedules, invoices with their payment
 * status, payments, its requests open and closed with who holds them, and the documents it has.
 */

/** At most this many requests of each kind (open, closed) are on a card: the newest. */
export const CLIENT_CARD_REQUESTS = 50;
/** At most this many documents are on a card: the newest the caller may see. */
export const CLIENT_CARD_DOCUMENTS = 20;

export const ClientCardInputSchema = z.object({ orgId: IdSchema });
export type ClientCardInput = z.infer<typeof ClientCardInputSchema>;

export const ClientCardSchema = z.object({
  org: z.object({ id: z.string(), name: z.string() }),
  /** Records of the `contracts` register owned by the org, newest first. */
  contracts: z.array(RegisterRecordViewSchema),
  /** Records of the `service-points` register: addresses, containers and schedules. */
  servicePoints: z.array(RegisterRecordViewSchema),
  /** Records of the `invoices` register; `data.status` is the payment status (unpaid, partly-paid, paid). */
  invoices: z.array(RegisterRecordViewSchema),
  /** Records of the `payments` register, each naming the invoice it settles. */
  payments: z.array(RegisterRecordViewSchema),
  /** The org's requests, newest first; `heldBy` says which side holds an open one, who and since when. */
  requests: z.object({
    open: z.array(InstanceSummarySchema),
    closed: z.array(InstanceSummarySchema),
  }),
  /**
   * The newest documents with the org as counterparty that the caller may see (portal users: those
   * published to them); null when the documents service did not answer.
   */
  documents: z.array(DocumentViewSchema).nullable(),
  /** Set when a part of the card could not be read (`documents` is then null); the rest is current. */
  partial: z.boolean(),
});
export type ClientCard = z.infer<typeof ClientCardSchema>;

export const ClientsRequests = {
  /** The client card: an external org the caller may see (staff over its path, its own people). */
  card: defineRequest('tasks.client.card', ClientCardInputSchema, ClientCardSchema),
};
