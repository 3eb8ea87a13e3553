import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DeadLetterView, ListDeadLettersInput, Page, Principal } from '@orbita/contracts';
import { ErrorCode, Permission } from '@orbita/contracts';
import { requirePermission } from '../../access/access-scope';
import { CLOCK } from '../../bus/tokens';
import { AppError } from '../../errors/app-error';
import { toPage } from '../../mongo/cursor';
import type { Clock } from '../../time/clock';
import { EventConsumer } from '../event-consumer';
import { DeadLetterRepository } from './dead-letter.repository';
import type { DeadLetterDocument } from './dead-letter.schema';

/**
 * What admins do with the messages a consumer parked: look at them (with the error and the
 * payload), replay one once its cause is fixed (the handler runs again, in this service, on the
 * message as it was received), or give one up.
 */
@Injectable()
export class DeadLetterService {
  private readonly logger = new Logger(DeadLetterService.name);

  constructor(
    private readonly letters: DeadLetterRepository,
    private readonly consumer: EventConsumer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(principal: Principal, input: ListDeadLettersInput): Promise<Page<DeadLetterView>> {
    requireOperator(principal);
    const docs = await this.letters.list(input.status, input);
    return toPage(docs, input.limit, toView);
  }

  async get(principal: Principal, id: string): Promise<DeadLetterView> {
    requireOperator(principal);
    const letter = await this.letters.byId(id);
    if (!letter) {
      throw AppError.notFound('dead letter');
    }
    return toView(letter);
  }

  async replay(principal: Principal, id: string): Promise<DeadLetterView> {
    requireOperator(principal);
    const letter = await this.parked(id);
    try {
      await this.consumer.handleParked(letter.subject, letter.payload);
    } catch (err) {
      const error = describe(err);
      await this.letters.failedAgain(letter._id, error, this.clock.now());
      this.logger.warn({ deadLetterId: letter._id, err, msg: 'Replayed dead letter failed again' });
      throw new AppError(ErrorCode.Conflict, {
        reason: `the handler failed again: ${error}`,
        reason_ru: `обработчик снова завершился ошибкой: ${error}`,
      });
    }
    const resolved = await this.letters.resolve(letter._id, 'replayed', this.clock.now(), principal.userId);
    this.logger.log({ deadLetterId: letter._id, eventId: letter.eventId, msg: 'Dead letter replayed' });
    return toView(resolved ?? letter);
  }

  async discard(principal: Principal, id: string): Promise<DeadLetterView> {
    requireOperator(principal);
    const letter = await this.parked(id);
    const resolved = await this.letters.resolve(letter._id, 'discarded', this.clock.now(), principal.userId);
    return toView(resolved ?? letter);
  }

  private async parked(id: string): Promise<DeadLetterDocument> {
    const letter = await this.letters.byId(id);
    if (!letter) {
      throw AppError.notFound('dead letter');
    }
    if (letter.status !== 'parked') {
      throw AppError.conflict({
        en: `this message was ${letter.status} already`,
        ru:
          letter.status === 'replayed'
            ? 'это сообщение уже обработано повторно'
            : 'от этого сообщения уже отказались',
      });
    }
    return letter;
  }
}

/** Parked messages hold other orgs' data: only those who run the installation see them. */
function requireOperator(principal: Principal): void {
  requirePermission(principal, Permission.OpsManage, [principal.orgPath[0] ?? principal.orgId]);
}

function describe(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}

export function toView(doc: DeadLetterDocument): DeadLetterView {
  return {
    id: doc._id,
    service: doc.service,
    consumer: doc.consumer,
    stream: doc.stream,
    subject: doc.subject,
    streamSequence: doc.streamSequence,
    eventId: doc.eventId,
    eventType: doc.eventType,
    orgId: doc.orgId,
    error: doc.error,
    attempts: doc.attempts,
    status: doc.status,
    firstFailedAt: doc.firstFailedAt.toISOString(),
    lastFailedAt: doc.lastFailedAt.toISOString(),
    resolvedAt: doc.resolvedAt ? doc.resolvedAt.toISOString() : null,
    resolvedBy: doc.resolvedBy,
    payload: doc.payload,
  };
}
