import type {
  CreatedInvitation,
  DocumentView,
  FileView,
  InstanceView,
  Page,
  Receipt,
  OrgView,
  Grant,
  RoleView,
  Supervisor,
  TaskView,
  TokenPair,
  UserView,
  WorkItemView,
} from '@orbita/contracts';
import { Permission } from '@orbita/contracts';
import { UlidGenerator } from '@orbita/platform';
import mongoose from 'mongoose';
import { DEMO_OPERATIONS_ID, DEMO_PASSWORD, DEMO_RADUGA_ID, DEMO_SEVER_ID, demoUser } from '@orbita/demo';
import type { ApiResponse } from '@orbita/testing';
import { ApiClient, TestSystem, decodeJwt, eventually, login } from '@orbita/testing';

/**
 * ARCHITECTURE §4 and ADR 007: "Guessing an id returns 404". Every endpoint of the gateway's
 * OpenAPI document that takes an id is called with ids of orgs the caller may not see, by a portal
 * user of another client (petr, Hotel Sever) and by staff of another branch (boris, a dispatcher of
 * EcoTrans North with no roles outside it). The endpoints come from the document itself, so a new
 * id-taking endpoint without a row in COVERAGE (or a new id field without a rule in ID_FIELDS)
 * fails the spec by name.
 */

const UNKNOWN_ID = '01ZZZZZZZZZZZZZZZZZZZZZZZZ';
/** A process template of four draft versions, uploaded by the admin for the probes. */
const PROBED_TEMPLATE = 'cross-org-probe';
const MALFORMED_IDS = ['bad id', '../x'];

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type EndpointKey = `${Method} /${string}`;
type Actor = 'admin' | 'ivan' | 'dina' | 'anna' | 'olga' | 'petr' | 'boris';
type Prober = Extract<Actor, 'petr' | 'boris'>;
/** Whose resources a probe aims at: a client's (Raduga Mall) or the company's own (Operations). */
type Target = 'raduga' | 'operations';

const ACTORS: readonly Actor[] = ['admin', 'ivan', 'dina', 'anna', 'olga', 'petr', 'boris'];
const PROBERS: readonly Prober[] = ['petr', 'boris'];
const TARGETS: readonly Target[] = ['raduga', 'operations'];
const MUTATING = new Set<Method>(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The ids the probes aim at, made by their owners before any probe runs. */
interface Fixture {
  /** Created by ivan (so owned by Operations): for dina, and for olga (a participant). */
  tasks: Record<Target, string>;
  /** Uploaded by olga (owned by Raduga) and by ivan (owned by Operations). */
  files: Record<Target, string>;
  /** Pending invitations: into Raduga by olga, into Operations by ivan. */
  invitations: Record<Target, string>;
  /** Active users invited for the deactivation probe alone, so deactivating them harms nothing else. */
  leavers: Record<Target, string>;
  /**
   * Documents by ivan (owned by Operations): for Raduga Mall (published to it) and internal ones.
   * `shown` is published and has receipts; the others exist for the one call that changes them.
   */
  documents: Record<Target, { shown: string; receipt: string; unpublished: string; voidable: string }>;
  /** A custom role (roles are installation-wide). */
  roleId: string;
  /** Schedules by the admin (the company's; ADR 022), one per call that changes one. */
  schedules: Record<Target, { pausable: string; resumable: string; deletable: string }>;
  /** Register records (contracts) by ivan: Raduga Mall's and Operations' own. */
  registerRecords: Record<Target, string>;
  /** Parked events of notifications, a pair per target: one to replay, one to discard. */
  deadLetters: Record<Target, { replay: string; discard: string }>;
  /** Notification e-mails (to dina) the SMTP server refused every time, one per target's org. */
  failedEmails: Record<Target, string>;
  /**
   * Requests (process instances): Raduga Mall's are complaints olga started (the template pack's
   * `complaint`), Operations' are ivan's simple requests. `shown` is read and commented on;
   * `cancellable` is the one the owner's cancel ends.
   */
  requests: Record<Target, { shown: string; cancellable: string }>;
  /**
   * Open work items of such requests, one per call that changes it: ivan's (a complaint is resolved
   * by the client's personal manager; a simple request comes back to its requester). Raduga's group
   * tasks are reconciliations olga asked for, for the company's accountants (anna): one to claim,
   * one anna has claimed, to release.
   */
  workItems: Record<Target, { shown: string; completable: string; reassignable: string }> & {
    claimable: string;
    releasable: string;
  };
  /** Hotel Sever's complaint (petr's) and its work item, probed by olga (another client's portal user). */
  sever: { request: string; workItem: string };
}

interface Call {
  as: Actor;
  method: Method;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** How to read a probed resource back as someone who may see it, and pick it out of the answer. */
interface ReadBack {
  as: Actor;
  path: string;
  pick?: (body: unknown) => unknown;
}

interface Coverage {
  /** The resource NOT_FOUND names ("The user was not found"): the kind, never which one. */
  resource: string;
  /** Every path parameter, filled with the ids of the target's resource. */
  params: (f: Fixture, target: Target) => Record<string, string>;
  /** A valid body, so that what answers is access control rather than validation. */
  body?: (f: Fixture, target: Target) => unknown;
  /** The body's type when it is not JSON (a streamed upload). */
  contentType?: string;
  /** Path parameters that are not ids (a version number): they keep this value when ids are unknown. */
  notIds?: Record<string, string>;
  /** What the owner's own call answers, when not 200 (an upload creates: 201). */
  ownerStatus?: number;
  /** Who may legitimately make the same call on the target. */
  owner: (target: Target) => Actor;
  /** Mutating endpoints: reads the target back, to show that a refused probe changed nothing. */
  readBack?: (f: Fixture, target: Target) => ReadBack;
  /** Puts back what the owner's own call changed, from the state read before it. */
  restore?: (f: Fixture, target: Target, before: unknown) => Call;
  /**
   * Whose access the owner's call (and its restore) changed: their access token is refused from
   * then on (docs/adr/007), so they log in again before the rows after it act as them.
   */
  changesAccessOf?: (target: Target) => Actor;
  /**
   * Only where the resource is owned by no org, so that there is nobody to hide it from and
   * FORBIDDEN is the right answer; the reason is part of the row.
   */
  refusal?: { status: 403; code: 'FORBIDDEN'; why: string };
  /**
   * The permission the endpoint acts with. Who holds it at no org at all is refused FORBIDDEN
   * before any look-up (the same answer for every id, so it tells nothing either).
   */
  act?: Permission;
  /** A POST that computes an answer and changes nothing (a diff): no read-back; the reason is part of the row. */
  safe?: string;
  /**
   * When the owner's own call is refused after access was granted, because the target has nothing
   * of the kind (a request without an acknowledgement step, the company's own org as a client):
   * what it answers and why. It is not the probers' answer, so the route still shows it tells the
   * two apart; a refused change changes nothing.
   */
  ownerAnswer?: (target: Target) => { status: number; code: string; why: string } | null;
  /**
   * Rows probed on one target only, with the reason (there is no such resource the probers may not
   * see on the other).
   */
  only?: { target: Target; why: string };
}

const orgOf = (target: Target): string => (target === 'raduga' ? DEMO_RADUGA_ID : DEMO_OPERATIONS_ID);
const userOf = (target: Target): string => (target === 'raduga' ? demoUser.olga.id : demoUser.dina.id);
const roleOf = (target: Target): string => (target === 'raduga' ? 'client-admin' : 'dispatcher');
const ownerOf = (target: Target): Actor => (target === 'raduga' ? 'olga' : 'ivan');
/** A request read back by its personal manager or unit head, who sees both targets' requests. */
const readRequest = (instanceId: string): ReadBack => ({ as: 'ivan', path: `/api/requests/${instanceId}` });
const readWorkItem = (taskId: string, as: Actor = 'ivan'): ReadBack => ({
  as,
  path: `/api/work-items/${taskId}`,
});
/** Neither target has an acknowledgement step in its requests (the pack's need restaurant chains). */
const NO_ACKNOWLEDGEMENT = {
  status: 404,
  code: 'NOT_FOUND',
  why: 'the request has no acknowledgement step: "The acknowledgement was not found", not the request',
};
const GROUP_TASKS_ONLY_OF_CLIENTS = {
  target: 'raduga',
  why:
    'the group tasks of the pack go to the company’s dispatchers (Boris among them) or accountants; ' +
    'the only ones the probers may not see are those of a client’s request (a reconciliation)',
} as const;
const actorOf = (target: Target): Actor => (target === 'raduga' ? 'olga' : 'dina');

const readUser = (userId: string): ReadBack => ({ as: 'admin', path: `/api/users/${userId}` });
const findById =
  (id: string) =>
  (body: unknown): unknown =>
    (body as { items: { id: string }[] }).items.find((item) => item.id === id);

/** A schedule as the admin lists it. */
const readSchedule = (id: string): ReadBack => ({ as: 'admin', path: '/api/schedules', pick: findById(id) });

/** A dead letter as the admin sees it (parked, then replayed or discarded). */
const parkedLetter = (id: string): ReadBack => ({ as: 'admin', path: `/api/admin/dead-letters/${id}` });

/**
 * Every (method, path) of the OpenAPI document with a path parameter. The spec fails on an endpoint
 * missing here, and on a row whose endpoint the API no longer has.
 */
const COVERAGE = {
  'GET /api/users/{userId}': {
    resource: 'user',
    params: (_f, t) => ({ userId: userOf(t) }),
    owner: () => 'admin',
  },
  'PATCH /api/users/{userId}': {
    resource: 'user',
    params: (_f, t) => ({ userId: userOf(t) }),
    body: () => ({ displayName: 'Renamed by a cross-org probe' }),
    owner: () => 'admin',
    readBack: (_f, t) => readUser(userOf(t)),
    restore: (_f, t, before) => ({
      as: 'admin',
      method: 'PATCH',
      path: `/api/users/${userOf(t)}`,
      body: { displayName: (before as UserView).displayName },
    }),
  },
  'POST /api/users/{userId}/roles': {
    act: Permission.UserManage,
    resource: 'user',
    params: (_f, t) => ({ userId: userOf(t) }),
    body: (f, t) => ({ roleId: f.roleId, orgId: orgOf(t) }),
    owner: () => 'admin',
    readBack: (_f, t) => readUser(userOf(t)),
    restore: (f, t) => ({
      as: 'admin',
      method: 'DELETE',
      path: `/api/users/${userOf(t)}/roles/${f.roleId}/orgs/${orgOf(t)}`,
    }),
    changesAccessOf: actorOf,
  },
  'DELETE /api/users/{userId}/roles/{roleId}/orgs/{orgId}': {
    act: Permission.UserManage,
    resource: 'user',
    params: (_f, t) => ({ userId: userOf(t), roleId: roleOf(t), orgId: orgOf(t) }),
    owner: () => 'admin',
    readBack: (_f, t) => readUser(userOf(t)),
    restore: (_f, t) => ({
      as: 'admin',
      method: 'POST',
      path: `/api/users/${userOf(t)}/roles`,
      body: { roleId: roleOf(t), orgId: orgOf(t) },
    }),
    changesAccessOf: actorOf,
  },
  'POST /api/users/{userId}/deactivate': {
    act: Permission.UserManage,
    resource: 'user',
    params: (f, t) => ({ userId: f.leavers[t] }),
    owner: () => 'admin',
    readBack: (f, t) => readUser(f.leavers[t]),
  },
  'GET /api/users/{userId}/supervisor': {
    resource: 'user',
    params: (_f, t) => ({ userId: userOf(t) }),
    owner: () => 'admin',
  },
  'GET /api/orgs/{orgId}': {
    resource: 'org',
    params: (_f, t) => ({ orgId: orgOf(t) }),
    owner: () => 'admin',
  },
  'PATCH /api/orgs/{orgId}': {
    act: Permission.OrgManage,
    resource: 'org',
    params: (_f, t) => ({ orgId: orgOf(t) }),
    body: () => ({ name: 'Renamed by a cross-org probe' }),
    owner: () => 'admin',
    readBack: (_f, t) => ({ as: 'admin', path: `/api/orgs/${orgOf(t)}` }),
    restore: (_f, t, before) => ({
      as: 'admin',
      method: 'PATCH',
      path: `/api/orgs/${orgOf(t)}`,
      body: { name: (before as OrgView).name },
    }),
  },
  'PATCH /api/roles/{roleId}': {
    resource: 'role',
    params: (f) => ({ roleId: f.roleId }),
    body: () => ({ description: 'Changed by a cross-org probe' }),
    owner: () => 'admin',
    readBack: (f) => ({ as: 'admin', path: '/api/roles', pick: findById(f.roleId) }),
    restore: (f, _t, before) => ({
      as: 'admin',
      method: 'PATCH',
      path: `/api/roles/${f.roleId}`,
      body: { description: (before as RoleView).description },
    }),
    refusal: {
      status: 403,
      code: 'FORBIDDEN',
      why:
        'roles are installation-wide (their names are shown next to people), so there is no org to ' +
        'hide one from; role.manage is checked before the role is looked up, so an existing and an ' +
        'unknown role get the same answer',
    },
  },
  'GET /api/admin/dead-letters/{deadLetterId}': {
    act: Permission.OpsManage,
    resource: 'dead letter',
    params: (f, t) => ({ deadLetterId: f.deadLetters[t].discard }),
    owner: () => 'admin',
  },
  'POST /api/admin/dead-letters/{deadLetterId}/replay': {
    act: Permission.OpsManage,
    resource: 'dead letter',
    params: (f, t) => ({ deadLetterId: f.deadLetters[t].replay }),
    owner: () => 'admin',
    readBack: (f, t) => parkedLetter(f.deadLetters[t].replay),
  },
  'POST /api/admin/notification-emails/{notificationId}/retry': {
    act: Permission.OpsManage,
    resource: 'notification e-mail',
    params: (f, t) => ({ notificationId: f.failedEmails[t] }),
    owner: () => 'admin',
    readBack: (f, t) => ({
      as: 'admin',
      path: '/api/admin/notification-emails/failed?limit=100',
      pick: (body) =>
        (body as { items: { notificationId: string }[] }).items.find(
          (item) => item.notificationId === f.failedEmails[t],
        ) ?? null,
    }),
  },
  'POST /api/admin/dead-letters/{deadLetterId}/discard': {
    act: Permission.OpsManage,
    resource: 'dead letter',
    params: (f, t) => ({ deadLetterId: f.deadLetters[t].discard }),
    owner: () => 'admin',
    readBack: (f, t) => parkedLetter(f.deadLetters[t].discard),
  },
  // Process templates are the company's (there is no org to hide one from), and managing them is
  // for process.manage at the company: refused FORBIDDEN before any look-up, for every key.
  'GET /api/process-templates/{key}/versions': {
    act: Permission.ProcessManage,
    resource: 'process template',
    params: () => ({ key: PROBED_TEMPLATE }),
    notIds: { key: 'no-such-template' },
    owner: () => 'admin',
  },
  'GET /api/process-templates/{key}/versions/{version}': {
    act: Permission.ProcessManage,
    resource: 'process template',
    params: () => ({ key: PROBED_TEMPLATE, version: '1' }),
    notIds: { key: PROBED_TEMPLATE, version: '99' },
    owner: () => 'admin',
  },
  'GET /api/process-templates/{key}/diff': {
    act: Permission.ProcessManage,
    resource: 'process template',
    params: () => ({ key: PROBED_TEMPLATE }),
    notIds: { key: 'no-such-template' },
    owner: () => 'admin',
  },
  'POST /api/process-templates/{key}/versions/{version}/publish': {
    act: Permission.ProcessManage,
    resource: 'process template',
    // A draft version per target, so that the owner's publication really changes it.
    params: (_f, t) => ({ key: PROBED_TEMPLATE, version: t === 'raduga' ? '1' : '2' }),
    notIds: { key: PROBED_TEMPLATE, version: '99' },
    owner: () => 'admin',
    readBack: (_f, t) => ({
      as: 'admin',
      path: `/api/process-templates/${PROBED_TEMPLATE}/versions/${t === 'raduga' ? '1' : '2'}`,
    }),
  },
  'POST /api/process-templates/{key}/versions/{version}/retire': {
    act: Permission.ProcessManage,
    resource: 'process template',
    params: (_f, t) => ({ key: PROBED_TEMPLATE, version: t === 'raduga' ? '3' : '4' }),
    notIds: { key: PROBED_TEMPLATE, version: '99' },
    owner: () => 'admin',
    readBack: (_f, t) => ({
      as: 'admin',
      path: `/api/process-templates/${PROBED_TEMPLATE}/versions/${t === 'raduga' ? '3' : '4'}`,
    }),
  },
  // Schedules are the company's (no org to hide one from), managed with process.manage at the
  // company: refused FORBIDDEN before any look-up, for every id.
  'POST /api/schedules/{scheduleId}/pause': {
    act: Permission.ProcessManage,
    resource: 'schedule',
    params: (f, t) => ({ scheduleId: f.schedules[t].pausable }),
    owner: () => 'admin',
    readBack: (f, t) => readSchedule(f.schedules[t].pausable),
  },
  'POST /api/schedules/{scheduleId}/resume': {
    act: Permission.ProcessManage,
    resource: 'schedule',
    params: (f, t) => ({ scheduleId: f.schedules[t].resumable }),
    owner: () => 'admin',
    readBack: (f, t) => readSchedule(f.schedules[t].resumable),
  },
  'DELETE /api/schedules/{scheduleId}': {
    act: Permission.ProcessManage,
    resource: 'schedule',
    params: (f, t) => ({ scheduleId: f.schedules[t].deletable }),
    owner: () => 'admin',
    // Whether the list still holds it (a deleted one is not there to be picked).
    readBack: (f, t) => ({
      as: 'admin',
      path: '/api/schedules',
      pick: (body) => ({ listed: findById(f.schedules[t].deletable)(body) !== undefined }),
    }),
  },
  'POST /api/invitations/{invitationId}/revoke': {
    act: Permission.UserInvite,
    resource: 'invitation',
    params: (f, t) => ({ invitationId: f.invitations[t] }),
    owner: ownerOf,
    readBack: (f, t) => ({
      as: ownerOf(t),
      path: `/api/invitations?orgId=${orgOf(t)}&limit=100`,
      pick: findById(f.invitations[t]),
    }),
  },
  'GET /api/tasks/{taskId}': {
    resource: 'task',
    params: (f, t) => ({ taskId: f.tasks[t] }),
    owner: ownerOf,
  },
  'GET /api/files/{fileId}': {
    resource: 'file',
    params: (f, t) => ({ fileId: f.files[t] }),
    owner: ownerOf,
  },
  'GET /api/files/{fileId}/content': {
    resource: 'file',
    params: (f, t) => ({ fileId: f.files[t] }),
    owner: ownerOf,
  },
  'GET /api/documents/{documentId}': {
    resource: 'document',
    params: (f, t) => ({ documentId: f.documents[t].shown }),
    owner: ownerOf,
  },
  'GET /api/documents/{documentId}/versions/{version}/content': {
    resource: 'document',
    params: (f, t) => ({ documentId: f.documents[t].shown, version: '1' }),
    notIds: { version: '1' },
    owner: ownerOf,
  },
  'GET /api/documents/{documentId}/receipts': {
    resource: 'document',
    params: (f, t) => ({ documentId: f.documents[t].shown }),
    owner: ownerOf,
  },
  'GET /api/documents/{documentId}/receipts/{receiptId}': {
    resource: 'document',
    params: (f, t) => ({ documentId: f.documents[t].shown, receiptId: f.documents[t].receipt }),
    owner: ownerOf,
  },
  'GET /api/documents/{documentId}/receipts/{receiptId}/pdf': {
    resource: 'document',
    params: (f, t) => ({ documentId: f.documents[t].shown, receiptId: f.documents[t].receipt }),
    owner: ownerOf,
  },
  'POST /api/documents/{documentId}/versions': {
    act: Permission.FileManage,
    resource: 'document',
    params: (f, t) => ({ documentId: f.documents[t].shown }),
    body: () => new TextEncoder().encode('%PDF-1.4\n% a version sent by a cross-org probe\n%%EOF\n'),
    contentType: 'application/octet-stream',
    ownerStatus: 201,
    owner: () => 'ivan',
    readBack: (f, t) => ({ as: 'ivan', path: `/api/documents/${f.documents[t].shown}` }),
  },
  'POST /api/documents/{documentId}/publish': {
    act: Permission.FileManage,
    resource: 'document',
    params: (f, t) => ({ documentId: f.documents[t].unpublished }),
    body: () => ({}),
    owner: () => 'ivan',
    readBack: (f, t) => ({ as: 'ivan', path: `/api/documents/${f.documents[t].unpublished}` }),
  },
  'POST /api/documents/{documentId}/void': {
    act: Permission.FileManage,
    resource: 'document',
    params: (f, t) => ({ documentId: f.documents[t].voidable }),
    body: () => ({ reason: 'Voided by the cross-org matrix' }),
    owner: () => 'ivan',
    readBack: (f, t) => ({ as: 'ivan', path: `/api/documents/${f.documents[t].voidable}` }),
  },
  'GET /api/register-records/{recordId}': {
    resource: 'register record',
    params: (f, t) => ({ recordId: f.registerRecords[t] }),
    owner: ownerOf,
  },
  'PATCH /api/register-records/{recordId}': {
    act: Permission.TaskManage,
    resource: 'register record',
    params: (f, t) => ({ recordId: f.registerRecords[t] }),
    body: () => ({ revision: 1, data: { status: 'ended' } }),
    owner: () => 'ivan',
    readBack: (f, t) => ({ as: 'ivan', path: `/api/register-records/${f.registerRecords[t]}` }),
  },
  'POST /api/register-records/{recordId}/diff': {
    resource: 'register record',
    params: (f, t) => ({ recordId: f.registerRecords[t] }),
    body: () => ({ data: { endDate: '2027-12-31' } }),
    owner: ownerOf,
    safe: 'a diff of proposed data against the record: nothing is stored',
  },
  'GET /api/requests/{instanceId}': {
    resource: 'request',
    params: (f, t) => ({ instanceId: f.requests[t].shown }),
    owner: ownerOf,
  },
  'POST /api/requests/{instanceId}/cancel': {
    act: Permission.TaskManage,
    resource: 'request',
    params: (f, t) => ({ instanceId: f.requests[t].cancellable }),
    body: () => ({ reason: 'Cancelled by the cross-org matrix' }),
    owner: () => 'ivan',
    readBack: (f, t) => readRequest(f.requests[t].cancellable),
  },
  'GET /api/requests/{instanceId}/delays': {
    resource: 'request',
    params: (f, t) => ({ instanceId: f.requests[t].shown }),
    owner: ownerOf,
  },
  'GET /api/requests/{instanceId}/feed': {
    resource: 'request',
    params: (f, t) => ({ instanceId: f.requests[t].shown }),
    owner: ownerOf,
  },
  'POST /api/requests/{instanceId}/comments': {
    resource: 'request',
    params: (f, t) => ({ instanceId: f.requests[t].shown }),
    body: () => ({ text: 'A comment of the cross-org matrix' }),
    ownerStatus: 201,
    owner: ownerOf,
    readBack: (f, t) => ({ as: ownerOf(t), path: `/api/requests/${f.requests[t].shown}/feed?limit=100` }),
  },
  'POST /api/requests/{instanceId}/attachments': {
    resource: 'request',
    params: (f, t) => ({ instanceId: f.requests[t].shown }),
    body: () => new TextEncoder().encode('%PDF-1.4\n% a file sent by a cross-org probe\n%%EOF\n'),
    contentType: 'application/octet-stream',
    ownerStatus: 201,
    owner: ownerOf,
    // The file is a document of its uploader's, filed to the request until a comment carries it.
    readBack: (_f, t) => ({ as: ownerOf(t), path: '/api/documents?limit=100' }),
  },
  'GET /api/requests/{instanceId}/acknowledgements': {
    resource: 'request',
    params: (f, t) => ({ instanceId: f.requests[t].shown }),
    owner: ownerOf,
    ownerAnswer: () => NO_ACKNOWLEDGEMENT,
  },
  'POST /api/requests/{instanceId}/acknowledgements/remind': {
    act: Permission.TaskManage,
    resource: 'request',
    params: (f, t) => ({ instanceId: f.requests[t].shown }),
    owner: () => 'ivan',
    readBack: (f, t) => readRequest(f.requests[t].shown),
    ownerAnswer: () => NO_ACKNOWLEDGEMENT,
  },
  'GET /api/work-items/{taskId}': {
    resource: 'task',
    params: (f, t) => ({ taskId: f.workItems[t].shown }),
    owner: () => 'ivan',
  },
  'POST /api/work-items/{taskId}/complete': {
    resource: 'task',
    params: (f, t) => ({ taskId: f.workItems[t].completable }),
    body: (_f, t) =>
      t === 'raduga'
        ? { outcome: 'resolved', data: { resolution: 'Resolved by the cross-org matrix' } }
        : { outcome: 'done' },
    owner: () => 'ivan',
    readBack: (f, t) => readWorkItem(f.workItems[t].completable),
  },
  'POST /api/work-items/{taskId}/claim': {
    resource: 'task',
    params: (f) => ({ taskId: f.workItems.claimable }),
    body: () => ({}),
    owner: () => 'anna',
    readBack: (f) => readWorkItem(f.workItems.claimable, 'anna'),
    only: GROUP_TASKS_ONLY_OF_CLIENTS,
  },
  'POST /api/work-items/{taskId}/release': {
    resource: 'task',
    params: (f) => ({ taskId: f.workItems.releasable }),
    body: () => ({}),
    owner: () => 'anna',
    readBack: (f) => readWorkItem(f.workItems.releasable, 'anna'),
    only: GROUP_TASKS_ONLY_OF_CLIENTS,
  },
  'POST /api/work-items/{taskId}/reassign': {
    act: Permission.TaskManage,
    resource: 'task',
    params: (f, t) => ({ taskId: f.workItems[t].reassignable }),
    body: () => ({ assigneeId: demoUser.dina.id, reason: 'Reassigned by the cross-org matrix' }),
    owner: () => 'ivan',
    readBack: (f, t) => readWorkItem(f.workItems[t].reassignable),
  },
  'GET /api/clients/{orgId}/card': {
    resource: 'org',
    params: (_f, t) => ({ orgId: orgOf(t) }),
    owner: ownerOf,
    ownerAnswer: (t) =>
      t === 'operations'
        ? {
            status: 400,
            code: 'VALIDATION_FAILED',
            why: 'Operations is the company’s own department: only clients and partners have a card',
          }
        : null,
  },
} satisfies Record<EndpointKey, Coverage>;
type CoveredKey = keyof typeof COVERAGE;
const ROWS: Record<CoveredKey, Coverage> = COVERAGE;
const COVERAGE_KEYS = Object.keys(COVERAGE) as CoveredKey[];
/** The targets a row is probed on: both, unless the row says why only one. */
const targetsOf = (key: CoveredKey): readonly Target[] => {
  const only = ROWS[key].only;
  return only ? [only.target] : TARGETS;
};
/** Every (row, target) pair probed. */
const PROBES = COVERAGE_KEYS.flatMap((key) => targetsOf(key).map((target) => [key, target] as const));

/**
 * Endpoints whose path parameters name no org's resource: a register's key names its definition,
 * which belongs to the installation (GET /api/registers lists them to everyone); the owner org of
 * the records they read or write is the orgId outside the path, probed with the other such ids.
 */
const NOT_ID_PATHS: Partial<Record<EndpointKey, string>> = {
  'PUT /api/registers/{key}': 'a register definition (installation-wide; register.manage)',
  'GET /api/calendars/{key}': 'a working calendar (installation-wide; read by the company staff)',
  'PUT /api/calendars/{key}': 'a working calendar (installation-wide; calendar.manage)',
  'PUT /api/calendars/{key}/assignments': 'a working calendar (installation-wide; calendar.manage)',
  'GET /api/registers/{key}/records': 'the register; records are filtered by what the caller sees',
  'POST /api/registers/{key}/records': 'the register; the owner org is the orgId of the body',
  'POST /api/registers/{key}/import': 'the register; the owner org is the orgId parameter or column',
};

/** Requests of each target the probers may not see (the beforeAll fills it), for ids outside the path. */
const probedRequests: Partial<Record<Target, string>> = {};

/**
 * Ids a request takes outside its path (JSON body fields and query parameters named `…Id` or
 * `…Ids`), by name: what to send as a foreign one. Whatever such an id names, a foreign one must be
 * answered exactly like an unknown one.
 */
const ID_FIELDS: Record<string, ((target: Target) => string) | { notOrgOwned: string }> = {
  orgId: orgOf,
  parentId: orgOf,
  assigneeId: userOf,
  managerId: userOf,
  headId: userOf,
  userId: userOf,
  counterpartyOrgId: orgOf,
  // The inbox filtered by a client: a foreign one lists nothing, as an unknown one does.
  clientOrgId: orgOf,
  // Roles belong to the installation, not to an org (their names are shown next to people).
  roleId: { notOrgOwned: 'roles are installation-wide' },
  // Links documents keep to the process engine's records (issue "process engine"), which checks them.
  processInstanceId: { notOrgOwned: 'a link to a process instance, stored as given until the engine exists' },
  registerRecordIds: { notOrgOwned: 'links to register records, stored as given until the engine exists' },
  roleIds: { notOrgOwned: 'roles are installation-wide' },
  // A step of the request's template (its definition names it); the request itself is the path's id.
  stepId: { notOrgOwned: 'a step of the request’s template, named by its definition' },
  // A cursor into the caller's own notifications: any id only orders them, none is read by it.
  lastEventId: { notOrgOwned: 'a cursor over the caller’s own notifications' },
  // The staff member a schedule starts as: only process.manage at the company makes schedules.
  starterId: userOf,
  // Units a calendar is assigned to: only calendar.manage (installation-wide, like the calendars) sets them.
  orgIds: { notOrgOwned: 'org units a calendar is assigned to, set by calendar.manage alone' },
  // The inbox narrowed to a request: a foreign one lists nothing, as an unknown one does.
  instanceId: (target) => probedRequests[target] ?? UNKNOWN_ID,
};
/** Tasks the probers may see and act on, made before the probes (the beforeAll fills it). */
const ownTasks: Partial<Record<Prober, string>> = {};
/** Path parameters of endpoints probed for ids outside their path: the prober's own (visible) ids. */
const OWN_PATH_IDS: Record<string, (prober: Prober) => string> = {
  userId: (prober) => demoUser[prober].id,
  orgId: (prober) => demoUser[prober].orgId,
  key: () => 'contracts',
  // A task of the prober's own (boris's; petr holds task.manage nowhere, so any id is refused alike).
  taskId: (prober) => ownTasks[prober] ?? UNKNOWN_ID,
};

/**
 * Routes anyone may call without a token; everything else in the OpenAPI document must answer 401.
 * The documentation itself: the AsyncAPI document is in the OpenAPI one, the page and the OpenAPI
 * document are served beside the API (PUBLIC_DOCS).
 */
const PUBLIC_ROUTES: readonly EndpointKey[] = [
  'POST /api/auth/login',
  'POST /api/auth/refresh',
  'POST /api/auth/password-reset/request',
  'POST /api/auth/password-reset',
  'POST /api/invitations/preview',
  'POST /api/invitations/accept',
  'GET /.well-known/jwks.json',
  'GET /api/docs/asyncapi.json',
  // The public half of the receipt signing key: whoever verifies a receipt needs it, account or not.
  'GET /api/documents/receipt-keys',
  // The format of process templates, for editors and generators of them.
  'GET /api/process-templates/schema',
  // The company's name, logo and colour: the sign-in page wears them before anyone signs in.
  'GET /api/branding',
  'GET /api/branding/logo',
];
const PUBLIC_DOCS = ['/api/docs', '/api/docs/openapi.json'];

/** Valid bodies for routes whose OpenAPI document gives no example to send. */
const BODIES_WITHOUT_EXAMPLE: Partial<Record<EndpointKey, { body: unknown; contentType: string }>> = {
  'POST /api/files': {
    body: new TextEncoder().encode('a small file'),
    contentType: 'application/octet-stream',
  },
  'POST /api/documents/{documentId}/versions': {
    body: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
    contentType: 'application/octet-stream',
  },
  'PUT /api/admin/licence': { body: { licence: 'a licence file' }, contentType: 'application/json' },
  'POST /api/requests/{instanceId}/attachments': {
    body: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
    contentType: 'application/octet-stream',
  },
  'POST /api/requests/files': {
    body: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
    contentType: 'application/octet-stream',
  },
};

/** What a prober gets for a resource they may not see: the row's refusal, or NOT_FOUND naming only the kind. */
function refusalOf(
  row: Coverage,
  grants: readonly Grant[],
): { status: number; body: { code: string; message: string } } {
  const forbidden = { status: 403, body: { code: 'FORBIDDEN', message: 'You are not allowed to do this' } };
  if (row.refusal || (row.act && !grants.some((grant) => grant.permissions.includes(row.act!)))) {
    return forbidden;
  }
  return { status: 404, body: { code: 'NOT_FOUND', message: `The ${row.resource} was not found` } };
}

function methodOf(key: EndpointKey): Method {
  return key.slice(0, key.indexOf(' ')) as Method;
}

function pathOf(key: EndpointKey): string {
  return key.slice(key.indexOf(' ') + 1);
}

function paramNames(key: EndpointKey): string[] {
  return [...pathOf(key).matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
}

/** The path with every `{param}` filled (URL-encoded); a missing value names the endpoint. */
function fill(key: EndpointKey, params: Record<string, string>): string {
  return pathOf(key).replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) {
      throw new Error(`${key}: no value for {${name}}`);
    }
    return encodeURIComponent(value);
  });
}

function allParams(key: EndpointKey, value: string): Record<string, string> {
  return Object.fromEntries(paramNames(key).map((name) => [name, value]));
}

/** Every id of the row's path unknown; what is not an id (a version number) stays valid. */
function unknownParams(key: CoveredKey): Record<string, string> {
  return { ...allParams(key, UNKNOWN_ID), ...ROWS[key].notIds };
}

interface OpenApiOperation {
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: {
    content?: Record<
      string,
      {
        schema?: { properties?: Record<string, { type?: string }> };
        example?: unknown;
        examples?: Record<string, { value?: unknown }>;
      }
    >;
  };
}
interface OpenApiDocument {
  paths: Record<string, Partial<Record<Lowercase<Method>, OpenApiOperation>>>;
}

const HTTP_METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function operations(doc: OpenApiDocument): Map<EndpointKey, OpenApiOperation> {
  const out = new Map<EndpointKey, OpenApiOperation>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method.toLowerCase() as Lowercase<Method>];
      if (operation) {
        out.set(`${method} ${path}` as EndpointKey, operation);
      }
    }
  }
  return out;
}

function exampleBody(operation: OpenApiOperation): Record<string, unknown> | undefined {
  const json = operation.requestBody?.content?.['application/json'];
  return (json?.example ?? Object.values(json?.examples ?? {})[0]?.value) as
    Record<string, unknown> | undefined;
}

interface IdField {
  key: EndpointKey;
  name: string;
  in: 'query' | 'body';
  array: boolean;
}

/** Ids an operation takes outside its path, as the OpenAPI document declares them. */
function idFieldsOf(key: EndpointKey, operation: OpenApiOperation): IdField[] {
  const isId = (name: string): boolean => /Ids?$/.test(name);
  const query = (operation.parameters ?? [])
    .filter((p) => p.in === 'query' && isId(p.name))
    .map((p): IdField => ({ key, name: p.name, in: 'query', array: false }));
  const properties = operation.requestBody?.content?.['application/json']?.schema?.properties ?? {};
  const body = Object.entries(properties)
    .filter(([name]) => isId(name))
    .map(([name, schema]): IdField => ({ key, name, in: 'body', array: schema.type === 'array' }));
  return [...query, ...body];
}

/**
 * A call carrying `id` in one field outside the path; the path is filled with the prober's own ids
 * (so that it is the field, not the path, that the service has to judge) and the body is the
 * operation's example.
 */
function outsidePathCall(
  prober: Prober,
  key: EndpointKey,
  operation: OpenApiOperation,
  field: IdField,
  id: string,
): Call {
  const params = Object.fromEntries(
    paramNames(key).map((name) => {
      const own = OWN_PATH_IDS[name];
      if (!own) {
        throw new Error(`${key}: add a rule for {${name}} to OWN_PATH_IDS`);
      }
      return [name, own(prober)];
    }),
  );
  const path = fill(key, params);
  if (field.in === 'query') {
    return { as: prober, method: methodOf(key), path: `${path}?${field.name}=${encodeURIComponent(id)}` };
  }
  const body = { ...exampleBody(operation), [field.name]: field.array ? [id] : id };
  return { as: prober, method: methodOf(key), path, body };
}

/** The user an access token was issued to. */
function subjectOf(accessToken: string): string {
  const payload = accessToken.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string }).sub;
}

const ulid = new UlidGenerator();

describe('cross-org access: ids of orgs one may not see answer 404 on every id-taking endpoint', () => {
  let system: TestSystem;
  let api: ApiClient;
  let openApi: Map<EndpointKey, OpenApiOperation>;
  const as = {} as Record<Actor, ApiClient>;
  const grants = {} as Record<Actor, Grant[]>;
  const fixture = {} as Fixture;

  function grantsOf(actor: Actor): Grant[] {
    return grants[actor];
  }

  function send<T = unknown>(call: Call): Promise<ApiResponse<T>> {
    return as[call.as].send<T>(call.method, call.path, call.body, call.headers);
  }

  /** The body of the expected answer, or a failure that says what was called and what came back. */
  async function ok<T>(call: Call, status: number): Promise<T> {
    const response = await send<T>(call);
    if (response.status !== status) {
      throw new Error(
        `${call.as}: ${call.method} ${call.path} answered ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    return response.body;
  }

  async function read(readBack: ReadBack): Promise<unknown> {
    const body = await ok<unknown>({ as: readBack.as, method: 'GET', path: readBack.path }, 200);
    const picked = readBack.pick ? readBack.pick(body) : body;
    expect({ read: readBack.path, found: picked !== undefined }).toEqual({
      read: readBack.path,
      found: true,
    });
    return picked;
  }

  /** The row's call on the given path parameters, with the row's body for the target. */
  function call(key: CoveredKey, who: Actor, params: Record<string, string>, target: Target): Call {
    const row = ROWS[key];
    return {
      as: who,
      method: methodOf(key),
      path: fill(key, params),
      body: row.body?.(fixture, target),
      ...(row.contentType ? { headers: { 'content-type': row.contentType } } : {}),
    };
  }

  async function create<T>(who: Actor, path: string, body: unknown): Promise<T> {
    return ok<T>({ as: who, method: 'POST', path, body }, 201);
  }

  /** Invites someone into an org and accepts for them: an active user nobody else relies on. */
  async function acceptedInvitee(
    inviter: Actor,
    orgId: string,
    email: string,
    roleIds: string[] = [],
  ): Promise<TokenPair> {
    const created = await create<CreatedInvitation>(inviter, '/api/invitations', {
      email,
      displayName: 'Leaving soon',
      orgId,
      roleIds,
      locale: 'en',
    });
    const accepted = await api.post<TokenPair>('/api/invitations/accept', {
      token: new URL(created.link).searchParams.get('token'),
      password: `cross-org matrix leaver ${email}`,
    });
    expect(accepted.status).toBe(200);
    return accepted.body;
  }

  async function activeInvitee(inviter: Actor, orgId: string, email: string): Promise<string> {
    return subjectOf((await acceptedInvitee(inviter, orgId, email)).accessToken);
  }

  /**
   * An event notifications could not handle earlier (a fault since fixed): in its dead-letter store
   * as the consumer parks them, and handled fine when replayed. Dead letters belong to no org.
   */
  async function parkedEvent(): Promise<string> {
    const id = ulid.newId();
    const eventId = ulid.newId();
    const now = new Date();
    const envelope = {
      id: eventId,
      type: 'tasks.task.created',
      version: 1,
      occurredAt: now.toISOString(),
      correlationId: eventId,
      causationId: null,
      actor: null,
      orgId: DEMO_OPERATIONS_ID,
      subject: { type: 'task', id: eventId },
      data: {
        taskId: eventId,
        title: 'Parked',
        assigneeId: demoUser.dina.id,
        createdBy: demoUser.ivan.id,
        dueAt: null,
      },
    };
    const db = await mongoose
      .createConnection(system.infra.mongoUrl, { dbName: system.database('notifications') })
      .asPromise();
    try {
      await db.collection('dead_letters').insertOne({
        _id: id as never,
        key: `notifications:fixture-${id}`,
        service: 'notifications',
        consumer: 'notifications',
        stream: 'EVENTS',
        subject: 'events.tasks.task.created',
        streamSequence: 0,
        eventId,
        eventType: envelope.type,
        orgId: envelope.orgId,
        error: 'Error: a fault since fixed',
        attempts: 8,
        status: 'parked',
        firstFailedAt: now,
        lastFailedAt: now,
        resolvedAt: null,
        resolvedBy: null,
        payload: JSON.stringify(envelope),
      });
    } finally {
      await db.close();
    }
    return id;
  }

  /** A notification to dina whose e-mail failed, of the org's, stored as the e-mail worker leaves it. */
  async function failedEmail(orgId: string): Promise<string> {
    const id = ulid.newId();
    const now = new Date();
    const db = await mongoose
      .createConnection(system.infra.mongoUrl, { dbName: system.database('notifications') })
      .asPromise();
    try {
      await db.collection('notifications').insertOne({
        _id: id as never,
        recipientId: demoUser.dina.id,
        orgId,
        kind: 'task.assigned',
        title: 'Failed e-mail',
        message: null,
        subject: { type: 'task', id },
        link: `/tasks/${id}`,
        actorId: null,
        eventId: ulid.newId(),
        read: true,
        createdAt: now,
        email: {
          status: 'failed',
          notBefore: now,
          attempts: 5,
          lastError: '421 a fault since fixed',
          sentAt: null,
        },
        emailStatus: 'failed',
      });
    } finally {
      await db.close();
    }
    return id;
  }

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    api = new ApiClient(system.gatewayUrl);
    for (const actor of ACTORS) {
      const token = await login(system.gatewayUrl, demoUser[actor].email, DEMO_PASSWORD);
      as[actor] = api.as(token);
      grants[actor] = decodeJwt(token).payload['grants'] as Grant[];
    }
    const doc = await api.get<OpenApiDocument>('/api/docs/openapi.json');
    expect(doc.status).toBe(200);
    openApi = operations(doc.body);

    fixture.tasks = {
      raduga: (
        await create<TaskView>('ivan', '/api/tasks', {
          title: 'Raduga: confirm the new pick-up point',
          assigneeId: demoUser.olga.id,
        })
      ).id,
      operations: (
        await create<TaskView>('ivan', '/api/tasks', {
          title: 'Operations: check the route',
          assigneeId: demoUser.dina.id,
        })
      ).id,
    };
    // Filing a file takes file.manage, which portal users hold only through a role: Raduga's
    // accountant files Raduga's papers.
    const radugaAccountant = api.as(
      (await acceptedInvitee('admin', DEMO_RADUGA_ID, 'accountant@raduga.example', ['accountant']))
        .accessToken,
    );
    const upload = async (who: Actor | ApiClient, name: string): Promise<string> => {
      const client = typeof who === 'string' ? as[who] : who;
      const response = await client.send<FileView>(
        'POST',
        `/api/files?name=${name}`,
        new TextEncoder().encode(`${name}: not for other orgs`),
        { 'content-type': 'application/octet-stream' },
      );
      expect(response.status).toBe(201);
      return response.body.id;
    };
    fixture.files = {
      raduga: await upload(radugaAccountant, 'raduga-contract.txt'),
      operations: await upload('ivan', 'operations-note.txt'),
    };
    // Documents by ivan (Operations), for Raduga Mall (published to it) and internal ones.
    const document = async (target: Target, title: string, publish: boolean): Promise<string> => {
      const made = await create<DocumentView>('ivan', '/api/documents', {
        title,
        type: 'contract',
        ...(target === 'raduga' ? { counterpartyOrgId: DEMO_RADUGA_ID } : {}),
      });
      const version = await as.ivan.send<DocumentView>(
        'POST',
        `/api/documents/${made.id}/versions?name=${encodeURIComponent(`${title}.pdf`)}`,
        new TextEncoder().encode(`%PDF-1.4\n% ${title}\n%%EOF\n`),
        { 'content-type': 'application/octet-stream' },
      );
      expect(version.status).toBe(201);
      if (publish) {
        await ok({ as: 'ivan', method: 'POST', path: `/api/documents/${made.id}/publish`, body: {} }, 200);
      }
      return made.id;
    };
    const documents = async (target: Target) => {
      const shown = await document(target, `${target}: contract`, true);
      const receipts = await ok<{ items: Receipt[] }>(
        { as: 'ivan', method: 'GET', path: `/api/documents/${shown}/receipts` },
        200,
      );
      return {
        shown,
        receipt: receipts.items[0]?.id ?? '',
        unpublished: await document(target, `${target}: draft to publish`, false),
        voidable: await document(target, `${target}: contract to void`, true),
      };
    };
    fixture.documents = { raduga: await documents('raduga'), operations: await documents('operations') };
    const invite = async (who: Actor, orgId: string, email: string): Promise<string> =>
      (
        await create<CreatedInvitation>(who, '/api/invitations', {
          email,
          displayName: 'Invited guest',
          orgId,
          locale: 'en',
        })
      ).invitation.id;
    fixture.invitations = {
      raduga: await invite('olga', DEMO_RADUGA_ID, 'guest@raduga.example'),
      operations: await invite('ivan', DEMO_OPERATIONS_ID, 'guest@ecotrans.example'),
    };
    fixture.leavers = {
      raduga: await activeInvitee('olga', DEMO_RADUGA_ID, 'leaver@raduga.example'),
      operations: await activeInvitee('ivan', DEMO_OPERATIONS_ID, 'leaver@ecotrans.example'),
    };
    fixture.failedEmails = {
      raduga: await failedEmail(DEMO_RADUGA_ID),
      operations: await failedEmail(DEMO_OPERATIONS_ID),
    };
    fixture.deadLetters = {
      raduga: { replay: await parkedEvent(), discard: await parkedEvent() },
      operations: { replay: await parkedEvent(), discard: await parkedEvent() },
    };
    const record = async (orgId: string, number: string): Promise<string> =>
      (
        await create<{ id: string }>('ivan', '/api/registers/contracts/records', {
          orgId,
          data: {
            number,
            title: `Contract ${number}`,
            startDate: '2026-01-01',
            endDate: '2026-12-31',
            status: 'active',
          },
        })
      ).id;
    fixture.registerRecords = {
      raduga: await record(DEMO_RADUGA_ID, 'MATRIX-1'),
      operations: await record(DEMO_OPERATIONS_ID, 'MATRIX-2'),
    };
    const schedule = async (paused = false): Promise<string> => {
      const { id } = await create<{ id: string }>('admin', '/api/schedules', {
        name: { ru: 'Раз в месяц', en: 'Monthly' },
        templateKey: 'example-simple',
        starterId: demoUser.ivan.id,
        form: { subject: 'A scheduled probe' },
        rule: { kind: 'monthly', day: 28, time: '03:00' },
      });
      if (paused) {
        await ok({ as: 'admin', method: 'POST', path: `/api/schedules/${id}/pause` }, 200);
      }
      return id;
    };
    fixture.schedules = {
      raduga: { pausable: await schedule(), resumable: await schedule(true), deletable: await schedule() },
      operations: {
        pausable: await schedule(),
        resumable: await schedule(true),
        deletable: await schedule(),
      },
    };
    // Requests and their work items (set by the engine a moment after the start, hence eventually).
    const start = async (who: Actor, templateKey: string, form: Record<string, unknown>): Promise<string> =>
      (await create<InstanceView>(who, '/api/requests', { templateKey, form })).id;
    const complaint = (who: Actor, subject: string) =>
      start(who, 'complaint', { subject, description: 'The container was not emptied on Monday' });
    const simple = (subject: string) => start('ivan', 'example-simple', { subject });
    const reconciliation = () => start('olga', 'reconciliation', { from: '2026-01-01', to: '2026-03-31' });
    const workItemOf = async (who: Actor, instanceId: string, view = 'mine'): Promise<string> => {
      let found: WorkItemView | undefined;
      await eventually(async () => {
        const inbox = await ok<Page<WorkItemView>>(
          { as: who, method: 'GET', path: `/api/inbox?view=${view}&limit=100` },
          200,
        );
        found = inbox.items.find((item) => item.instanceId === instanceId);
        expect(found).toBeDefined();
      });
      return found!.id;
    };
    const radugaRequests = {
      shown: await complaint('olga', 'Missed pick-up (read and commented on)'),
      cancellable: await complaint('olga', 'Missed pick-up (to cancel)'),
      completable: await complaint('olga', 'Missed pick-up (to resolve)'),
      reassignable: await complaint('olga', 'Missed pick-up (to reassign)'),
    };
    const operationsRequests = {
      shown: await simple('Operations: read and commented on'),
      cancellable: await simple('Operations: to cancel'),
      completable: await simple('Operations: to complete'),
      reassignable: await simple('Operations: to reassign'),
    };
    fixture.requests = {
      raduga: { shown: radugaRequests.shown, cancellable: radugaRequests.cancellable },
      operations: { shown: operationsRequests.shown, cancellable: operationsRequests.cancellable },
    };
    probedRequests.raduga = radugaRequests.shown;
    probedRequests.operations = operationsRequests.shown;
    const claimable = await reconciliation();
    const releasable = await reconciliation();
    fixture.workItems = {
      raduga: {
        shown: await workItemOf('ivan', radugaRequests.shown),
        completable: await workItemOf('ivan', radugaRequests.completable),
        reassignable: await workItemOf('ivan', radugaRequests.reassignable),
      },
      operations: {
        shown: await workItemOf('ivan', operationsRequests.shown),
        completable: await workItemOf('ivan', operationsRequests.completable),
        reassignable: await workItemOf('ivan', operationsRequests.reassignable),
      },
      claimable: await workItemOf('anna', claimable, 'claimable'),
      releasable: await workItemOf('anna', releasable, 'claimable'),
    };
    await ok(
      { as: 'anna', method: 'POST', path: `/api/work-items/${fixture.workItems.releasable}/claim` },
      200,
    );
    const severRequest = await complaint('petr', 'Hotel Sever: missed pick-up');
    fixture.sever = { request: severRequest, workItem: await workItemOf('ivan', severRequest) };
    // Boris's own task, for the probes of ids outside the path of a work item's endpoint.
    ownTasks.boris = (
      await create<TaskView>('boris', '/api/tasks', {
        title: 'North: check the route',
        assigneeId: demoUser.boris.id,
      })
    ).id;
    fixture.roleId = (
      await create<RoleView>('admin', '/api/roles', {
        name: 'cross-org-probe',
        description: 'Probed by the cross-org matrix',
        permissions: ['task.read'],
      })
    ).id;
    for (let version = 1; version <= 4; version++) {
      await create('admin', '/api/process-templates', {
        text: JSON.stringify({
          key: PROBED_TEMPLATE,
          name: { ru: `Проба ${version}`, en: `Probe ${version}` },
          category: 'probes',
          starters: { staff: true },
          startForm: { schema: { type: 'object' } },
          steps: [
            {
              id: 'do',
              type: 'userTask',
              name: { ru: 'Сделать', en: 'Do' },
              assignee: { rule: 'requester' },
              next: 'end',
            },
          ],
        }),
      });
    }
  });

  describe('the coverage table', () => {
    it('covers every endpoint of the OpenAPI document that takes an id in its path', () => {
      const idTaking = [...openApi.keys()].filter((key) => paramNames(key).length > 0);
      expect(idTaking.length).toBeGreaterThan(0);
      const uncovered = idTaking.filter((key) => !(key in COVERAGE) && !(key in NOT_ID_PATHS));
      expect({ uncovered }).toEqual({ uncovered: [] });
    });

    it('has no row for an endpoint the API no longer has', () => {
      const stale = [...COVERAGE_KEYS, ...(Object.keys(NOT_ID_PATHS) as EndpointKey[])].filter(
        (key) => !openApi.has(key),
      );
      expect({ stale }).toEqual({ stale: [] });
    });

    it.each(COVERAGE_KEYS)('%s: the row fills every path parameter for both targets', (key) => {
      for (const target of targetsOf(key)) {
        expect(Object.keys(ROWS[key].params(fixture, target)).sort()).toEqual(paramNames(key).sort());
      }
    });

    it('has a rule for every id the OpenAPI document takes outside a path', () => {
      const fields = [...openApi].flatMap(([key, operation]) => idFieldsOf(key, operation));
      expect(fields.length).toBeGreaterThan(0);
      const unruled = fields.filter((f) => !(f.name in ID_FIELDS)).map((f) => `${f.key} ${f.in} ${f.name}`);
      expect({ unruled }).toEqual({ unruled: [] });
    });
  });

  describe.each(PROBERS)('%s, who may not see the target', (prober) => {
    it.each(PROBES)(
      '%s with the id of a %s resource is refused without telling anything, and changes nothing',
      async (key, target) => {
        const row = ROWS[key];
        const mutating = MUTATING.has(methodOf(key)) && row.safe === undefined;
        expect({ key, mutating, readBack: row.readBack !== undefined }).toEqual({
          key,
          mutating,
          readBack: mutating,
        });
        const readBack = row.readBack?.(fixture, target);
        const before = readBack ? await read(readBack) : undefined;

        const response = await send(call(key, prober, row.params(fixture, target), target));

        expect({ key, status: response.status, body: response.body }).toEqual({
          key,
          ...refusalOf(row, grantsOf(prober)),
        });
        if (readBack) {
          expect(await read(readBack)).toEqual(before);
        }
      },
    );

    it.each(COVERAGE_KEYS)('%s with an unknown id answers exactly as with a foreign one', async (key) => {
      const response = await send(call(key, prober, unknownParams(key), 'raduga'));
      expect({ key, status: response.status, body: response.body }).toEqual({
        key,
        ...refusalOf(ROWS[key], grantsOf(prober)),
      });
    });

    it.each(COVERAGE_KEYS)('%s with a malformed id answers 400 VALIDATION_FAILED', async (key) => {
      for (const name of paramNames(key)) {
        for (const bad of MALFORMED_IDS) {
          const params = { ...ROWS[key].params(fixture, 'raduga'), [name]: bad };
          const response = await send<{ code?: string }>(call(key, prober, params, 'raduga'));
          expect({ key, name, bad, status: response.status, code: response.body.code }).toEqual({
            key,
            name,
            bad,
            status: 400,
            code: 'VALIDATION_FAILED',
          });
        }
      }
    });

    it('answers a foreign id outside the path (body, query) exactly as an unknown one', async () => {
      type Answer = { status: number; body: unknown };
      const answers: { probe: string; foreign: Answer; unknown: Answer }[] = [];
      for (const [key, operation] of openApi) {
        for (const field of idFieldsOf(key, operation)) {
          const rule = ID_FIELDS[field.name];
          if (typeof rule !== 'function') {
            continue;
          }
          const unknown = await send(outsidePathCall(prober, key, operation, field, UNKNOWN_ID));
          for (const target of TARGETS) {
            const foreign = await send(outsidePathCall(prober, key, operation, field, rule(target)));
            answers.push({
              probe: `${key} ${field.in} ${field.name} (${target})`,
              foreign: { status: foreign.status, body: foreign.body },
              unknown: { status: unknown.status, body: unknown.body },
            });
          }
        }
      }
      expect(answers.length).toBeGreaterThan(0);
      expect(answers.map(({ probe, foreign }) => ({ probe, answer: foreign }))).toEqual(
        answers.map(({ probe, unknown }) => ({ probe, answer: unknown })),
      );
      expect(answers.filter(({ unknown }) => unknown.status >= 500)).toEqual([]);
    });
  });

  describe('olga, a portal user of Raduga Mall, and the requests of another client (Hotel Sever)', () => {
    const severKeys = COVERAGE_KEYS.filter((key) =>
      /^(GET|POST) \/api\/(requests\/\{instanceId\}|work-items\/\{taskId\}|clients\/\{orgId\})/.test(key),
    );

    it.each(severKeys)('%s with Hotel Sever’s id is refused without telling anything', async (key) => {
      const params: Record<string, string> = {
        instanceId: fixture.sever.request,
        taskId: fixture.sever.workItem,
        orgId: DEMO_SEVER_ID,
      };
      const before = await read(readRequest(fixture.sever.request));
      const item = await read(readWorkItem(fixture.sever.workItem));
      const only = Object.fromEntries(paramNames(key).map((name) => [name, params[name] ?? '']));

      const response = await send(call(key, 'olga', only, 'raduga'));

      expect({ key, status: response.status, body: response.body }).toEqual({
        key,
        ...refusalOf(ROWS[key], grantsOf('olga')),
      });
      expect(await read(readRequest(fixture.sever.request))).toEqual(before);
      expect(await read(readWorkItem(fixture.sever.workItem))).toEqual(item);
    });
  });

  describe('answers about ids one may see carry nobody one may not see', () => {
    // The company's head (admin) is the nearest head above Hotel Sever, Raduga Mall, North and
    // Operations' own head; none of these callers may see him.
    it.each([
      ['petr', 'petr'],
      ['petr', 'ivan'],
      ['olga', 'olga'],
      ['ivan', 'olga'],
    ] as const)(
      '%s asking for the supervisor of %s gets someone they may see, or nobody',
      async (who, of) => {
        const answer = await ok<Supervisor>(
          { as: who, method: 'GET', path: `/api/users/${demoUser[of].id}/supervisor` },
          200,
        );
        if (answer.supervisor) {
          const direct = await send({ as: who, method: 'GET', path: `/api/users/${answer.supervisor.id}` });
          expect({ supervisor: answer.supervisor.email, status: direct.status }).toEqual({
            supervisor: answer.supervisor.email,
            status: 200,
          });
        }
      },
    );

    it('names staff their own supervisor even outside their unit, and nobody to others asking', async () => {
      // The company's head (admin) supervises the North branch; Boris may know that of himself.
      const own = await ok<Supervisor>(
        { as: 'boris', method: 'GET', path: `/api/users/${demoUser.boris.id}/supervisor` },
        200,
      );
      expect(own.supervisor?.id).toBe(demoUser.admin.id);
    });

    it('still names a supervisor the caller may see', async () => {
      // Ivan heads Operations, where Dina works.
      const answer = await ok<Supervisor>(
        { as: 'dina', method: 'GET', path: `/api/users/${demoUser.dina.id}/supervisor` },
        200,
      );
      expect(answer.supervisor?.id).toBe(demoUser.ivan.id);
    });
  });

  describe('the same calls by those who may make them (so a 404 above is a denial, not a broken route)', () => {
    it.each(COVERAGE_KEYS)('%s with an unknown id answers 404 NOT_FOUND to its owner', async (key) => {
      const row = ROWS[key];
      const response = await send(call(key, row.owner('raduga'), unknownParams(key), 'raduga'));
      expect({ key, status: response.status, body: response.body }).toEqual({
        key,
        status: 404,
        body: { code: 'NOT_FOUND', message: `The ${row.resource} was not found` },
      });
    });

    // Last: some of these calls deactivate or revoke their (dedicated) targets for good.
    it.each(PROBES)(
      '%s on the %s resource succeeds for its owner (and a change really takes effect)',
      async (key, target) => {
        const row = ROWS[key];
        const readBack = row.readBack?.(fixture, target);
        const before = readBack ? await read(readBack) : undefined;

        const response = await send<{ code?: string }>(
          call(key, row.owner(target), row.params(fixture, target), target),
        );

        const refused = row.ownerAnswer?.(target) ?? null;
        if (refused) {
          expect({ key, target, status: response.status, code: response.body.code }).toEqual({
            key,
            target,
            status: refused.status,
            code: refused.code,
          });
          if (readBack) {
            expect(await read(readBack)).toEqual(before);
          }
          return;
        }
        expect({ key, target, status: response.status }).toEqual({
          key,
          target,
          status: row.ownerStatus ?? 200,
        });
        if (readBack) {
          expect(await read(readBack)).not.toEqual(before);
          if (row.restore) {
            await ok(row.restore(fixture, target, before), 200);
            expect(await read(readBack)).toEqual(before);
          }
        }
        const changed = row.changesAccessOf?.(target);
        if (changed) {
          as[changed] = api.as(await login(system.gatewayUrl, demoUser[changed].email, DEMO_PASSWORD));
        }
      },
    );
  });

  describe('guard coverage (enumerated from the OpenAPI document)', () => {
    it('lists only public routes that exist', async () => {
      const missing = PUBLIC_ROUTES.filter((key) => !openApi.has(key));
      expect({ missing }).toEqual({ missing: [] });
      for (const path of PUBLIC_DOCS) {
        expect({ path, status: (await api.get(path)).status }).toEqual({ path, status: 200 });
      }
    });

    it('answers 401 UNAUTHENTICATED without a token on every other route', async () => {
      const answers: { key: EndpointKey; status: number; body: unknown }[] = [];
      for (const [key, operation] of openApi) {
        if (PUBLIC_ROUTES.includes(key)) {
          continue;
        }
        let body: unknown;
        let headers: Record<string, string> = {};
        if (operation.requestBody) {
          // A valid body, so that it is the missing token and not validation that answers.
          const fallback = BODIES_WITHOUT_EXAMPLE[key];
          body = exampleBody(operation) ?? fallback?.body;
          if (body === undefined) {
            throw new Error(
              `${key} takes a body: give it an OpenAPI example or a row in BODIES_WITHOUT_EXAMPLE`,
            );
          }
          headers = fallback ? { 'content-type': fallback.contentType } : {};
        }
        const response = await api.send(methodOf(key), fill(key, allParams(key, UNKNOWN_ID)), body, headers);
        answers.push({ key, status: response.status, body: response.body });
      }
      expect(answers.length).toBeGreaterThan(PUBLIC_ROUTES.length);
      const unauthenticated = {
        status: 401,
        body: { code: 'UNAUTHENTICATED', message: 'Authentication is required' },
      };
      expect(answers).toEqual(answers.map(({ key }) => ({ key, ...unauthenticated })));
    });

    it('documents a bearer token on every guarded route and none on the public ones', () => {
      const misdocumented = [...openApi]
        .filter(([key, operation]) => (operation.security ?? []).length > 0 === PUBLIC_ROUTES.includes(key))
        .map(([key]) => key);
      expect({ misdocumented }).toEqual({ misdocumented: [] });
    });
  });
});
