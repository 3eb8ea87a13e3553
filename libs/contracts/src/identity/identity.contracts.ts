import { z } from 'zod';
import { GrantSchema, PermissionSchema } from '../access/permissions';
import { EmailSchema, IdSchema, TimeZoneSchema, textSchema } from '../common';
import { schemaMessage } from '../errors/localised-text';
import { PageQuerySchema, pageSchema } from '../messaging/pagination';
import { SeatTypeSchema } from '../messaging/principal';
import { defineRequest } from '../messaging/request-contract';
import { SERVICE_NAMES } from '../messaging/services';

/** Issuer and audience of access tokens; the gateway and services verify both. */
export const ACCESS_TOKEN_ISSUER = 'orbita-identity';
export const ACCESS_TOKEN_AUDIENCE = 'orbita';
export const ACCESS_TOKEN_ALGORITHM = 'ES256';

/** ASVS 5.0 V6.2: at least 8 characters; long passphrases (up to 128) are welcome. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const NewPasswordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);

/** A token from an e-mail link (invitation, password reset): opaque, url-safe. */
export const LinkTokenSchema = z
  .string()
  .min(20)
  .max(200)
  .regex(
    /^[A-Za-z0-9_.-]+$/,
    schemaMessage({ en: 'is not a valid token', ru: 'не является корректным токеном' }),
  );

const ClientIpSchema = z.string().max(64);

// ---------------------------------------------------------------------------------------------
// Views

export const OrgKindSchema = z.enum(['company', 'department', 'region', 'branch', 'client', 'partner']);
export type OrgKind = z.infer<typeof OrgKindSchema>;

const digits = (count: readonly number[], what: { en: string; ru: string }) =>
  z
    .string()
    .trim()
    .refine((value) => /^\d+$/.test(value) && count.includes(value.length), schemaMessage(what));

const SignatorySchema = z
  .object({
    /** "Генеральный директор". */
    position: textSchema(120).pipe(z.string().min(1)),
    /** "Фамилия Имя Отчество". */
    name: textSchema(120).pipe(z.string().min(1)),
  })
  .strict();

/**
 * An organisation's legal details, printed on the documents it issues or receives (invoices,
 * acts, invoice-factures): Russian requisites, each optional, each checked for its form.
 */
export const LegalDetailsSchema = z
  .object({
    /** Full legal name: «Общество с ограниченной ответственностью "ЭкоТранс"». */
    fullName: textSchema(300).pipe(z.string().min(1)).optional(),
    inn: digits([10, 12], {
      en: 'an INN has 10 or 12 digits',
      ru: 'ИНН состоит из 10 или 12 цифр',
    }).optional(),
    kpp: digits([9], { en: 'a KPP has 9 digits', ru: 'КПП состоит из 9 цифр' }).optional(),
    ogrn: digits([13, 15], {
      en: 'an OGRN has 13 or 15 digits',
      ru: 'ОГРН состоит из 13 или 15 цифр',
    }).optional(),
    address: textSchema(400).pipe(z.string().min(1)).optional(),
    phone: textSchema(60).optional(),
    email: z.email().max(254).optional(),
    bank: z
      .object({
        name: textSchema(200).pipe(z.string().min(1)),
        bik: digits([9], { en: 'a BIK has 9 digits', ru: 'БИК состоит из 9 цифр' }),
        account: digits([20], {
          en: 'an account number has 20 digits',
          ru: 'номер счёта состоит из 20 цифр',
        }),
        correspondentAccount: digits([20], {
          en: 'an account number has 20 digits',
          ru: 'номер счёта состоит из 20 цифр',
        }).optional(),
      })
      .strict()
      .optional(),
    head: SignatorySchema.optional(),
    accountant: SignatorySchema.optional(),
  })
  .strict();
export type LegalDetails = z.infer<typeof LegalDetailsSchema>;

export const OrgViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: OrgKindSchema,
  parentId: z.string().nullable(),
  /** Org ids from the company down to this org. */
  path: z.array(z.string()),
  /** Client and partner orgs and their sub-orgs: their people are portal users. */
  external: z.boolean(),
  /** The staff user who is the personal manager of an external org. */
  managerId: z.string().nullable(),
  /** The head of the unit: the supervisor of its people. */
  headId: z.string().nullable(),
  /** Legal details printed on documents (a company, a client, a partner). */
  legal: LegalDetailsSchema.nullable(),
  createdAt: z.string(),
});
export type OrgView = z.infer<typeof OrgViewSchema>;

export const RoleAssignmentViewSchema = z.object({
  roleId: z.string(),
  roleName: z.string(),
  orgId: z.string(),
});

export const UserStatusSchema = z.enum(['active', 'deactivated']);

export const UserViewSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  email: z.string(),
  displayName: z.string(),
  seat: SeatTypeSchema,
  external: z.boolean(),
  active: z.boolean(),
  roles: z.array(RoleAssignmentViewSchema),
  /** The language the product writes to the person in. */
  locale: z.enum(['ru', 'en']),
  /** The person's own IANA time zone; null when they keep the installation's. */
  timeZone: z.string().nullable(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserViewSchema>;

/**
 * The signed-in person (`GET /api/me`): their profile and every permission they hold at some unit
 * (the union of their grants), so the app offers only the pages they may open (the services still
 * decide each call).
 */
export const MeViewSchema = UserViewSchema.extend({ permissions: z.array(PermissionSchema) });
export type MeView = z.infer<typeof MeViewSchema>;

export const RoleViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  permissions: z.array(PermissionSchema),
  builtIn: z.boolean(),
});
export type RoleView = z.infer<typeof RoleViewSchema>;

export const InvitationStatusSchema = z.enum(['pending', 'accepted', 'revoked', 'expired']);

export const InvitationViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  orgId: z.string(),
  seat: SeatTypeSchema,
  roleIds: z.array(z.string()),
  status: InvitationStatusSchema,
  invitedBy: z.string(),
  expiresAt: z.string(),
  createdAt: z.string(),
});
export type InvitationView = z.infer<typeof InvitationViewSchema>;

export const SeatPoolUsageSchema = z.object({
  type: SeatTypeSchema,
  size: z.number().int().nonnegative(),
  used: z.number().int().nonnegative(),
  available: z.number().int(),
});

export const LicenceUsageSchema = z.object({
  licenceId: z.string(),
  licensee: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  expired: z.boolean(),
  /** Days until expiry (negative once expired). */
  expiresInDays: z.number().int(),
  pools: z.array(SeatPoolUsageSchema),
  /** Human warnings for admins: expiry ahead, pools nearly full or over. */
  warnings: z.array(z.string()),
});
export type LicenceUsage = z.infer<typeof LicenceUsageSchema>;

export const JwkSchema = z.object({
  kty: z.string(),
  kid: z.string(),
  alg: z.string(),
  use: z.string(),
  crv: z.string().optional(),
  x: z.string().optional(),
  y: z.string().optional(),
});
export type Jwk = z.infer<typeof JwkSchema>;

export const JwksSchema = z.object({ keys: z.array(JwkSchema) });
export type Jwks = z.infer<typeof JwksSchema>;

// ---------------------------------------------------------------------------------------------
// Authentication

export const LoginInputSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1).max(1024),
});
export type LoginInput = z.infer<typeof LoginInputSchema>;
/** What the gateway sends: the body plus the caller's address, for throttling and the audit trail. */
export const LoginRequestSchema = LoginInputSchema.extend({ clientIp: ClientIpSchema });
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const TokenPairSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  /** Single use: each refresh answers a new one; using an old one again ends the session. */
  refreshToken: z.string(),
  refreshExpiresIn: z.number().int().positive(),
});
export type TokenPair = z.infer<typeof TokenPairSchema>;

export const RefreshInputSchema = z.object({ refreshToken: z.string().min(1).max(300) });
export type RefreshInput = z.infer<typeof RefreshInputSchema>;

export const ChangePasswordInputSchema = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: NewPasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordInputSchema>;
export const ChangePasswordRequestSchema = ChangePasswordInputSchema.extend({ clientIp: ClientIpSchema });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;

export const RequestPasswordResetInputSchema = z.object({
  email: EmailSchema,
  locale: z.enum(['ru', 'en']).optional(),
});
export const RequestPasswordResetRequestSchema = RequestPasswordResetInputSchema.extend({
  clientIp: ClientIpSchema,
});
export type RequestPasswordResetRequest = z.infer<typeof RequestPasswordResetRequestSchema>;

export const ResetPasswordInputSchema = z.object({ token: LinkTokenSchema, newPassword: NewPasswordSchema });
export type ResetPasswordInput = z.infer<typeof ResetPasswordInputSchema>;

export const AcceptedSchema = z.object({ accepted: z.literal(true) });
export type Accepted = z.infer<typeof AcceptedSchema>;

/** The claims of an access token; `principalFromClaims` in the platform turns them into a Principal. */
export const AccessTokenClaimsSchema = z.object({
  sub: z.string().min(1),
  org: z.string().min(1),
  orgPath: z.array(z.string().min(1)).min(1),
  roles: z.array(z.string()),
  grants: z.array(GrantSchema),
  seat: SeatTypeSchema,
  ext: z.boolean(),
  sid: z.string().min(1),
  iat: z.number().int(),
  /**
   * Grants version: the user's access version these grants were computed from. Whenever what the
   * user may do changes, identity raises the version and publishes `identity.user.access-changed`;
   * gateways refuse tokens of an older version (a token without it counts as version 0).
   */
  gv: z.number().int().min(0).optional(),
});
export type AccessTokenClaims = z.infer<typeof AccessTokenClaimsSchema>;

// ---------------------------------------------------------------------------------------------
// Invitations

export const CreateInvitationInputSchema = z.object({
  email: EmailSchema,
  displayName: textSchema(120).pipe(z.string().min(1)),
  orgId: IdSchema,
  /** Roles to assign at the org on acceptance. */
  roleIds: z.array(IdSchema).max(20).default([]),
  /** Language of the invitation e-mail. */
  locale: z.enum(['ru', 'en']).default('ru'),
});
export type CreateInvitationInput = z.infer<typeof CreateInvitationInputSchema>;

export const CreatedInvitationSchema = z.object({
  invitation: InvitationViewSchema,
  /** The link that was e-mailed, also handed to the inviting admin (e.g. to send by other means). */
  link: z.string(),
});
export type CreatedInvitation = z.infer<typeof CreatedInvitationSchema>;

export const InvitationPreviewSchema = z.object({
  email: z.string(),
  displayName: z.string(),
  orgName: z.string(),
  expiresAt: z.string(),
});
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;

export const AcceptInvitationInputSchema = z.object({ token: LinkTokenSchema, password: NewPasswordSchema });
export type AcceptInvitationInput = z.infer<typeof AcceptInvitationInputSchema>;
export const AcceptInvitationRequestSchema = AcceptInvitationInputSchema.extend({ clientIp: ClientIpSchema });
export type AcceptInvitationRequest = z.infer<typeof AcceptInvitationRequestSchema>;

export const ListInvitationsInputSchema = PageQuerySchema.extend({
  orgId: IdSchema.optional(),
  status: InvitationStatusSchema.optional(),
});
export type ListInvitationsInput = z.infer<typeof ListInvitationsInputSchema>;
export const InvitationPageSchema = pageSchema(InvitationViewSchema);

// ---------------------------------------------------------------------------------------------
// Users, orgs, roles

export const ListUsersInputSchema = PageQuerySchema.extend({
  /** People of this org subtree; default: everyone the caller may see. */
  orgId: IdSchema.optional(),
  includeDeactivated: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')])
    .default(false),
});
export type ListUsersInput = z.infer<typeof ListUsersInputSchema>;
export const UserPageSchema = pageSchema(UserViewSchema);

/** Only what a user may change about a profile. Roles, seat and org have their own, guarded endpoints. */
export const UpdateUserInputSchema = z
  .object({
    displayName: textSchema(120).pipe(z.string().min(1)).optional(),
    /** The language the product writes to the person in (e-mails, the web app's default). */
    locale: z.enum(['ru', 'en']).optional(),
    /** The person's IANA time zone (quiet hours, the daily digest); null: the installation's. */
    timeZone: TimeZoneSchema.nullable().optional(),
  })
  .strict()
  .refine(
    (changes) => Object.keys(changes).length > 0,
    schemaMessage({
      en: 'names no field to change (displayName, locale, timeZone)',
      ru: 'не называет ни одного изменяемого поля («displayName», «locale», «timeZone»)',
    }),
  );
export type UpdateUserInput = z.infer<typeof UpdateUserInputSchema>;

export const RoleAssignmentInputSchema = z.object({ roleId: IdSchema, orgId: IdSchema }).strict();
export type RoleAssignmentInput = z.infer<typeof RoleAssignmentInputSchema>;

export const SupervisorSchema = z.object({ supervisor: UserViewSchema.nullable() });
export type Supervisor = z.infer<typeof SupervisorSchema>;

export const CreateOrgInputSchema = z
  .object({
    name: textSchema(200).pipe(z.string().min(1)),
    kind: OrgKindSchema.exclude(['company']),
    parentId: IdSchema,
    /** Required for client and partner orgs directly under the company. */
    managerId: IdSchema.optional(),
    /**
     * A branch whose people work on the portal (a franchised restaurant, a remote site): external,
     * so its people take portal seats and see only their own branch. Only for kind "branch".
     */
    portal: z.boolean().optional(),
  })
  .strict();
export type CreateOrgInput = z.infer<typeof CreateOrgInputSchema>;

export const UpdateOrgInputSchema = z
  .object({
    name: textSchema(200).pipe(z.string().min(1)).optional(),
    managerId: IdSchema.nullable().optional(),
    headId: IdSchema.nullable().optional(),
    /** Replaces the legal details as a whole (null clears them). */
    legal: LegalDetailsSchema.nullable().optional(),
  })
  .strict();
export type UpdateOrgInput = z.infer<typeof UpdateOrgInputSchema>;

export const ListOrgsInputSchema = PageQuerySchema.extend({ parentId: IdSchema.optional() });
export type ListOrgsInput = z.infer<typeof ListOrgsInputSchema>;
export const OrgPageSchema = pageSchema(OrgViewSchema);

export const CreateRoleInputSchema = z
  .object({
    name: textSchema(80)
      .pipe(z.string().min(1))
      .pipe(
        z.string().regex(
          /^[a-z0-9][a-z0-9-]*$/,
          schemaMessage({
            en: 'must be lower-case letters, digits and "-"',
            ru: 'должно состоять из строчных латинских букв, цифр и "-"',
          }),
        ),
      ),
    description: textSchema(500).default(''),
    permissions: z.array(PermissionSchema).min(1).max(50),
  })
  .strict();
export type CreateRoleInput = z.infer<typeof CreateRoleInputSchema>;

export const UpdateRoleInputSchema = z
  .object({
    description: textSchema(500).optional(),
    permissions: z.array(PermissionSchema).min(1).max(50).optional(),
  })
  .strict();
export type UpdateRoleInput = z.infer<typeof UpdateRoleInputSchema>;
export const RoleListSchema = z.object({ items: z.array(RoleViewSchema) });

export const InstallLicenceInputSchema = z.object({ licence: z.string().min(1).max(20_000) }).strict();
export type InstallLicenceInput = z.infer<typeof InstallLicenceInputSchema>;

export const RotatedKeySchema = z.object({
  kid: z.string(),
  /**
   * When the new key starts signing: it is published in the JWKS at once and used only after every
   * verifier has had time to fetch it, so no token of it is ever refused.
   */
  activatesAt: z.string(),
});

/**
 * A person as other services keep them in their own copy (tasks: for assignments), with identity's
 * version of the record so a copy never lets an older state overwrite a newer one.
 */
export const DirectoryUserSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgPath: z.array(z.string()),
  displayName: z.string(),
  status: z.enum(['invited', 'active', 'deactivated']),
  external: z.boolean(),
  seat: SeatTypeSchema,
  roleAssignments: z.array(z.object({ roleId: z.string(), orgId: z.string() })),
  /** Where to write to the person (notifications' e-mail); absent from identities before it was sent. */
  email: z.string().optional(),
  /** The language to write to the person in. */
  locale: z.enum(['ru', 'en']).optional(),
  /** The person's IANA time zone, when one is known (quiet hours, the daily digest). */
  timeZone: z.string().optional(),
  /** Increases with every change of the record (its update time in ms). */
  version: z.number().int().nonnegative(),
});
export type DirectoryUser = z.infer<typeof DirectoryUserSchema>;

export const DirectoryUsersInputSchema = z.object({ ids: z.array(IdSchema).min(1).max(100) });

/** The most people one directory members answer holds. */
/** People in one answer: about 330 bytes each, well within NATS's 1 MB message; page with `afterId`. */
export const DIRECTORY_MEMBERS_MAX = 2_000;

/**
 * Who the people of an org are, for assignee rules of services acting on their own account (the
 * process engine): the active members of the org (or its subtree), optionally only those holding a
 * role there, or whose own org is of given kinds. Answered in `_id` order, at most `limit`.
 */
export const DirectoryMembersInputSchema = z
  .object({
    orgId: IdSchema,
    /** Members of every org under `orgId` too (their org path holds it). */
    subtree: z.boolean().default(true),
    /**
     * Only holders of this role at `orgId` (or, with `subtree`, at an org under it); with
     * `inherited`, also at an org above it (a company-wide role counts in every unit).
     */
    roleId: IdSchema.optional(),
    /** Only people whose own org is of one of these kinds. */
    orgKinds: z.array(OrgKindSchema).min(1).max(OrgKindSchema.options.length).optional(),
    /** With `roleId`: a role held at an ancestor of `orgId` counts as well. */
    inherited: z.boolean().default(false),
    /** The next page: people after this id (the last of the page before). */
    afterId: IdSchema.optional(),
    limit: z.number().int().min(1).max(DIRECTORY_MEMBERS_MAX).default(DIRECTORY_MEMBERS_MAX),
  })
  .strict();
export type DirectoryMembersInput = z.infer<typeof DirectoryMembersInputSchema>;

/**
 * An org as other services need it: its name for documents, its path for access, and who answers
 * for it (assignee rules of the process engine: the personal manager, the head).
 */
export const DirectoryOrgSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: OrgKindSchema,
  path: z.array(z.string()),
  external: z.boolean(),
  /** The staff user who is the personal manager of an external org. */
  managerId: z.string().nullable(),
  /** The head of the unit: the supervisor of its people. */
  headId: z.string().nullable(),
  legal: LegalDetailsSchema.nullable(),
});
export type DirectoryOrg = z.infer<typeof DirectoryOrgSchema>;

const byId = <K extends string>(key: K) => z.object({ [key]: IdSchema } as Record<K, typeof IdSchema>);

export const IdentityRequests = {
  login: defineRequest('identity.auth.login', LoginRequestSchema, TokenPairSchema),
  refresh: defineRequest('identity.auth.refresh', RefreshInputSchema, TokenPairSchema),
  logout: defineRequest('identity.auth.logout', z.object({}), AcceptedSchema),
  changePassword: defineRequest('identity.password.change', ChangePasswordRequestSchema, AcceptedSchema),
  requestPasswordReset: defineRequest(
    'identity.password.reset-request',
    RequestPasswordResetRequestSchema,
    AcceptedSchema,
  ),
  resetPassword: defineRequest('identity.password.reset', ResetPasswordInputSchema, AcceptedSchema),
  // Every service verifies access tokens itself, with these keys.
  jwks: defineRequest('identity.keys.jwks', z.object({}), JwksSchema, { callers: SERVICE_NAMES }),
  rotateKey: defineRequest('identity.keys.rotate', z.object({}), RotatedKeySchema),

  createInvitation: defineRequest(
    'identity.invitation.create',
    CreateInvitationInputSchema,
    CreatedInvitationSchema,
  ),
  previewInvitation: defineRequest(
    'identity.invitation.preview',
    z.object({ token: LinkTokenSchema }),
    InvitationPreviewSchema,
  ),
  acceptInvitation: defineRequest(
    'identity.invitation.accept',
    AcceptInvitationRequestSchema,
    TokenPairSchema,
  ),
  listInvitations: defineRequest(
    'identity.invitation.list',
    ListInvitationsInputSchema,
    InvitationPageSchema,
  ),
  revokeInvitation: defineRequest('identity.invitation.revoke', byId('invitationId'), InvitationViewSchema),

  getUser: defineRequest('identity.user.get', byId('userId'), UserViewSchema),
  /** People by id for the copies other services keep (no caller: services ask on their own account). */
  directoryUsers: defineRequest(
    'identity.directory.users',
    DirectoryUsersInputSchema,
    z.object({ users: z.array(DirectoryUserSchema) }),
    { callers: ['tasks', 'documents', 'notifications'] },
  ),
  /** Orgs by id for services acting on their own account (documents issued by the process engine). */
  directoryOrgs: defineRequest(
    'identity.directory.orgs',
    DirectoryUsersInputSchema,
    z.object({ orgs: z.array(DirectoryOrgSchema) }),
    { callers: ['tasks', 'documents'] },
  ),
  /** The people of an org for assignee rules (the process engine), asked on the service's own account. */
  directoryMembers: defineRequest(
    'identity.directory.members',
    DirectoryMembersInputSchema,
    z.object({ users: z.array(DirectoryUserSchema) }),
    { callers: ['tasks', 'notifications'] },
  ),
  me: defineRequest('identity.user.me', z.object({}), MeViewSchema),
  listUsers: defineRequest('identity.user.list', ListUsersInputSchema, UserPageSchema),
  updateUser: defineRequest(
    'identity.user.update',
    byId('userId').extend({ changes: UpdateUserInputSchema }),
    UserViewSchema,
  ),
  assignRole: defineRequest(
    'identity.user.assign-role',
    byId('userId').extend({ assignment: RoleAssignmentInputSchema }),
    UserViewSchema,
  ),
  unassignRole: defineRequest(
    'identity.user.unassign-role',
    byId('userId').extend({ assignment: RoleAssignmentInputSchema }),
    UserViewSchema,
  ),
  deactivateUser: defineRequest('identity.user.deactivate', byId('userId'), UserViewSchema),
  supervisor: defineRequest('identity.user.supervisor', byId('userId'), SupervisorSchema),

  createOrg: defineRequest('identity.org.create', CreateOrgInputSchema, OrgViewSchema),
  getOrg: defineRequest('identity.org.get', byId('orgId'), OrgViewSchema),
  updateOrg: defineRequest(
    'identity.org.update',
    byId('orgId').extend({ changes: UpdateOrgInputSchema }),
    OrgViewSchema,
  ),
  listOrgs: defineRequest('identity.org.list', ListOrgsInputSchema, OrgPageSchema),

  listRoles: defineRequest('identity.role.list', z.object({}), RoleListSchema),
  createRole: defineRequest('identity.role.create', CreateRoleInputSchema, RoleViewSchema),
  updateRole: defineRequest(
    'identity.role.update',
    byId('roleId').extend({ changes: UpdateRoleInputSchema }),
    RoleViewSchema,
  ),

  licenceUsage: defineRequest('identity.licence.usage', z.object({}), LicenceUsageSchema),
  installLicence: defineRequest('identity.licence.install', InstallLicenceInputSchema, LicenceUsageSchema),
};
