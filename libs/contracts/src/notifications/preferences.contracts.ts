import { z } from 'zod';
import { IdSchema } from '../common';
import { schemaMessage } from '../errors/localised-text';
import { defineRequest } from '../messaging/request-contract';
import { NotificationKindSchema } from './notifications.contracts';

/** Whether a kind of notification reaches a person in the app and by e-mail (ADR 017). */
export const ChannelChoiceSchema = z
  .object({ inApp: z.boolean().optional(), email: z.boolean().optional() })
  .strict();
export type ChannelChoice = z.infer<typeof ChannelChoiceSchema>;

const TimeOfDaySchema = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d$/,
    schemaMessage({ en: 'must be a time of day as HH:MM', ru: 'должно быть временем суток в виде ЧЧ:ММ' }),
  );

/** Hours in the person's time zone when no e-mail goes out (they wait until `end`); in-app is never held. */
export const QuietHoursSchema = z.object({ start: TimeOfDaySchema, end: TimeOfDaySchema }).strict();
export type QuietHours = z.infer<typeof QuietHoursSchema>;

export const PreferenceSettingsSchema = z
  .object({
    /** Per kind; a kind left out follows the role defaults, then "on". */
    kinds: z.partialRecord(NotificationKindSchema, ChannelChoiceSchema).default({}),
    /** Null: none (or the role defaults'). */
    quietHours: QuietHoursSchema.nullable().optional(),
    /** The daily e-mail of what is still unread. */
    digest: z.boolean().optional(),
  })
  .strict();
export type PreferenceSettings = z.infer<typeof PreferenceSettingsSchema>;

/** What applies to the caller: each kind's channels, quiet hours and the digest, defaults resolved. */
export const EffectivePreferencesSchema = z.object({
  kinds: z.record(z.string(), z.object({ inApp: z.boolean(), email: z.boolean() })),
  quietHours: QuietHoursSchema.nullable(),
  digest: z.boolean(),
  /** The caller's own settings, as they set them. */
  own: PreferenceSettingsSchema,
});
export type EffectivePreferences = z.infer<typeof EffectivePreferencesSchema>;

export const SetRoleDefaultsInputSchema = z.object({ roleId: IdSchema, defaults: PreferenceSettingsSchema });
export type SetRoleDefaultsInput = z.infer<typeof SetRoleDefaultsInputSchema>;
export const RoleDefaultsViewSchema = z.object({ roleId: z.string(), defaults: PreferenceSettingsSchema });
export type RoleDefaultsView = z.infer<typeof RoleDefaultsViewSchema>;

export const NotificationPreferenceRequests = {
  /** The caller's own preferences. */
  get: defineRequest('notifications.preferences.get', z.object({}), EffectivePreferencesSchema),
  /** Replaces the caller's own settings. */
  set: defineRequest('notifications.preferences.set', PreferenceSettingsSchema, EffectivePreferencesSchema),
  /** What holders of a role get unless they choose otherwise (role.manage at the installation's root). */
  setRoleDefaults: defineRequest(
    'notifications.preferences.set-role-defaults',
    SetRoleDefaultsInputSchema,
    RoleDefaultsViewSchema,
  ),
};
