import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Principal, RegisterDefinition, RegisterList, RegisterView } from '@orbita/contracts';
import { ErrorCode, Permission, RegisterDefinitionSchema } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import {
  AppError,
  CLOCK,
  describeIssues,
  grantedOrgIds,
  safeParseLocalised,
  systemScope,
} from '@orbita/platform';
import { RegisterDefinitionRepository } from './register-definition.repository';
import type { RegisterDefinitionDocument } from './register-definition.schema';
import type { RecordProblem } from './record-validator';
import { RecordValidator } from './record-validator';

/** services/tasks/assets/registers, from src/registers (tests) and dist/registers (runtime) alike. */
export const BUILT_IN_REGISTERS_DIR = join(__dirname, '..', '..', 'assets', 'registers');

const DEFINITIONS = systemScope('register definitions belong to the installation, read by everyone');

/** How long a definition read is kept in this process (another instance may change it). */
const REMEMBER_MS = 5_000;

/** A definition as the service works with it: its schema parsed. */
export interface Register extends RegisterDefinition {
  version: number;
  builtIn: boolean;
  updatedAt: Date;
  schema: Record<string, unknown>;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function problem(path: string, en: string, ru: string): RecordProblem {
  return { path, message: en, message_ru: ru };
}

function toRegister(doc: RegisterDefinitionDocument): Register {
  return {
    key: doc._id,
    name: doc.name,
    ...(doc.description ? { description: doc.description } : {}),
    schema: JSON.parse(doc.schema) as Record<string, unknown>,
    title: doc.title,
    ...(doc.dateFields.length > 0 ? { dateFields: doc.dateFields } : {}),
    ...(doc.naturalKey ? { naturalKey: doc.naturalKey } : {}),
    ...(doc.settles ? { settles: doc.settles } : {}),
    ...(doc.regionReport ? { regionReport: doc.regionReport } : {}),
    version: doc.version,
    builtIn: doc.builtIn,
    updatedAt: doc.updatedAt,
  };
}

export function toRegisterView(register: Register): RegisterView {
  return { ...register, updatedAt: register.updatedAt.toISOString() };
}

/**
 * Register definitions as data: the built-in ones shipped in services/tasks/assets/registers are
 * loaded at start (by key and content hash, so a start changes nothing unless the file did, and
 * never overrides an admin's upload), and admins upload others or new versions.
 */
@Injectable()
export class RegisterDefinitionsService implements OnModuleInit {
  private readonly logger = new Logger(RegisterDefinitionsService.name);
  private readonly remembered = new Map<string, { register: Register; until: number }>();

  constructor(
    private readonly definitions: RegisterDefinitionRepository,
    private readonly validator: RecordValidator,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.definitions.ready();
    for (const file of readdirSync(BUILT_IN_REGISTERS_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const raw = JSON.parse(readFileSync(join(BUILT_IN_REGISTERS_DIR, file), 'utf8')) as unknown;
      const { definition, problems } = this.check(raw);
      if (!definition || problems.length > 0) {
        throw new Error(
          `The built-in register ${file} is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
        );
      }
      await this.store(definition, true);
    }
  }

  /** Every register: whoever reads records anywhere may know which registers there are. */
  async list(principal: Principal): Promise<RegisterList> {
    if (grantedOrgIds(principal, Permission.TaskRead).length === 0) {
      throw new AppError(ErrorCode.Forbidden);
    }
    return this.all();
  }

  async all(): Promise<RegisterList> {
    const docs = await this.definitions.all(DEFINITIONS);
    return { items: docs.map((doc) => toRegisterView(toRegister(doc))) };
  }

  /** The register, or NOT_FOUND. */
  async require(key: string): Promise<Register> {
    const recent = this.remembered.get(key);
    if (recent && recent.until > Date.now()) {
      return recent.register;
    }
    const doc = await this.definitions.byKey(DEFINITIONS, key);
    if (!doc) {
      throw AppError.notFound('register');
    }
    const register = toRegister(doc);
    this.remembered.set(key, { register, until: Date.now() + REMEMBER_MS });
    return register;
  }

  /** An admin's upload: a new register, or the next version of one (an uploaded one is never built-in). */
  async put(principal: Principal, key: string, body: unknown): Promise<RegisterView> {
    if (grantedOrgIds(principal, Permission.RegisterManage).length === 0) {
      throw new AppError(ErrorCode.Forbidden);
    }
    const withKey =
      typeof body === 'object' && body !== null && !Array.isArray(body) && !('key' in body)
        ? { ...body, key }
        : body;
    const { definition, problems } = this.check(withKey);
    if (definition && definition.key !== key) {
      problems.push(
        problem(
          'key',
          `must be the key of the path ("${key}")`,
          `должен совпадать с ключом в пути («${key}»)`,
        ),
      );
    }
    if (!definition || problems.length > 0) {
      throw AppError.validation(
        {
          en: `the register definition is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`.slice(
            0,
            800,
          ),
          ru: `определение реестра некорректно: ${problems.map((p) => `${p.path}: ${p.message_ru}`).join('; ')}`.slice(
            0,
            800,
          ),
        },
        problems,
      );
    }
    const register = await this.store(definition, false);
    this.remembered.delete(key);
    return toRegisterView(register);
  }

  /** The definition parsed, and every problem of it, with paths into the uploaded document. */
  check(raw: unknown): { definition: RegisterDefinition | null; problems: RecordProblem[] } {
    const parsed = safeParseLocalised(RegisterDefinitionSchema, raw);
    if (!parsed.success) {
      return { definition: null, problems: describeIssues(parsed.error).details };
    }
    const definition = parsed.data;
    const { schema } = definition;
    const problems = this.validator.checkSchema(schema);
    if (problems.length > 0) {
      return { definition, problems };
    }
    if ('$id' in schema) {
      problems.push(problem('schema.$id', 'is not allowed (a register schema is its own)', 'не допускается'));
    }
    if (schema['type'] !== 'object') {
      problems.push(
        problem('schema.type', 'must be "object": a record is an object of fields', 'должен быть "object"'),
      );
    }
    const properties = (
      typeof schema['properties'] === 'object' && schema['properties'] !== null ? schema['properties'] : {}
    ) as Record<string, Record<string, unknown> | undefined>;
    const field = (path: string, name: string, want?: { type?: string; format?: string }): void => {
      const property = properties[name];
      if (!property) {
        problems.push(
          problem(path, `"${name}" is not a property of the schema`, `«${name}» нет среди свойств схемы`),
        );
      } else if (
        want?.type &&
        property['type'] !== want.type &&
        !(want.type === 'number' && property['type'] === 'integer')
      ) {
        problems.push(
          problem(
            path,
            `"${name}" must be of type "${want.type}"`,
            `«${name}» должно иметь тип "${want.type}"`,
          ),
        );
      } else if (want?.format && property['format'] !== want.format) {
        problems.push(
          problem(
            path,
            `"${name}" must have the format "${want.format}"`,
            `«${name}» должно иметь формат "${want.format}"`,
          ),
        );
      }
    };
    field('title', definition.title);
    (definition.dateFields ?? []).forEach((name, n) => {
      field(`dateFields.${n}`, name, { type: 'string', format: 'date' });
    });
    if (definition.naturalKey) {
      field('naturalKey', definition.naturalKey, { type: 'string' });
    }
    if (definition.settles) {
      field('settles.keyField', definition.settles.keyField, { type: 'string' });
      field('settles.amountField', definition.settles.amountField, { type: 'number' });
      if (definition.settles.register === definition.key) {
        problems.push(problem('settles.register', 'must be another register', 'должен быть другим реестром'));
      }
    }
    const report = definition.regionReport;
    if (report?.measure === 'plan') {
      field('regionReport.yearField', report.yearField, { type: 'number' });
      field('regionReport.monthField', report.monthField, { type: 'number' });
      if (report.quarterField) {
        field('regionReport.quarterField', report.quarterField, { type: 'number' });
      }
      field('regionReport.plannedField', report.plannedField, { type: 'number' });
      field('regionReport.approvedField', report.approvedField, { type: 'number' });
    } else if (report?.measure === 'violations') {
      field('regionReport.dateField', report.dateField, { type: 'string', format: 'date' });
    }
    return { definition, problems };
  }

  /** Stores the definition unless the same content is there; the next version when it changed. */
  private async store(definition: RegisterDefinition, builtIn: boolean): Promise<Register> {
    const hash = createHash('sha256').update(canonical(definition)).digest('hex');
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await this.definitions.byKey(DEFINITIONS, definition.key);
      if (stored && (stored.hash === hash || (builtIn && !stored.builtIn))) {
        // The same content, or an admin's version the built-in one must not override.
        return toRegister(stored);
      }
      const now = this.clock.now();
      const doc: RegisterDefinitionDocument = {
        _id: definition.key,
        name: definition.name,
        description: definition.description ?? null,
        schema: JSON.stringify(definition.schema),
        title: definition.title,
        dateFields: definition.dateFields ?? [],
        naturalKey: definition.naturalKey ?? null,
        settles: definition.settles ?? null,
        regionReport: definition.regionReport ?? null,
        version: (stored?.version ?? 0) + 1,
        hash,
        builtIn,
        createdAt: stored?.createdAt ?? now,
        updatedAt: now,
      };
      const written = stored
        ? await this.definitions.replace(DEFINITIONS, stored.version, doc)
        : await this.definitions.add(doc);
      if (written) {
        this.logger.log(
          `Register ${definition.key} is at version ${doc.version}${builtIn ? ' (built-in)' : ''}`,
        );
        return toRegister(doc);
      }
    }
    throw AppError.conflict({
      en: `the register "${definition.key}" is being changed by someone else; try again`,
      ru: `реестр «${definition.key}» сейчас меняет кто-то другой; повторите`,
    });
  }
}
