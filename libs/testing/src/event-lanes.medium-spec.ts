import type { DynamicModule } from '@nestjs/common';
import { Injectable, Module } from '@nestjs/common';
import type { EventEnvelope } from '@orbita/contracts';
import { IdentityEvents } from '@orbita/contracts';
import type { ConfigOf } from '@orbita/platform';
import {
  OnEvent,
  PlatformModule,
  eventsConfig,
  httpConfig,
  mongoConfig,
  natsConfig,
  platformOptionsFrom,
} from '@orbita/platform';
import { eventually } from './eventually';
import { MediumTest } from './medium';

const shape = { ...httpConfig(0), ...natsConfig, ...mongoConfig('lanes'), ...eventsConfig };

/** Records the events it handles; each waits until the test lets it finish. */
@Injectable()
class GatedHandler {
  readonly started: string[] = [];
  readonly finished: string[] = [];
  private readonly gates = new Map<string, () => void>();

  @OnEvent(IdentityEvents.userUpdated)
  async onUpdated(event: EventEnvelope<{ userId: string; fields: string[] }>): Promise<void> {
    const name = event.data.fields[0] ?? '?';
    this.started.push(name);
    await new Promise<void>((resolve) => this.gates.set(name, resolve));
    this.finished.push(name);
  }

  release(name: string): void {
    const open = this.gates.get(name);
    if (!open) {
      throw new Error(`${name} is not waiting`);
    }
    open();
  }
}

@Module({ providers: [GatedHandler] })
class LanesModule {
  static register(config: ConfigOf<typeof shape>): DynamicModule {
    const options = platformOptionsFrom('notifications', config);
    return {
      module: LanesModule,
      imports: [PlatformModule.forService({ ...options, events: { ...options.events, concurrency: 4 } })],
    };
  }
}

let seq = 0;
function updated(userId: string, name: string): EventEnvelope<{ userId: string; fields: string[] }> {
  seq += 1;
  return {
    id: `01JLANEEVT${String(seq).padStart(16, '0')}`,
    type: IdentityEvents.userUpdated.type,
    version: IdentityEvents.userUpdated.version,
    occurredAt: new Date().toISOString(),
    correlationId: 'lanes',
    causationId: null,
    actor: null,
    orgId: '01JLANE0000000000000000ORG',
    subject: { type: 'user', id: userId },
    data: { userId, fields: [name] },
  };
}

/** The event consumer with `concurrency` above 1, against a real JetStream. */
describe('event lanes (medium)', () => {
  let medium: MediumTest;

  beforeAll(async () => {
    medium = await MediumTest.start({
      service: 'notifications',
      configShape: shape,
      module: (config) => LanesModule.register(config),
    });
  });

  afterAll(async () => {
    for (const name of ['a1', 'a2', 'b1']) {
      try {
        medium.get(GatedHandler).release(name);
      } catch {
        // Already finished.
      }
    }
    await medium.stop();
  });

  it('handles the events of one subject in order and those of others side by side', async () => {
    const handler = medium.get(GatedHandler);
    const js = medium.nats.jetstream();
    for (const event of [updated('USER-A', 'a1'), updated('USER-A', 'a2'), updated('USER-B', 'b1')]) {
      await js.publish(IdentityEvents.userUpdated.subject, JSON.stringify(event), { msgID: event.id });
    }
    // b1 runs while a1 waits: another lane. a2 waits for a1: the same one.
    await eventually(() => {
      expect([...handler.started].sort()).toEqual(['a1', 'b1']);
    });
    handler.release('b1');
    await eventually(() => {
      expect(handler.finished).toEqual(['b1']);
    });
    expect(handler.started).not.toContain('a2');
    handler.release('a1');
    await eventually(() => {
      expect(handler.started).toContain('a2');
    });
    handler.release('a2');
    await eventually(() => {
      expect(handler.finished).toEqual(['b1', 'a1', 'a2']);
    });
  });
});
