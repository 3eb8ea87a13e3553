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
import { CLOCK, TtlCache, requirePermission, systemScope } from '@orbita/platform';
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

/**
 * How long this instance uses settings it read without reading them again: a change made through
 * another instance applies here at most this late (this instance's own changes at once).
 */
const PREFERENCES_CACHE_MS = 30_000;
const PREFERENCES_CACHE_SIZE = 20_000;

@Injectable()
export class PreferencesService {
  /** Settings by person or role id; null: none stored. */
  private readonly recentOwn: TtlCache<PreferenceSettings | null>;
  private readonly recentRoles: TtlCache<PreferenceSettings | null>;

  constructor(
    private readonly users: UserPreferenceRepository,
    private readonly roles: RoleDefaultsRepository,
    private readonly people: PeopleDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.recentOwn = new TtlCache(clock, PREFERENCES_CACHE_MS, PREFERENCES_CACHE_SIZE);
    this.recentRoles = new TtlCache(clock, PREFERENCES_CACHE_MS, PREFERENCES_CACHE_SIZE);
  }

  /** Each person's preferences, in two look-ups at most whatever their number (none for recent ones). */
  async forPeople(people: readonly Person[]): Promise<Map<string, ResolvedPreferences>> {
    const roleIds = [...new Set(people.flatMap((p) => p.roleIds))].sort();
    const [ownOf, defaultsOf] = await Promise.all([
      settingsOf(
        people.map((p) => p.id),
        this.recentOwn,
        (ids) => this.users.byIds(PREFERENCES, ids),
      ),
      settingsOf(roleIds, this.recentRoles, (ids) => this.roles.byIds(PREFERENCES, ids)),
    ]);
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
    this.recentOwn.forget(principal.userId);
    return this.mine(principal);
  }

  /** Role defaults concern every holder in every org: those who manage roles at the root set them. */
  async setRoleDefaults(principal: Principal, input: SetRoleDefaultsInput): Promise<RoleDefaultsView> {
    requirePermission(principal, Permission.RoleManage, [principal.orgPath[0] ?? principal.orgId]);
    await this.roles.put(PREFERENCES, input.roleId, input.defaults, principal.userId, this.clock.now());
    this.recentRoles.forget(input.roleId);
    return { roleId: input.roleId, defaults: input.defaults };
  }
}

/** The stored settings of `ids` (null: none), the recent ones from `recent`, the rest read and kept there. */
async function settingsOf(
  ids: readonly string[],
  recent: TtlCache<PreferenceSettings | null>,
  read: (ids: string[]) => Promise<{ _id: string; settings: PreferenceSettings }[]>,
): Promise<Map<string, PreferenceSettings | null>> {
  const found = new Map<string, PreferenceSettings | null>();
  const unread: string[] = [];
  for (const id of new Set(ids)) {
    const known = recent.get(id);
    if (known === undefined) {
      unread.push(id);
    } else {
      found.set(id, known);
    }
  }
  if (unread.length > 0) {
    const stored = new Map((await read(unread)).map((doc) => [doc._id, doc.settings]));
    for (const id of unread) {
      const settings = stored.get(id) ?? null;
      recent.set(id, settings);
      found.set(id, settings);
    }
  }
  return found;
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
