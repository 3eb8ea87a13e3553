import type { EventEnvelope } from '@orbita/contracts';
import { EventEnvelopeSchema } from '@orbita/contracts';
import { outboxOnInsert, outboxOnUpdate } from './outbox';

function envelope(id: string, data: unknown): EventEnvelope {
  return {
    id,
    type: 'tasks.task.created',
    version: 1,
    occurredAt: '2025-03-01T10:00:00.000Z',
    correlationId: 'corr-1',
    causationId: null,
    actor: { userId: 'u1', orgId: 'org-a' },
    orgId: 'org-a',
    subject: { type: 'task', id: 't1' },
    data,
  };
}

const events = [
  envelope('01JA0000000000000000000001', { title: 'Позвонить клиенту', tags: ['a', 'b'], due: null }),
  envelope('01JA0000000000000000000002', { nested: { quote: '"}{', newline: 'a\nb' } }),
];

describe('outbox fields', () => {
  it('stores each event of an insert as a JSON string that parses back to the envelope', () => {
    const fields = outboxOnInsert(events);
    // The sweep's mark: the time of the oldest event.
    expect(fields.outboxAt).toEqual(new Date('2025-03-01T10:00:00.000Z'));
    expect(fields.outbox).toHaveLength(events.length);
    const outbox = fields.outbox ?? [];
    for (const raw of outbox) {
      expect(typeof raw).toBe('string');
    }
    const parsed = outbox.map((raw) => JSON.parse(raw) as unknown);
    expect(parsed).toEqual(events);
    for (const event of parsed) {
      expect(EventEnvelopeSchema.safeParse(event).success).toBe(true);
    }
  });

  it('appends the events of an update in order and marks the document for the sweep, keeping an older mark', () => {
    const update = outboxOnUpdate(events);
    expect(update.$min).toEqual({ outboxAt: new Date('2025-03-01T10:00:00.000Z') });
    expect(update.$push?.outbox.$each.map((raw) => JSON.parse(raw) as unknown)).toEqual(events);
  });

  it('changes nothing about the outbox when there are no events', () => {
    expect(outboxOnUpdate([])).toEqual({});
  });

  it('writes the same string for the same event on insert and on update', () => {
    // The relay removes published events with $pullAll, which matches whole values.
    expect(outboxOnUpdate(events).$push?.outbox.$each).toEqual(outboxOnInsert(events).outbox);
  });

  it('handles no events', () => {
    expect(outboxOnInsert([])).toEqual({});
    expect(outboxOnUpdate([])).toEqual({});
  });
});
