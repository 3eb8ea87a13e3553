import { z } from 'zod';

/**
 * Live change hints (ADR 027). When a request changes (a step starts or ends, a task is claimed, a
 * comment is added), the tasks service publishes on core NATS to `changes.live.<recipientId>` for
 * each person concerned: the request's participants (requester, assignees, candidates, deciders),
 * and, for what only the company sees, only the company's people among them. A hint carries the
 * request's id and nothing else: the browser reads the request again through the access-checked
 * API. Every gateway instance subscribes to `changes.live.>` and writes a hint to that user's open
 * Server-Sent Events streams as `event: change`. Hints are not stored: a missed one is covered by
 * the client reading again when it reconnects or when its tab comes back into view.
 */
export const CHANGES_SUBJECT_PREFIX = 'changes.live';

export function changesSubjectOf(recipientId: string): string {
  return `${CHANGES_SUBJECT_PREFIX}.${recipientId}`;
}

export const ChangeHintSchema = z.object({
  recipientId: z.string().min(1).max(64),
  subject: z.object({ type: z.literal('process-instance'), id: z.string().min(1).max(64) }),
});
export type ChangeHint = z.infer<typeof ChangeHintSchema>;
