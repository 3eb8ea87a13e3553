import 'reflect-metadata';
import type { EventContract } from '@orbita/contracts';
import { EVENTS_STREAM, allEvents } from '@orbita/contracts';
import { ON_EVENT_METADATA } from '@orbita/platform';
import { RecipientRulesHandler, SILENT_EVENTS } from './recipient-rules.handler';

/** The event types the rules handle: what @OnEvent marks on the handler's methods. */
function handledTypes(): string[] {
  const prototype = RecipientRulesHandler.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype)
    .map((name) => prototype[name])
    .filter((method): method is object => typeof method === 'function')
    .map((method) => Reflect.getMetadata(ON_EVENT_METADATA, method) as EventContract | undefined)
    .filter((contract): contract is EventContract => contract !== undefined)
    .map((contract) => contract.type);
}

describe('recipient rules', () => {
  // The MAIL stream's messages are e-mails asked for, not facts to notify of.
  const published = allEvents.filter((contract) => contract.stream === EVENTS_STREAM).map((c) => c.type);

  it('decide for every event type the platform publishes: notified by a rule, or silent with a reason', () => {
    const decided = new Set([...handledTypes(), ...Object.keys(SILENT_EVENTS)]);
    expect(published.filter((type) => !decided.has(type))).toEqual([]);
  });

  it('never both notify of and stay silent on a type, nor name a type no contract has', () => {
    const handled = handledTypes();
    expect(handled.filter((type) => type in SILENT_EVENTS)).toEqual([]);
    const known = new Set(published);
    expect([...handled, ...Object.keys(SILENT_EVENTS)].filter((type) => !known.has(type))).toEqual([]);
  });

  it('cover what the issue names: assignments, claims, reminders, escalations, comments, documents, returns', () => {
    expect(handledTypes()).toEqual(
      expect.arrayContaining([
        'tasks.task.created',
        'tasks.step.started',
        'tasks.step.assigned',
        'tasks.step.reminded',
        'tasks.step.escalated',
        'tasks.feed.comment-added',
        'tasks.step.finished',
        'tasks.instance.ended',
        'documents.document.published',
      ]),
    );
  });

  it('give every silent type a reason', () => {
    expect(Object.entries(SILENT_EVENTS).filter(([, reason]) => reason.trim().length < 10)).toEqual([]);
  });
});
