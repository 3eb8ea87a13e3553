import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EventContract, EventData, EventEnvelope } from '@orbita/contracts';
import { RequestContext } from '../context/request-context';
import { parseOrThrow } from '../errors/validation';
import { CLOCK, ID_GENERATOR } from '../bus/tokens';
import type { Clock } from '../time/clock';
import type { IdGenerator } from '../time/id-generator';

export interface NewEvent<C extends EventContract> {
  orgId: string;
  subject: { type: string; id: string };
  data: EventData<C>;
}

/** Builds event envelopes from the context in progress: correlation, causation and actor. */
@Injectable()
export class EventFactory {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  create<C extends EventContract>(contract: C, event: NewEvent<C>): EventEnvelope<EventData<C>> {
    const ctx = RequestContext.current();
    const principal = ctx?.principal ?? null;
    return {
      id: this.ids.newId(),
      type: contract.type,
      version: contract.version,
      occurredAt: this.clock.now().toISOString(),
      correlationId: ctx?.correlationId ?? randomUUID(),
      causationId: ctx?.causationId ?? null,
      actor: principal ? { userId: principal.userId, orgId: principal.orgId } : null,
      orgId: event.orgId,
      subject: event.subject,
      data: parseOrThrow(contract.data, event.data) as EventData<C>,
    };
  }
}
