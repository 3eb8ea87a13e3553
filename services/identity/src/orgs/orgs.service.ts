import { Inject, Injectable } from '@nestjs/common';
import type {
  DirectoryOrg,
  CreateOrgInput,
  EventEnvelope,
  LocalisedText,
  ListOrgsInput,
  OrgView,
  Page,
  Principal,
  UpdateOrgInput,
} from '@orbita/contracts';
import { IdentityEvents, Permission } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import {
  AppError,
  CLOCK,
  EventFactory,
  ID_GENERATOR,
  requirePermission,
  scopeOf,
  toPage,
} from '@orbita/platform';
import { UserRepository } from '../users/user.repository';
import { OrgRepository } from './org.repository';
import type { OrgDocument } from './org.schema';

const ONLY_EXTERNAL_ORGS_HAVE_MANAGERS: LocalisedText = {
  en: 'managerId: only client and partner orgs have a personal manager',
  ru: 'managerId: персональный менеджер бывает только у организаций клиентов и партнёров',
};

@Injectable()
export class OrgsService {
  constructor(
    private readonly orgs: OrgRepository,
    private readonly users: UserRepository,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /**
   * Departments, regions and branches go under internal units; clients and partners directly under
   * the company, each with a personal manager (a staff user); an external org may have sites of
   * its own ('branch' under it), which are external too. A branch of an internal unit may be a
   * portal branch (`portal`): external, its people on portal seats (a chain's restaurants).
   */
  async create(principal: Principal, input: CreateOrgInput): Promise<OrgView> {
    const parent = await this.visible(principal, input.parentId);
    requirePermission(principal, Permission.OrgManage, parent.path);
    const companyId = companyOf(principal);
    const externalKind = input.kind === 'client' || input.kind === 'partner';
    let external: boolean;
    if (parent.external) {
      if (input.kind !== 'branch') {
        throw AppError.validation({
          en: 'kind: under a client or partner org only sites (kind "branch") can be created',
          ru: 'kind: внутри организации клиента или партнёра можно создавать только площадки (вид "branch")',
        });
      }
      external = true;
    } else if (externalKind) {
      if (parent.kind !== 'company') {
        throw AppError.validation({
          en: 'parentId: clients and partners are created directly under the company',
          ru: 'parentId: клиенты и партнёры создаются непосредственно в компании',
        });
      }
      external = true;
    } else if (input.portal) {
      if (input.kind !== 'branch') {
        throw AppError.validation({
          en: 'portal: only a branch can be a portal branch',
          ru: 'portal: портальным может быть только филиал (вид "branch")',
        });
      }
      external = true;
    } else {
      external = false;
    }
    let managerId: string | null = null;
    if (externalKind) {
      if (!input.managerId) {
        throw AppError.validation({
          en: 'managerId: a client or partner org needs a personal manager (a staff user)',
          ru: 'managerId: организации клиента или партнёра нужен персональный менеджер (сотрудник компании)',
        });
      }
      managerId = await this.staffUser(companyId, input.managerId, 'managerId');
    } else if (input.managerId) {
      throw AppError.validation(ONLY_EXTERNAL_ORGS_HAVE_MANAGERS);
    }
    const now = this.clock.now();
    const id = this.ids.newId();
    const org: OrgDocument = {
      _id: id,
      name: input.name,
      kind: input.kind,
      parentId: parent._id,
      path: [...parent.path, id],
      external,
      managerId,
      headId: null,
      createdAt: now,
      updatedAt: now,
    };
    const created = this.events.create(IdentityEvents.orgCreated, {
      orgId: id,
      subject: { type: 'org', id },
      data: { orgId: id, name: org.name, kind: org.kind, parentId: parent._id, external },
    });
    const events = managerId ? [created, this.managerChanged(id, managerId, null)] : [created];
    await this.orgs.add(org, events);
    return toOrgView(org);
  }

  /** Orgs as other services need them; no caller: only the services the contract names may ask. */
  async directory(ids: string[]): Promise<{ orgs: DirectoryOrg[] }> {
    const orgs = await this.orgs.forDirectory([...new Set(ids)]);
    return {
      orgs: orgs.map((org) => ({
        id: org._id,
        name: org.name,
        kind: org.kind,
        path: org.path,
        external: org.external,
        managerId: org.managerId,
        headId: org.headId,
        legal: org.legal ?? null,
      })),
    };
  }

  async get(principal: Principal, orgId: string): Promise<OrgView> {
    return toOrgView(await this.visible(principal, orgId));
  }

  async update(principal: Principal, orgId: string, changes: UpdateOrgInput): Promise<OrgView> {
    const org = await this.visible(principal, orgId);
    requirePermission(principal, Permission.OrgManage, org.path);
    const companyId = companyOf(principal);
    const set: Partial<Pick<OrgDocument, 'name' | 'managerId' | 'headId' | 'legal'>> = {};
    if (changes.legal !== undefined) {
      set.legal = changes.legal;
    }
    if (changes.name !== undefined) {
      set.name = changes.name;
    }
    if (changes.managerId !== undefined) {
      if (org.kind !== 'client' && org.kind !== 'partner') {
        throw AppError.validation(ONLY_EXTERNAL_ORGS_HAVE_MANAGERS);
      }
      if (changes.managerId === null) {
        throw AppError.validation({
          en: 'managerId: a client or partner org needs a personal manager',
          ru: 'managerId: организации клиента или партнёра нужен персональный менеджер',
        });
      }
      set.managerId = await this.staffUser(companyId, changes.managerId, 'managerId');
    }
    if (changes.headId !== undefined) {
      if (changes.headId !== null) {
        const head = await this.users.findInCompany(companyId, changes.headId);
        if (!head || head.orgId !== org._id || head.status !== 'active') {
          throw AppError.validation({
            en: 'headId: the head must be an active member of this org',
            ru: 'headId: руководителем может быть только активный сотрудник этой организации',
          });
        }
      }
      set.headId = changes.headId;
    }
    const fields = Object.keys(set);
    if (fields.length === 0) {
      return toOrgView(org);
    }
    const updated = this.events.create(IdentityEvents.orgUpdated, {
      orgId: org._id,
      subject: { type: 'org', id: org._id },
      data: { orgId: org._id, fields },
    });
    const events: EventEnvelope[] = [updated];
    if (set.managerId !== undefined && set.managerId !== org.managerId) {
      events.push(this.managerChanged(org._id, set.managerId, org.managerId));
    }
    const saved = await this.orgs.update(companyId, org._id, set, this.clock.now(), events);
    if (!saved) {
      throw AppError.notFound('org');
    }
    return toOrgView(saved);
  }

  async list(principal: Principal, input: ListOrgsInput): Promise<Page<OrgView>> {
    const docs = await this.orgs.listVisible(
      scopeOf(principal, Permission.OrgRead),
      { parentId: input.parentId },
      input,
    );
    return toPage(docs, input.limit, toOrgView);
  }

  /**
   * A personal manager holds grants at the org they manage, so both the new and the previous one's
   * access changes; the event goes with the org's write and identity raises theirs from it.
   */
  private managerChanged(
    orgId: string,
    managerId: string | null,
    previousManagerId: string | null,
  ): EventEnvelope {
    return this.events.create(IdentityEvents.orgManagerChanged, {
      orgId,
      subject: { type: 'org', id: orgId },
      data: { orgId, managerId, previousManagerId },
    });
  }

  private async visible(principal: Principal, orgId: string): Promise<OrgDocument> {
    const org = await this.orgs.findVisible(scopeOf(principal, Permission.OrgRead), orgId);
    if (!org) {
      throw AppError.notFound('org');
    }
    return org;
  }

  private async staffUser(companyId: string, userId: string, field: string): Promise<string> {
    const user = await this.users.findInCompany(companyId, userId);
    if (!user || user.external || user.status !== 'active') {
      throw AppError.validation({
        en: `${field}: must be an active staff user of the company`,
        ru: `${field}: должен быть активным сотрудником компании`,
      });
    }
    return user._id;
  }
}

/** The company (root org) of the principal: every org path starts with it. */
export function companyOf(principal: Principal): string {
  return principal.orgPath[0] ?? principal.orgId;
}

export function toOrgView(org: OrgDocument): OrgView {
  return {
    id: org._id,
    name: org.name,
    kind: org.kind,
    parentId: org.parentId,
    path: org.path,
    external: org.external,
    managerId: org.managerId,
    headId: org.headId,
    legal: org.legal ?? null,
    createdAt: org.createdAt.toISOString(),
  };
}
