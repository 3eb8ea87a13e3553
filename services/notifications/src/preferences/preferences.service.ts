import { Inject, Injectable } from '@nestjs/common';
import type {
  EffectivePreferences,
  NotificationKind,
  PreferenceSettings,
  Principal,
  QuietHours,
  RoleDefaultsView,
  SetRoleDefaultsInput,
} from '@orbita/contracts';
import { NotificationKind as Kinds, Permission } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { CLOCK, requirePermission, systemScope } from '@orbita/platform';
import type { Person } from '../people/people-directory';
import { PeopleDirectory } from '../people/people-directory';
import { RoleDefaultsRepository, UserPreferenceRepository } from './preference.repository';

const PREFERENCES = systemScope('notification preferences, read for the channels or by their owner');

/** What applies to one person, their own settings over their roles' defaults over "everything on". */
export class ResolvedPreferences {
  constructor(
    private readonly own: PreferenceSettings | null,
    /** The defaults of the roles the person holds, in role id order. */
    private readonly roles: readonly PreferenceSettings[],
  ) {}

  /**
   * A kind's channel: the person's own choice; else on when any of their roles' defaults that set
   * it says on (off only when every one of them says off); else on.
   */
  wants(kind: NotificationKind, channel: 'inApp' | 'email'): boolean {
    const own = this.own?.kinds[kind]?.[channel];
    if (own !== undefined) {
      return own;
    }
    const set = this.roles.map((role) => role.kinds[kind]?.[channel]).filter((v) => v !== undefined);
    return set.length === 0 || set.includes(true);
  }

  /** The person's own quiet hours (null: none); else the first role's that sets some. */
  get quietHours(): QuietHours | null {
    if (this.own?.quietHours !== undefined) {
      return this.own.quietHours;
    }
    return this.roles.find((role) => role.quietHours !== undefined)?.quietHours ?? null;
  }

  /** The daily digest: the person's choice; else on when a role's defaults turn it on; else off. */
  get digest(): boolean {
    return this.own?.digest ?? this.roles.some((role) => role.digest === true);
  }

  get ownSettings(): PreferenceSettings {
    return this.own ?? { kinds: {} };
  }
}

const EVERYTHING_ON = new ResolvedPreferences(null, []);

@Injectable()
export class PreferencesService {
  constructor(
    private readonly users: UserPreferenceRepository,
    private readonly roles: RoleDefaultsRepository,
    private readonly people: PeopleDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Each person's preferences, in two look-ups whatever their number. */
  async forPeople(people: readonly Person[]): Promise<Map<string, ResolvedPreferences>> {
    const roleIds = [...new Set(people.flatMap((p) => p.roleIds))].sort();
    const [own, defaults] = await Promise.all([
      this.users.byIds(
        PREFERENCES,
        people.map((p) => p.id),
      ),
      this.roles.byIds(PREFERENCES, roleIds),
    ]);
    const ownOf = new Map(own.map((doc) => [doc._id, doc.settings]));
    const defaultsOf = new Map(defaults.map((doc) => [doc._id, doc.settings]));
    return new Map(
      people.map((person) => [
        person.id,
        new ResolvedPreferences(
          ownOf.get(person.id) ?? null,
          [...new Set(person.roleIds)].sort().flatMap((id) => {
            const settings = defaultsOf.get(id);
            return settings ? [settings] : [];
          }),
        ),
      ]),
    );
  }

  async mine(principal: Principal): Promise<EffectivePreferences> {
    const person = await this.people.get(principal.userId);
    const resolved = person ? (await this.forPeople([person])).get(person.id) : undefined;
    return effective(resolved ?? EVERYTHING_ON);
  }

  async setMine(principal: Principal, settings: PreferenceSettings): Promise<EffectivePreferences> {
    await this.users.put(PREFERENCES, principal.userId, settings, principal.userId, this.clock.now());
    return this.mine(principal);
  }

  /** Role defaults concern every holder in every org: those who manage roles at the root set them. */
  async setRoleDefaults(principal: Principal, input: SetRoleDefaultsInput): Promise<RoleDefaultsView> {
    requirePermission(principal, Permission.RoleManage, [principal.orgPath[0] ?? principal.orgId]);
    await this.roles.put(PREFERENCES, input.roleId, input.defaults, principal.userId, this.clock.now());
    return { roleId: input.roleId, defaults: input.defaults };
  }
}

function effective(resolved: ResolvedPreferences): EffectivePreferences {
  return {
    kinds: Object.fromEntries(
      Object.values(Kinds).map((kind) => [
        kind,
        { inApp: resolved.wants(kind, 'inApp'), email: resolved.wants(kind, 'email') },
      ]),
    ),
    quietHours: resolved.quietHours,
    digest: resolved.digest,
    own: resolved.ownSettings,
  };
}
