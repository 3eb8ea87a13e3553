import type { EventContract } from './messaging/event-contract';
import type { NoticeContract } from './messaging/notice-contract';
import type { RequestContract } from './messaging/request-contract';
import { DocumentsEvents, DocumentsRequests } from './documents/documents.contracts';
import { IdentityRequests } from './identity/identity.contracts';
import { IdentityEvents, IdentityNotices } from './identity/identity.events';
import { MailMessages } from './notifications/mail.contracts';
import { DeadLetterRequestsByService } from './ops/dead-letters.contracts';
import { NotificationEmailRequests } from './notifications/email.contracts';
import { LiveRequests } from './notifications/live.contracts';
import { NotificationPreferenceRequests } from './notifications/preferences.contracts';
import { NotificationsRequests } from './notifications/notifications.contracts';
import { CalendarsRequests } from './tasks/calendars.contracts';
import { ClientsRequests } from './tasks/clients.contracts';
import { ProcessEvents, ProcessRequests } from './tasks/processes.contracts';
import { RegistersEvents, RegistersRequests } from './tasks/registers.contracts';
import { SchedulesRequests } from './tasks/schedules.contracts';
import { ReportsRequests } from './tasks/reports.contracts';
import { TasksEvents, TasksRequests } from './tasks/tasks.contracts';
import { TemplatesEvents, TemplatesRequests } from './tasks/templates.contracts';

/** Every request subject, for documentation and for tests that check coverage. */
export const allRequests: readonly RequestContract[] = [
  ...Object.values(IdentityRequests),
  ...Object.values(TasksRequests),
  ...Object.values(TemplatesRequests),
  ...Object.values(ProcessRequests),
  ...Object.values(RegistersRequests),
  ...Object.values(ClientsRequests),
  ...Object.values(CalendarsRequests),
  ...Object.values(SchedulesRequests),
  ...Object.values(ReportsRequests),
  ...Object.values(DocumentsRequests),
  ...Object.values(NotificationsRequests),
  ...Object.values(LiveRequests),
  ...Object.values(NotificationEmailRequests),
  ...Object.values(NotificationPreferenceRequests),
  ...Object.values(DeadLetterRequestsByService).flatMap((requests): RequestContract[] => [
    requests.get,
    requests.list,
    requests.replay,
    requests.discard,
  ]),
];

/** Every event kind, for the AsyncAPI document and for subscribers. */
export const allEvents: readonly EventContract[] = [
  ...Object.values(IdentityEvents),
  ...Object.values(TasksEvents),
  ...Object.values(TemplatesEvents),
  ...Object.values(ProcessEvents),
  ...Object.values(RegistersEvents),
  ...Object.values(DocumentsEvents),
  ...Object.values(MailMessages),
];

/** Every notice (core NATS broadcast between services). */
export const allNotices: readonly NoticeContract[] = [...Object.values(IdentityNotices)];

const eventsByType = new Map(allEvents.map((contract) => [contract.type, contract]));

/** The contract of an event type, to find its stream and subject when publishing a stored envelope. */
export function eventContractOf(type: string): EventContract | undefined {
  return eventsByType.get(type);
}
