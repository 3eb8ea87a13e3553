import { Injectable } from '@nestjs/common';
import type { OrgKind, Principal, ProcessDefinition, TemplateSummary } from '@orbita/contracts';
import { AppError, systemScope } from '@orbita/platform';
import { OrgDirectory } from '../directory/org-directory';
import { TemplateRepository } from './template.repository';
import type { StoredTemplate } from './template.repository';

/**
 * Published templates are the installation's processes: whom one is offered to is its `starters`,
 * decided here for the caller, not the caller's grants over the template (which only admins hold).
 */
const CATALOGUE = systemScope('the catalogue: who may start a published template is decided by its starters');
/** Versions are immutable and an instance keeps its own: the engine reads any, whatever its status. */
const INSTANCE_VERSIONS = systemScope('the engine reads the template version an instance runs');

/** How many versions are kept in memory (they never change, so nothing needs forgetting but for room). */
const REMEMBER_AT_MOST = 1_000;

export interface TemplateVersionRef {
  key: string;
  version: number;
  definition: ProcessDefinition;
}

/** What the process engine asks of templates: the version to start, an instance's version, the catalogue. */
@Injectable()
export class TemplateCatalogue {
  private readonly remembered = new Map<string, TemplateVersionRef>();

  constructor(
    private readonly templates: TemplateRepository,
    private readonly orgs: OrgDirectory,
  ) {}

  /**
   * The published version a principal may start; NOT_FOUND when none is published or the principal
   * may not start it (a template one may not start is one that does not exist, for them).
   */
  async forStart(principal: Principal, key: string): Promise<TemplateVersionRef> {
    // Newest first: were two versions published at once (two admins racing), the newer one counts.
    const [published] = await this.templates.published(CATALOGUE, key);
    if (!published || !(await this.mayStart(principal, published.definition))) {
      throw AppError.notFound('process template');
    }
    return this.remember(published);
  }

  /** The published version of a key, whoever asks (a schedule being set up names it); null when none is. */
  async published(key: string): Promise<TemplateVersionRef | null> {
    const [published] = await this.templates.published(CATALOGUE, key);
    return published ? this.remember(published) : null;
  }

  /** A version by key and number, whatever its status (instances keep theirs); cached in memory (immutable). */
  async version(key: string, version: number): Promise<TemplateVersionRef | null> {
    const known = this.remembered.get(`${key}@${version}`);
    if (known) {
      return known;
    }
    const stored = await this.templates.version(INSTANCE_VERSIONS, key, version);
    return stored ? this.remember(stored) : null;
  }

  /** The catalogue: published templates the principal may start, sorted by category then name. */
  async startable(principal: Principal): Promise<TemplateSummary[]> {
    const published = newestPerKey(await this.templates.published(CATALOGUE));
    const kind = await this.orgKindOf(principal, published);
    const items = published.filter((template) => mayStartAs(principal, template.definition, kind));
    return items
      .map((template) => summaryOf(template))
      .sort(
        (a, b) =>
          a.category.localeCompare(b.category) ||
          a.name.ru.localeCompare(b.name.ru, 'ru') ||
          a.key.localeCompare(b.key),
      );
  }

  private async mayStart(principal: Principal, definition: ProcessDefinition): Promise<boolean> {
    const kind = definition.starters.orgKinds ? await this.ownOrgKind(principal) : null;
    return mayStartAs(principal, definition, kind);
  }

  /** The org kind is asked of identity only when some template limits its starters by kind. */
  private async orgKindOf(principal: Principal, templates: StoredTemplate[]): Promise<OrgKind | null> {
    return templates.some((t) => t.definition.starters.orgKinds) ? this.ownOrgKind(principal) : null;
  }

  private async ownOrgKind(principal: Principal): Promise<OrgKind | null> {
    return (await this.orgs.org(principal.orgId))?.kind ?? null;
  }

  private remember(template: StoredTemplate): TemplateVersionRef {
    if (this.remembered.size >= REMEMBER_AT_MOST) {
      this.remembered.clear();
    }
    const ref = { key: template.key, version: template.version, definition: template.definition };
    this.remembered.set(`${ref.key}@${ref.version}`, ref);
    return ref;
  }
}

/**
 * Staff (full seats of the company's own orgs) when `staff`, portal users (people of client and
 * partner orgs) when `portal`; then, when named, one of the roles and the kind of the person's own org.
 */
export function mayStartAs(
  principal: Principal,
  definition: ProcessDefinition,
  orgKind: OrgKind | null,
): boolean {
  const { starters } = definition;
  const asStaff = starters.staff && !principal.external && principal.seat === 'full';
  const asPortal = starters.portal && principal.external;
  if (!asStaff && !asPortal) {
    return false;
  }
  if (starters.roles && !starters.roles.some((role) => principal.roles.includes(role))) {
    return false;
  }
  return !starters.orgKinds || (orgKind !== null && starters.orgKinds.includes(orgKind));
}

function newestPerKey(templates: StoredTemplate[]): StoredTemplate[] {
  const byKey = new Map<string, StoredTemplate>();
  for (const template of templates) {
    const known = byKey.get(template.key);
    if (!known || known.version < template.version) {
      byKey.set(template.key, template);
    }
  }
  return [...byKey.values()];
}

export function summaryOf(template: StoredTemplate): TemplateSummary {
  const { definition } = template;
  return {
    key: template.key,
    version: template.version,
    name: definition.name,
    description: definition.description ?? null,
    category: definition.category,
    startForm: definition.startForm,
  };
}
