import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { ChangeHintSchema, changesSubjectOf } from '@orbita/contracts';
import { NATS_CONNECTION } from '@orbita/platform';
import { DirectoryService } from '../directory/directory.service';
import { InstanceRepository } from '../instances/instance.repository';

/**
 * Tells the people concerned that a request changed (ADR 027): one hint with the request's id on
 * `changes.live.<userId>` for each participant (requester, assignees, candidates, deciders), read
 * fresh after the change. What only the company sees (an internal note, a claim) is hinted to the
 * company's people only, so a portal user does not even learn that something internal happened.
 * Best effort: a hint that fails is logged; the browser reads again on reconnect and on focus.
 */
@Injectable()
export class ChangeHints {
  private readonly logger = new Logger(ChangeHints.name);

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly instances: InstanceRepository,
    private readonly directory: DirectoryService,
  ) {}

  async changed(instanceId: string, visibility: 'internal' | 'shared'): Promise<void> {
    try {
      const instance = await this.instances.load(instanceId);
      if (!instance) {
        return;
      }
      for (const recipientId of new Set(instance.participants)) {
        if (visibility === 'internal') {
          const user = await this.directory.user(recipientId);
          if (!user || user.external) {
            continue;
          }
        }
        const hint = ChangeHintSchema.parse({
          recipientId,
          subject: { type: 'process-instance', id: instance._id },
        });
        this.nc.publish(changesSubjectOf(recipientId), JSON.stringify(hint));
      }
    } catch (err) {
      this.logger.warn({ instanceId, err, msg: 'A change hint failed; the browser reads again later' });
    }
  }
}
