import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import type {
  EventEnvelope,
  Principal,
  TemplateDiff,
  TemplateFormat,
  TemplateSourceInput,
  TemplateVersionSummary,
  TemplateVersionView,
} from '@orbita/contracts';
import { Permission, TemplatesEvents, joinLocalised } from '@orbita/contracts';
import type { Clock, QueryScope } from '@orbita/platform';
import { AppError, CLOCK, EventFactory, requirePermission, scopeOf, systemScope } from '@orbita/platform';
import { diffDefinitions } from './template-diff';
import { TemplateRepository } from './template.repository';
import type { StoredTemplate } from './template.repository';
import type { TemplateValidation } from './validate-template';
import { guessFormat, validateTemplate } from './validate-template';

/** Version numbers count every stored version of a key, whoever may see it. */
const NUMBERING = systemScope('the next version number of a key counts every stored version');
/** The shipped pack is loaded by the service itself, at start. */
const PACK = systemScope('the shipped template pack, loaded at start');
/** The org of events about the shipped pack's templates, which belong to no org. */
const PACK_EVENT_ORG = 'installation';
/** Two uploads of one key at once take one number; the loser takes the next, this many times. */
const NUMBERING_TRIES = 5;

export interface PackFile {
  name: string;
  text: string;
}

export interface PackOutcome {
  file: string;
  key: string;
  version: number;
  /** False when the file was loaded before (the same text): nothing new stored. */
  loaded: boolean;
}

/**
 * Process templates (ARCHITECTURE §6): uploaded as JSON or YAML, validated, stored as numbered
 * immutable versions, published one at a time per key. Managing them is for holders of
 * process.manage at the company (templates are the installation's, not a unit's).
 */
@Injectable()
export class TemplatesService {
  private readonly logger = new Logger(TemplatesService.name);

  constructor(
    private readonly templates: TemplateRepository,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Checks a template without storing it. */
  validate(principal: Principal, input: TemplateSourceInput): TemplateValidation {
    managerScope(principal);
    return validateTemplate(input.text, input.format);
  }

  /** Stores the template as the next version of its key, a draft; VALIDATION_FAILED listing every problem. */
  async upload(principal: Principal, input: TemplateSourceInput): Promise<TemplateVersionView> {
    managerScope(principal);
    const format = input.format ?? guessFormat(input.text);
    const definition = validOrThrow(validateTemplate(input.text, format));
    const company = principal.orgPath[0] ?? principal.orgId;
    const stored = await this.store({
      key: definition.key,
      status: 'draft',
      definition,
      source: input.text,
      format,
      sha256: sha256(input.text),
      orgId: company,
      orgPath: [company],
      createdBy: principal.userId,
      createdAt: this.clock.now(),
      publishedAt: null,
      retiredAt: null,
    });
    return viewOf(stored);
  }

  /** The latest version of each template, with the number of its published one. */
  async list(
    principal: Principal,
  ): Promise<{ items: (TemplateVersionSummary & { publishedVersion: number | null })[] }> {
    const all = await this.templates.all(managerScope(principal));
    const byKey = new Map<string, { latest: StoredTemplate; published: number | null }>();
    for (const template of all) {
      const entry = byKey.get(template.key) ?? { latest: template, published: null };
      if (template.version > entry.latest.version) {
        entry.latest = template;
      }
      if (template.status === 'published' && (entry.published ?? 0) < template.version) {
        entry.published = template.version;
      }
      byKey.set(template.key, entry);
    }
    return {
      items: [...byKey.values()].map(({ latest, published }) => ({
        ...summaryOf(latest),
        publishedVersion: published,
      })),
    };
  }

  async versions(principal: Principal, key: string): Promise<{ items: TemplateVersionSummary[] }> {
    const versions = await this.templates.versions(managerScope(principal), key);
    if (versions.length === 0) {
      throw AppError.notFound('process template');
    }
    return { items: versions.map(summaryOf) };
  }

  async get(principal: Principal, key: string, version: number): Promise<TemplateVersionView> {
    return viewOf(await this.existing(managerScope(principal), key, version));
  }

  /** What changed from one version to another, steps matched by id; by default the latest against the one before. */
  async diff(principal: Principal, key: string, from?: number, to?: number): Promise<TemplateDiff> {
    const scope = managerScope(principal);
    const newest = to ?? (await this.templates.latest(scope, key))?.version;
    if (newest === undefined) {
      throw AppError.notFound('process template');
    }
    const oldest = from ?? Math.max(1, newest - 1);
    const [before, after] = await Promise.all([
      this.existing(scope, key, oldest),
      this.existing(scope, key, newest),
    ]);
    return { key, from: oldest, to: newest, changes: diffDefinitions(before.definition, after.definition) };
  }

  /**
   * Makes the version the one new instances of its key start with, retiring the one published
   * before (at most one is published per key). Publishing the published version changes nothing.
   */
  async publish(principal: Principal, key: string, version: number): Promise<TemplateVersionSummary> {
    const scope = managerScope(principal);
    const target = await this.existing(scope, key, version);
    if (target.status === 'published') {
      return summaryOf(target);
    }
    const published = await this.templates.changeStatus(
      scope,
      key,
      version,
      { from: ['draft', 'retired'], to: 'published', at: this.clock.now() },
      [this.event('templatePublished', target, principal.userId)],
    );
    if (!published) {
      // Someone changed its status between the read and the write: answer what it is now.
      return summaryOf(await this.existing(scope, key, version));
    }
    await this.retireOthers(scope, published, principal.userId);
    return summaryOf(published);
  }

  /** No new instances start with the version (running ones keep it). Retiring a retired one changes nothing. */
  async retire(principal: Principal, key: string, version: number): Promise<TemplateVersionSummary> {
    const scope = managerScope(principal);
    const target = await this.existing(scope, key, version);
    if (target.status === 'retired') {
      return summaryOf(target);
    }
    const retired = await this.templates.changeStatus(
      scope,
      key,
      version,
      { from: ['draft', 'published'], to: 'retired', at: this.clock.now() },
      [this.event('templateRetired', target, principal.userId)],
    );
    return summaryOf(retired ?? (await this.existing(scope, key, version)));
  }

  /**
   * Loads a template pack (the shipped folder, at start) idempotently: a file loaded before (the
   * same text) stores nothing; a new or changed one becomes the next version of its key, published.
   * An invalid file fails the whole load, naming the file and every problem.
   */
  async ensurePack(files: readonly PackFile[]): Promise<PackOutcome[]> {
    const checked = files.map((file) => {
      const format = formatOfFile(file.name, file.text);
      const result = validateTemplate(file.text, format);
      if (!result.valid || !result.definition) {
        const { reason, details } = describeProblems(result);
        throw AppError.validation(
          { en: `${file.name}: ${reason.en}`, ru: `${file.name}: ${reason.ru}` },
          details.map((d) => ({ ...d, path: `${file.name}: ${d.path}` })),
        );
      }
      return { file, format, definition: result.definition };
    });
    const outcomes: PackOutcome[] = [];
    for (const { file, format, definition } of checked) {
      const digest = sha256(file.text);
      const known = await this.templates.withSource(PACK, definition.key, digest);
      if (known) {
        outcomes.push({ file: file.name, key: known.key, version: known.version, loaded: false });
        continue;
      }
      const now = this.clock.now();
      const stored = await this.store(
        {
          key: definition.key,
          status: 'published',
          definition,
          source: file.text,
          format,
          sha256: digest,
          orgId: null,
          orgPath: [],
          createdBy: null,
          createdAt: now,
          publishedAt: now,
          retiredAt: null,
        },
        (template) => [this.event('templatePublished', template, null)],
      );
      await this.retireOthers(PACK, stored, null);
      this.logger.log({
        msg: 'process template loaded from the pack',
        file: file.name,
        key: stored.key,
        version: stored.version,
      });
      outcomes.push({ file: file.name, key: stored.key, version: stored.version, loaded: true });
    }
    return outcomes;
  }

  private async existing(scope: QueryScope, key: string, version: number): Promise<StoredTemplate> {
    const template = await this.templates.version(scope, key, version);
    if (!template) {
      throw AppError.notFound('process template');
    }
    return template;
  }

  /** Stores the template as the next version of its key (retrying when a concurrent upload took the number). */
  private async store(
    template: Omit<StoredTemplate, '_id' | 'version'>,
    events: (template: StoredTemplate) => EventEnvelope[] = () => [],
  ): Promise<StoredTemplate> {
    for (let attempt = 0; attempt < NUMBERING_TRIES; attempt++) {
      const latest = await this.templates.latest(NUMBERING, template.key);
      const version = (latest?.version ?? 0) + 1;
      const numbered: StoredTemplate = { ...template, _id: `${template.key}@${version}`, version };
      if (await this.templates.add(numbered, events(numbered))) {
        return numbered;
      }
    }
    throw AppError.conflict({
      en: 'the template was uploaded by others at the same time; try again',
      ru: 'шаблон одновременно загружают другие; попробуйте ещё раз',
    });
  }

  /** Every other published version of the key becomes retired, each with its event. */
  private async retireOthers(
    scope: QueryScope,
    published: StoredTemplate,
    actorId: string | null,
  ): Promise<void> {
    const others = (await this.templates.published(scope, published.key)).filter(
      (template) => template.version !== published.version,
    );
    for (const other of others) {
      await this.templates.changeStatus(
        scope,
        other.key,
        other.version,
        { from: ['published'], to: 'retired', at: this.clock.now() },
        [this.event('templateRetired', other, actorId)],
      );
    }
  }

  private event(
    kind: 'templatePublished' | 'templateRetired',
    template: StoredTemplate,
    actorId: string | null,
  ): EventEnvelope {
    return this.events.create(TemplatesEvents[kind], {
      orgId: template.orgId ?? PACK_EVENT_ORG,
      subject: { type: 'process-template', id: template._id },
      data: { key: template.key, version: template.version, actorId },
    });
  }
}

/** FORBIDDEN unless the principal manages templates at the company; their scope over templates. */
function managerScope(principal: Principal): QueryScope {
  requirePermission(principal, Permission.ProcessManage, [principal.orgPath[0] ?? principal.orgId]);
  return scopeOf(principal, Permission.ProcessManage);
}

function validOrThrow(result: TemplateValidation): NonNullable<TemplateValidation['definition']> {
  if (!result.valid || !result.definition) {
    const { reason, details } = describeProblems(result);
    throw AppError.validation(reason, details);
  }
  return result.definition;
}

const MAX_REASON_PROBLEMS = 5;

function describeProblems(result: TemplateValidation) {
  const shown = result.errors.slice(0, MAX_REASON_PROBLEMS);
  const more = result.errors.length - shown.length;
  const joined = joinLocalised(
    shown.map((e) => ({ en: `${e.path}: ${e.message}`, ru: `${e.path}: ${e.message_ru}` })),
    '; ',
  );
  const reason =
    more > 0 ? { en: `${joined.en}; and ${more} more`, ru: `${joined.ru}; и ещё ${more}` } : joined;
  return { reason, details: result.errors };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function formatOfFile(name: string, text: string): TemplateFormat {
  const extension = extname(name).toLowerCase();
  return extension === '.json'
    ? 'json'
    : extension === '.yaml' || extension === '.yml'
      ? 'yaml'
      : guessFormat(text);
}

export function summaryOf(template: StoredTemplate): TemplateVersionSummary {
  return {
    key: template.key,
    version: template.version,
    status: template.status,
    name: template.definition.name,
    category: template.definition.category,
    format: template.format,
    sha256: template.sha256,
    createdBy: template.createdBy,
    createdAt: template.createdAt.toISOString(),
    publishedAt: template.publishedAt?.toISOString() ?? null,
    retiredAt: template.retiredAt?.toISOString() ?? null,
  };
}

function viewOf(template: StoredTemplate): TemplateVersionView {
  return { ...summaryOf(template), definition: template.definition, source: template.source };
}
