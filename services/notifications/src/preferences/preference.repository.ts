import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { ChannelChoice, PreferenceSettings } from '@orbita/contracts';
import type { SystemScope } from '@orbita/platform';
import { MONGO_CONNECTION, Repository } from '@orbita/platform';
import type { PreferenceDocument } from './preference.schema';
import { RoleDefaultsSchema, UserPreferenceSchema } from './preference.schema';

/** Read and written only through the preferences service, which checks who may: the service's scope. */
const NOBODY = { visibleTo: () => ({ _id: { $in: [] } }) };

/**
 * Kinds are dotted (`step.assigned`), which FerretDB refuses as keys: they are stored as a list of
 * `{ kind, inApp?, email? }` and turned back into a record when read.
 */
type StoredSettings = Omit<PreferenceSettings, 'kinds'> & { kinds: ({ kind: string } & ChannelChoice)[] };

function toStored(settings: PreferenceSettings): StoredSettings {
  return {
    ...settings,
    kinds: Object.entries(settings.kinds).map(([kind, choice]) => ({ kind, ...choice })),
  };
}

function fromStored(stored: StoredSettings): PreferenceSettings {
  return {
    ...stored,
    kinds: Object.fromEntries(stored.kinds.map(({ kind, ...choice }) => [kind, choice])),
  };
}

class Settings extends Repository<PreferenceDocument> {
  async byIds(scope: SystemScope, ids: readonly string[]): Promise<PreferenceDocument[]> {
    if (ids.length === 0) {
      return [];
    }
    const docs = await this.findByIds(scope, ids);
    return docs.map((doc) => ({ ...doc, settings: fromStored(doc.settings as unknown as StoredSettings) }));
  }

  async put(
    scope: SystemScope,
    id: string,
    settings: PreferenceSettings,
    by: string,
    at: Date,
  ): Promise<void> {
    await this.upsert(
      scope,
      { _id: id },
      { $set: { settings: toStored(settings), updatedAt: at, updatedBy: by } },
    );
  }
}

@Injectable()
export class UserPreferenceRepository extends Settings {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'UserPreference', UserPreferenceSchema, NOBODY);
  }
}

@Injectable()
export class RoleDefaultsRepository extends Settings {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'RoleDefaults', RoleDefaultsSchema, NOBODY);
  }
}
