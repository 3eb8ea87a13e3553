import { Inject, Injectable } from '@nestjs/common';
import type {
  CreateRecordInput,
  DiffRecordInput,
  EventEnvelope,
  ImportRecordsInput,
  ImportResult,
  ListRecordsInput,
  LocalisedText,
  Page,
  Principal,
  RecordDiff,
  RegisterRecordView,
  UpdateRecordInput,
} from '@orbita/contracts';
import { ErrorCode, Permission, REGISTER_IMPORT_MAX_ROWS, RegistersEvents } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import {
  AppError,
  CLOCK,
  CsvError,
  EventFactory,
  ID_GENERATOR,
  grantedOrgIds,
  isVisibleTo,
  parseCsv,
  parseDecimal,
  requireAccess,
  requirePermission,
  scopeOf,
  systemScope,
  toPage,
} from '@orbita/platform';
import type { OwnerOrg } from './owner-orgs';
import { OwnerOrgs } from './owner-orgs';
import { changedFields, diffData, mergeData } from './record-diff.util';
import type { RecordProblem } from './record-validator';
import { RecordValidator } from './record-validator';
import type { Register } from './register-definitions.service';
import { RegisterDefinitionsService } from './register-definitions.service';
import type { NewRecord } from './register-record.repository';
import { RegisterRecordRepository } from './register-record.repository';
import type { RegisterRecordDocument } from './register-record.schema';

/** What a process step asks of a register (the engine calls it in-process, having checked access). */
export interface ApplyFromProcessInput {
  register: string;
  action: 'create' | 'update';
  /** The record an update changes. */
  recordId?: string;
  owner: { orgId: string; orgPath: string[] };
  data: Record<string, unknown>;
  actorId: string;
  instanceId: string;
  stepId: string;
  /** The step's own key: a retried step writes once. */
  idempotencyKey: string;
}

/** The engine acts on its own account: it checked the template's rules when it ran the step. */
const ENGINE = systemScope('the process engine writes registers as its templates say');
/** The caller checked access to the org (the client card) before asking. */
const CARD = systemScope("the client card's caller checked access to the org");
/** Keys, settlements and scheduled look-ups span every record, whoever may see them. */
const OWN_WORK = systemScope('natural keys, settlements and schedules look across all callers');

/** The client card shows at most this many records of each register (the latest). */
export const CARD_RECORDS_PER_REGISTER = 200;
/** Settling reads at most this many records naming one (payments of an invoice). */
const SETTLING_AT_MOST = 1_000;
/** Idempotency keys of process steps kept per record. */
const APPLIED_KEPT = 20;
const WRITE_ATTEMPTS = 5;
/** An import's refusal lists at most this many problems. */
const PROBLEMS_LISTED = 100;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function cut(text: string): string {
  return text.length > 800 ? `${text.slice(0, 800)}…` : text;
}

function refusal(what: LocalisedText, problems: RecordProblem[]): AppError {
  const listed = problems.slice(0, PROBLEMS_LISTED);
  return AppError.validation(
    {
      en: cut(`${what.en}: ${listed.map((p) => `${p.path}: ${p.message}`).join('; ')}`),
      ru: cut(`${what.ru}: ${listed.map((p) => `${p.path}: ${p.message_ru}`).join('; ')}`),
    },
    listed,
  );
}

/** Data must be storable as it is: no "$" or "." in field names, no arrays directly in arrays. */
function storageProblems(value: unknown, path: string[] = [], inArray = false): RecordProblem[] {
  const at = path.join('.') || '(root)';
  if (Array.isArray(value)) {
    if (inArray) {
      return [
        {
          path: at,
          message: 'must not be a list inside a list',
          message_ru: 'список внутри списка недопустим',
        },
      ];
    }
    return value.flatMap((item, n) => storageProblems(item, [...path, String(n)], true));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) =>
      key.startsWith('$') || key.includes('.') || key === ''
        ? [
            {
              path: [...path, key].join('.'),
              message: 'a field name must not be empty, start with "$" or contain "."',
              message_ru: 'имя поля не может быть пустым, начинаться с "$" или содержать "."',
            },
          ]
        : storageProblems(item, [...path, key], false),
    );
  }
  return [];
}

/**
 * Register records: typed data owned by an org (a contract, a service point, an invoice…). Seeing
 * one takes task.read at an org on its owner's path — registers are part of the tasks domain, and
 * every member holds task.read in their own org, so portal users read their own org's records and
 * nothing else; personal managers hold it at the clients they manage. Writing takes task.manage
 * on the owner's path (staff who run work there); process steps write through applyFromProcess.
 */
@Injectable()
export class RegistersService {
  constructor(
    private readonly records: RegisterRecordRepository,
    private readonly registers: RegisterDefinitionsService,
    private readonly validator: RecordValidator,
    private readonly owners: OwnerOrgs,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async list(principal: Principal, input: ListRecordsInput): Promise<Page<RegisterRecordView>> {
    await this.registers.require(input.registerKey);
    const scope = scopeOf(principal, Permission.TaskRead);
    const docs = await this.records.page(scope, input.registerKey, input.orgId, input);
    return toPage(docs, input.limit, toRecordView);
  }

  async get(principal: Principal, recordId: string): Promise<RegisterRecordView> {
    return toRecordView(await this.visible(principal, recordId));
  }

  async create(principal: Principal, input: CreateRecordInput): Promise<RegisterRecordView> {
    const register = await this.registers.require(input.registerKey);
    const owner = await this.ownerFor(principal, input.orgId);
    this.assertValid(register, input.data);
    const record = this.newRecord(register, owner, input.data, principal.userId, {});
    if (!(await this.records.add(record, [this.changed(record, Object.keys(record.data))]))) {
      throw this.keyTaken(register, input.data);
    }
    await this.settle(register, owner.orgId, [record.settles]);
    return toRecordView(record);
  }

  async update(principal: Principal, input: UpdateRecordInput): Promise<RegisterRecordView> {
    const current = await this.visible(principal, input.recordId);
    requirePermission(principal, Permission.TaskManage, current.orgPath);
    if (current.revision !== input.revision) {
      throw staleRevision(input.revision, current.revision);
    }
    const register = await this.registers.require(current.registerKey);
    const data = mergeData(current.data, input.data);
    this.assertValid(register, data);
    const changed = await this.write(register, current, data, principal.userId, {});
    if (!changed) {
      const now = await this.records.byId(OWN_WORK, current._id);
      throw staleRevision(input.revision, now?.revision ?? current.revision + 1);
    }
    await this.settle(register, current.orgId, [current.settles, changed.settles]);
    return toRecordView(changed);
  }

  /** What the proposed data (merged as an update would be) changes in the current record. */
  async diff(principal: Principal, input: DiffRecordInput): Promise<RecordDiff> {
    const current = await this.visible(principal, input.recordId);
    const proposed = mergeData(current.data, input.data);
    return {
      revision: current.revision,
      changes: diffData(current.data, proposed).map((c) => ({
        path: c.path,
        before: c.before ?? null,
        after: c.after ?? null,
      })),
    };
  }

  /**
   * Rows keyed by the register's natural key: a new key is a new record, a known one updates it.
   * Every row is checked before anything is written, and one bad row refuses the whole import.
   */
  async import(principal: Principal, input: ImportRecordsInput): Promise<ImportResult> {
    const register = await this.registers.require(input.registerKey);
    const naturalKey = register.naturalKey;
    if (!naturalKey) {
      throw AppError.validation({
        en: `the register "${register.key}" has no natural key to match rows by, so it takes no imports`,
        ru: `у реестра «${register.key}» нет естественного ключа для сопоставления строк, импорт в него невозможен`,
      });
    }
    const rows = this.importRows(register, input);
    if (rows.length === 0) {
      throw AppError.validation({ en: 'the import has no rows', ru: 'в импорте нет строк' });
    }
    if (rows.length > REGISTER_IMPORT_MAX_ROWS) {
      throw AppError.validation({
        en: `the import has ${rows.length} rows; at most ${REGISTER_IMPORT_MAX_ROWS} are taken at once`,
        ru: `в импорте ${rows.length} строк; за раз принимается не больше ${REGISTER_IMPORT_MAX_ROWS}`,
      });
    }
    const problems: RecordProblem[] = [];
    const noOwner = rows.filter((row) => !(row.orgId ?? input.orgId));
    for (const row of noOwner) {
      problems.push({
        path: `${row.label}.orgId`,
        message: 'give the owner org: the orgId parameter or an orgId column',
        message_ru: 'укажите организацию-владельца: параметр orgId или столбец orgId',
      });
    }
    const orgIds = [
      ...new Set(rows.map((row) => row.orgId ?? input.orgId).filter((id): id is string => !!id)),
    ];
    // Every owner org must be one the caller manages (NOT_FOUND / FORBIDDEN refuse the whole import).
    const owners = new Map<string, OwnerOrg>();
    for (const org of await this.ownersFor(principal, orgIds)) {
      owners.set(org.orgId, org);
    }
    const seen = new Map<string, string>();
    for (const row of rows) {
      problems.push(
        ...this.validator.check(register, row.data, [row.label]),
        ...storageProblems(row.data, [row.label]),
      );
      const value = row.data[naturalKey];
      const orgId = row.orgId ?? input.orgId ?? '';
      const id = `${orgId}\u0000${String(value)}`;
      if (typeof value === 'string' && seen.has(id)) {
        problems.push({
          path: `${row.label}.${naturalKey}`,
          message: `"${value}" is also in ${seen.get(id)}`,
          message_ru: `«${value}» уже есть в строке ${seen.get(id)}`,
        });
      }
      seen.set(id, row.label);
    }
    const settlement = register.settles;
    if (problems.length === 0 && settlement) {
      problems.push(...(await this.settledMissing({ ...register, settles: settlement }, rows, input.orgId)));
    }
    if (problems.length > 0) {
      throw refusal(
        {
          en: `nothing was imported: ${problems.length} problem(s)`,
          ru: `ничего не импортировано: проблем ${problems.length}`,
        },
        problems,
      );
    }
    const result: ImportResult = { created: 0, updated: 0, unchanged: 0, settled: 0 };
    const settles = new Map<string, (string | null)[]>();
    for (const owner of owners.values()) {
      const orgId = owner.orgId;
      const ofOrg = rows.filter((row) => (row.orgId ?? input.orgId) === orgId);
      const existing = new Map(
        (
          await this.records.byKeys(
            OWN_WORK,
            register.key,
            orgId,
            ofOrg.map((row) => `n:${String(row.data[naturalKey])}`),
          )
        ).map((doc) => [doc.key, doc]),
      );
      const touched: (string | null)[] = [];
      for (const row of ofOrg) {
        const current = existing.get(`n:${String(row.data[naturalKey])}`);
        if (!current) {
          const record = this.newRecord(register, owner, row.data, principal.userId, {});
          if (!(await this.records.add(record, [this.changed(record, Object.keys(record.data))]))) {
            throw importRaced();
          }
          touched.push(record.settles);
          result.created++;
        } else if (changedFields(current.data, row.data).length === 0) {
          result.unchanged++;
        } else {
          const changed = await this.write(register, current, row.data, principal.userId, {});
          if (!changed) {
            throw importRaced();
          }
          touched.push(current.settles, changed.settles);
          result.updated++;
        }
      }
      settles.set(orgId, touched);
    }
    for (const [orgId, keys] of settles) {
      result.settled += await this.settle(register, orgId, keys);
    }
    return result;
  }

  /**
   * A process step's register update: validated against the register's schema (an update merges
   * into the current data, top-level), written once per idempotency key with its event.
   */
  async applyFromProcess(input: ApplyFromProcessInput): Promise<{ recordId: string; revision: number }> {
    const register = await this.registers.require(input.register);
    const source = { instanceId: input.instanceId, stepId: input.stepId };
    if (input.action === 'create') {
      this.assertValid(register, input.data);
      const record = this.newRecord(
        register,
        input.owner,
        input.data,
        input.actorId,
        source,
        input.idempotencyKey,
      );
      if (
        await this.records.add(record, [this.changed(record, Object.keys(record.data), input.instanceId)])
      ) {
        await this.settle(register, record.orgId, [record.settles]);
        return { recordId: record._id, revision: record.revision };
      }
      const [existing] = await this.records.byKeys(OWN_WORK, register.key, record.orgId, [record.key]);
      if (existing?.applied.includes(input.idempotencyKey)) {
        return { recordId: existing._id, revision: existing.revision };
      }
      throw this.keyTaken(register, input.data);
    }
    if (!input.recordId) {
      throw AppError.validation({
        en: 'recordId: an update names its record',
        ru: 'recordId: укажите изменяемую запись',
      });
    }
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const current = await this.records.byId(ENGINE, input.recordId);
      if (!current || current.registerKey !== register.key || current.orgId !== input.owner.orgId) {
        throw AppError.notFound('register record');
      }
      if (current.applied.includes(input.idempotencyKey)) {
        return { recordId: current._id, revision: current.revision };
      }
      const data = mergeData(current.data, input.data);
      this.assertValid(register, data);
      const changed = await this.write(register, current, data, input.actorId, source, input.idempotencyKey);
      if (changed) {
        await this.settle(register, current.orgId, [current.settles, changed.settles]);
        return { recordId: changed._id, revision: changed.revision };
      }
      // Someone changed the record in between: the step's fields go onto the newer data.
    }
    throw AppError.conflict({
      en: 'the record keeps changing; the step will be tried again',
      ru: 'запись всё время меняется; шаг будет повторён',
    });
  }

  /** The client card's registers: the latest records of each (all registers unless named). */
  async recordsForOrg(orgId: string, registerKeys?: string[]): Promise<Record<string, RegisterRecordView[]>> {
    const keys = registerKeys ?? (await this.registers.all()).items.map((r) => r.key);
    const out: Record<string, RegisterRecordView[]> = {};
    for (const key of keys) {
      out[key] = (await this.records.latest(CARD, key, orgId, CARD_RECORDS_PER_REGISTER)).map(toRecordView);
    }
    return out;
  }

  /** Records whose date field falls before the day (YYYY-MM-DD), for schedules (contract renewals). */
  async recordsWithDateBefore(
    registerKey: string,
    field: string,
    before: string,
    limit: number,
  ): Promise<RegisterRecordView[]> {
    return (await this.records.dateBefore(OWN_WORK, registerKey, field, before, limit)).map(toRecordView);
  }

  /** Records whose date field falls on or after the day (YYYY-MM-DD), for schedules; at most `limit`. */
  async recordsWithDateFrom(
    registerKey: string,
    field: string,
    from: string,
    limit: number,
  ): Promise<RegisterRecordDocument[]> {
    return this.records.dateFrom(OWN_WORK, registerKey, field, from, limit);
  }

  /** A record by id on the service's own account (a schedule's occurrence reads its current date). */
  async recordById(recordId: string): Promise<RegisterRecordDocument | null> {
    return this.records.byId(OWN_WORK, recordId);
  }

  private async visible(principal: Principal, recordId: string): Promise<RegisterRecordDocument> {
    const record = await this.records.byId(scopeOf(principal, Permission.TaskRead), recordId);
    if (!record) {
      throw AppError.notFound('register record');
    }
    requireAccess(principal, record, { resource: 'register record', read: Permission.TaskRead });
    return record;
  }

  /** The owner org when the caller may write its records: NOT_FOUND unless they may see it. */
  private async ownerFor(principal: Principal, orgId: string): Promise<OwnerOrg> {
    const [owner] = await this.ownersFor(principal, [orgId]);
    if (!owner) {
      throw AppError.notFound('org');
    }
    return owner;
  }

  private async ownersFor(principal: Principal, orgIds: string[]): Promise<OwnerOrg[]> {
    if (grantedOrgIds(principal, Permission.TaskManage).length === 0) {
      throw new AppError(ErrorCode.Forbidden);
    }
    const known = await this.owners.orgs(orgIds);
    const readable = scopeOf(principal, Permission.TaskRead);
    return orgIds.map((orgId) => {
      const owner = known.get(orgId);
      if (!owner || !isVisibleTo(readable, { orgPath: owner.orgPath })) {
        throw AppError.notFound('org');
      }
      requirePermission(principal, Permission.TaskManage, owner.orgPath);
      return owner;
    });
  }

  private assertValid(register: Register, data: Record<string, unknown>): void {
    const problems = [...storageProblems(data), ...this.validator.check(register, data)];
    if (problems.length > 0) {
      throw refusal(
        {
          en: `the data does not fit the register "${register.key}"`,
          ru: `данные не подходят реестру «${register.key}»`,
        },
        problems,
      );
    }
  }

  private newRecord(
    register: Register,
    owner: OwnerOrg,
    data: Record<string, unknown>,
    actorId: string,
    source: RegisterRecordDocument['source'],
    idempotencyKey?: string,
  ): NewRecord {
    const now = this.clock.now();
    const id = this.ids.newId();
    const natural = register.naturalKey ? data[register.naturalKey] : undefined;
    return {
      _id: id,
      registerKey: register.key,
      orgId: owner.orgId,
      orgPath: owner.orgPath,
      key: typeof natural === 'string' ? `n:${natural}` : idempotencyKey ? `p:${idempotencyKey}` : `id:${id}`,
      data,
      ...derived(register, data),
      revision: 1,
      applied: idempotencyKey ? [idempotencyKey] : [],
      source,
      createdBy: actorId,
      updatedBy: actorId,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Writes the new data on the current revision; the record after, or null when it moved on. */
  private async write(
    register: Register,
    current: RegisterRecordDocument,
    data: Record<string, unknown>,
    actorId: string,
    source: RegisterRecordDocument['source'],
    idempotencyKey?: string,
  ): Promise<RegisterRecordDocument | null> {
    const next: RegisterRecordDocument = {
      ...current,
      data,
      ...derived(register, data),
      revision: current.revision + 1,
      applied: idempotencyKey ? [...current.applied, idempotencyKey].slice(-APPLIED_KEPT) : current.applied,
      source,
      updatedBy: actorId,
      updatedAt: this.clock.now(),
    };
    const event = this.changed(next, changedFields(current.data, data), source.instanceId);
    const written = await this.records.change(
      OWN_WORK,
      current._id,
      current.revision,
      {
        $set: {
          data: next.data,
          title: next.title,
          dateKeys: next.dateKeys,
          settles: next.settles,
          revision: next.revision,
          applied: next.applied,
          source: next.source,
          updatedBy: next.updatedBy,
          updatedAt: next.updatedAt,
        },
      },
      [event],
    );
    return written ? next : null;
  }

  private changed(record: NewRecord, fields: string[], instanceId?: string): EventEnvelope {
    return this.events.create(RegistersEvents.recordChanged, {
      orgId: record.orgId,
      subject: { type: 'register-record', id: record._id },
      data: {
        recordId: record._id,
        registerKey: record.registerKey,
        orgId: record.orgId,
        revision: record.revision,
        changedFields: [...fields].sort(),
        ...(instanceId ? { instanceId } : {}),
      },
    });
  }

  private keyTaken(register: Register, data: Record<string, unknown>): AppError {
    const field = register.naturalKey ?? 'key';
    const raw = data[field];
    const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
    return AppError.conflict({
      en: `the register "${register.key}" already has a record with ${field} "${value}" in this org`,
      ru: `в реестре «${register.key}» у этой организации уже есть запись с ${field} «${value}»`,
    });
  }

  /** Rows of an import as data, with the owner org a row names and its label for messages. */
  private importRows(
    register: Register,
    input: ImportRecordsInput,
  ): { label: string; orgId: string | undefined; data: Record<string, unknown> }[] {
    const properties = (register.schema['properties'] ?? {}) as Record<
      string,
      { type?: unknown } | undefined
    >;
    const ownerColumn = !('orgId' in properties);
    const split = (label: string, data: Record<string, unknown>) => {
      const { orgId, ...rest } = data;
      return ownerColumn
        ? { label, orgId: typeof orgId === 'string' && orgId !== '' ? orgId : undefined, data: rest }
        : { label, orgId: undefined, data };
    };
    if (input.rows) {
      return input.rows.map((row, n) => split(`row ${n + 1}`, row));
    }
    let table;
    try {
      table = parseCsv(input.csv ?? '');
    } catch (err) {
      if (err instanceof CsvError) {
        throw AppError.validation({
          en: `CSV line ${err.line}: ${err.en}`,
          ru: `CSV, строка ${err.line}: ${err.ru}`,
        });
      }
      throw err;
    }
    return table.rows.map((row) => {
      const data: Record<string, unknown> = {};
      for (const [field, text] of Object.entries(row.cells)) {
        const value = text.trim();
        if (value !== '') {
          data[field] = cellValue(properties[field]?.type, value);
        }
      }
      return split(`line ${row.line}`, data);
    });
  }

  /** Rows naming a settled record (a payment's invoice) the owner org does not have. */
  private async settledMissing(
    register: Register & { settles: NonNullable<Register['settles']> },
    rows: { label: string; orgId: string | undefined; data: Record<string, unknown> }[],
    defaultOrg: string | undefined,
  ): Promise<RecordProblem[]> {
    const { settles } = register;
    const problems: RecordProblem[] = [];
    const byOrg = new Map<string, typeof rows>();
    for (const row of rows) {
      const orgId = row.orgId ?? defaultOrg ?? '';
      byOrg.set(orgId, [...(byOrg.get(orgId) ?? []), row]);
    }
    for (const [orgId, ofOrg] of byOrg) {
      const keys = [...new Set(ofOrg.map((row) => `n:${String(row.data[settles.keyField])}`))];
      const found = new Set(
        (await this.records.byKeys(OWN_WORK, settles.register, orgId, keys)).map((d) => d.key),
      );
      for (const row of ofOrg) {
        const value = String(row.data[settles.keyField]);
        if (!found.has(`n:${value}`)) {
          problems.push({
            path: `${row.label}.${settles.keyField}`,
            message: `the org has no record "${value}" in the register "${settles.register}"`,
            message_ru: `у организации нет записи «${value}» в реестре «${settles.register}»`,
          });
        }
      }
    }
    return problems;
  }

  /**
   * Brings the status of the records these settle (invoices of payments) in line with the sum
   * settling each: unpaid, partly-paid, or paid once its amount is reached. Answers how many changed.
   */
  private async settle(register: Register, orgId: string, keys: (string | null)[]): Promise<number> {
    const settles = register.settles;
    const wanted = [...new Set(keys.filter((k): k is string => k !== null))];
    if (!settles || wanted.length === 0) {
      return 0;
    }
    const target = await this.registers.require(settles.register);
    let changed = 0;
    for (const key of wanted) {
      for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
        const [settled] = await this.records.byKeys(OWN_WORK, target.key, orgId, [`n:${key}`]);
        if (!settled) {
          break;
        }
        const paying = await this.records.settling(OWN_WORK, register.key, orgId, key, SETTLING_AT_MOST);
        const cents = (value: unknown): number => (typeof value === 'number' ? Math.round(value * 100) : 0);
        const paid = paying.reduce((sum, record) => sum + cents(record.data[settles.amountField]), 0);
        const due = cents(settled.data['amount']);
        const status = paid <= 0 ? 'unpaid' : paid >= due ? 'paid' : 'partly-paid';
        if (settled.data['status'] === status) {
          break;
        }
        const data = { ...settled.data, status };
        if (this.validator.check(target, data).length > 0) {
          // A register settled by another must have these statuses; one that has not is left as it is.
          break;
        }
        if (await this.write(target, settled, data, settled.updatedBy, settled.source)) {
          changed++;
          break;
        }
      }
    }
    return changed;
  }
}

function derived(
  register: Register,
  data: Record<string, unknown>,
): Pick<RegisterRecordDocument, 'title' | 'dateKeys' | 'settles'> {
  const title = data[register.title];
  const settled = register.settles ? data[register.settles.keyField] : undefined;
  return {
    title: typeof title === 'string' || typeof title === 'number' ? String(title) : '',
    dateKeys: (register.dateFields ?? []).flatMap((field) => {
      const value = data[field];
      return typeof value === 'string' && DAY.test(value) ? [`${field}:${value}`] : [];
    }),
    settles: typeof settled === 'string' ? settled : null,
  };
}

/** A CSV cell as the register's schema types the field: numbers with a decimal comma, JSON for structures. */
function cellValue(type: unknown, text: string): unknown {
  switch (type) {
    case 'number':
    case 'integer':
      return parseDecimal(text) ?? text;
    case 'boolean':
      return /^(true|да|1)$/i.test(text) ? true : /^(false|нет|0)$/i.test(text) ? false : text;
    case 'string':
      return text;
    default:
      if (/^[[{]/.test(text)) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return text;
        }
      }
      return text;
  }
}

function staleRevision(given: number, current: number): AppError {
  return AppError.conflict({
    en: `the record was changed meanwhile (revision ${given} was edited, it is at ${current} now); reload it and apply the change again`,
    ru: `запись успели изменить (правка сделана к версии ${given}, сейчас версия ${current}); обновите её и внесите изменение снова`,
  });
}

function importRaced(): AppError {
  return AppError.conflict({
    en: 'the register was changed while importing; import the file again (rows already written are matched by their keys)',
    ru: 'реестр изменился во время импорта; импортируйте файл снова (уже записанные строки сопоставятся по ключам)',
  });
}

export function toRecordView(record: RegisterRecordDocument | NewRecord): RegisterRecordView {
  return {
    id: record._id,
    registerKey: record.registerKey,
    orgId: record.orgId,
    title: record.title,
    data: record.data,
    revision: record.revision,
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    source: record.source,
  };
}
