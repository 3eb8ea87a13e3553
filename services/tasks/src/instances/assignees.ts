import { Injectable } from '@nestjs/common';
import type { AssigneeRule, OrgRef } from '@orbita/contracts';
import { DirectoryService } from '../directory/directory.service';
import { PeopleDirectory } from '../directory/people';
import { valueAt } from './expressions';
import type { InstanceDocument } from './instance.schema';

/** Who a rule names: people who each get a work item, or a group that shares one to claim. */
export interface Resolved {
  assigneeIds: string[];
  candidateIds: string[];
  /** Whether every person named is external (the step then waits on the external org). */
  external: boolean;
}

const NOBODY: Resolved = { assigneeIds: [], candidateIds: [], external: false };

/** The admin role of the installation (identity's built-in role): failed steps go to its holders. */
const ADMIN_ROLE = 'admin';

/**
 * The engine's assignee rules (process-template.ts, AssigneeRuleSchema) resolved against
 * identity's people at the moment a step starts. Only active people are ever named.
 */
@Injectable()
export class AssigneeResolver {
  constructor(
    private readonly people: PeopleDirectory,
    private readonly directory: DirectoryService,
  ) {}

  /** Everyone the rules name, as individual assignees (approvals, acknowledgements, notifications). */
  async individuals(rules: AssigneeRule[], instance: InstanceDocument): Promise<Resolved> {
    const parts = await Promise.all(rules.map((rule) => this.resolve(rule, instance)));
    const ids = new Set<string>();
    let external = parts.length > 0;
    for (const part of parts) {
      for (const id of [...part.assigneeIds, ...part.candidateIds]) {
        ids.add(id);
      }
      external &&= part.external || part.assigneeIds.length + part.candidateIds.length === 0;
    }
    return { assigneeIds: [...ids], candidateIds: [], external: external && ids.size > 0 };
  }

  /** One rule: a person, a group to claim (role, the client's contacts) or each member of a unit. */
  async resolve(rule: AssigneeRule, instance: InstanceDocument): Promise<Resolved> {
    switch (rule.rule) {
      case 'user':
        return this.person(rule.userId);
      case 'requester':
        return this.person(instance.requester.userId);
      case 'formField': {
        const value = valueAt(instance.form, rule.field);
        return typeof value === 'string' ? this.person(value) : NOBODY;
      }
      case 'personalManager': {
        const org = instance.clientOrgId ? await this.people.org(instance.clientOrgId) : null;
        return org?.managerId ? this.person(org.managerId) : NOBODY;
      }
      case 'requesterSupervisor': {
        const supervisor = await this.people.supervisorOf({
          id: instance.requester.userId,
          orgPath: instance.requester.orgPath,
        });
        return supervisor ? this.person(supervisor) : NOBODY;
      }
      case 'clientContacts': {
        if (!instance.clientOrgId) {
          return NOBODY;
        }
        return this.group(await this.people.members({ orgId: instance.clientOrgId, subtree: true }));
      }
      case 'role': {
        const orgId = this.orgOf(rule.org, instance);
        if (!orgId) {
          return NOBODY;
        }
        return this.group(
          await this.people.members({ orgId, subtree: true, roleId: rule.roleId, inherited: rule.inherited }),
        );
      }
      case 'members': {
        const orgId = this.orgOf(rule.org, instance);
        if (!orgId) {
          return NOBODY;
        }
        const members = await this.people.members({
          orgId,
          subtree: rule.subtree,
          roleId: rule.roleId,
          orgKinds: rule.orgKinds,
        });
        return {
          assigneeIds: members.map((m) => m.id),
          candidateIds: [],
          external: members.length > 0 && members.every((m) => m.external),
        };
      }
    }
  }

  /** The admins of the company the instance belongs to: they get what the engine could not place. */
  async admins(instance: InstanceDocument): Promise<string[]> {
    const company = instance.requester.orgPath[0] ?? instance.requester.orgId;
    const admins = await this.people.members({ orgId: company, subtree: true, roleId: ADMIN_ROLE });
    return admins.map((a) => a.id);
  }

  /** An org and its path (for a record or document it is to own). */
  async orgPathOf(orgId: string): Promise<{ orgId: string; orgPath: string[] } | null> {
    const org = await this.people.org(orgId);
    return org ? { orgId: org.id, orgPath: org.path } : null;
  }

  orgOf(ref: OrgRef, instance: InstanceDocument): string | null {
    if (typeof ref === 'object') {
      return ref.orgId;
    }
    switch (ref) {
      case 'requester':
        return instance.requester.orgId;
      case 'client':
        return instance.clientOrgId;
      case 'company':
        return instance.requester.orgPath[0] ?? instance.requester.orgId;
    }
  }

  private async person(userId: string): Promise<Resolved> {
    const user = await this.directory.user(userId);
    if (!user || user.status !== 'active') {
      return NOBODY;
    }
    return { assigneeIds: [user._id], candidateIds: [], external: user.external };
  }

  private group(members: { id: string; external: boolean }[]): Resolved {
    if (members.length === 0) {
      return NOBODY;
    }
    return {
      assigneeIds: [],
      candidateIds: members.map((m) => m.id),
      external: members.every((m) => m.external),
    };
  }
}
