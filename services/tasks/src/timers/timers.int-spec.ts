import mongoose from 'mongoose';
import type { Clock, PlatformOptions } from '@orbita/platform';
import { Failpoints } from '@orbita/platform';
import { sharedInfra } from '@orbita/testing';
import { TimerHandlers } from './timer-handlers';
import { TimerRepository } from './timer.repository';
import { TIMER_LEASE_MS, TimerWorker } from './timer-worker';

class MovableClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

/**
 * Durable timers against the real test database: two workers (as two instances of the service
 * would run them, each with its own connection) race for the same due timers; each fires once,
 * late ones in due order; a claimer that dies between claim and completion leaves its timer to
 * fire once more after the lease, and the handler's idempotent effect counts it once.
 */
/** No failpoint: these workers are killed by the test itself where it needs a crash. */
const noFailpoints = new Failpoints({ events: {} } as PlatformOptions);

describe('durable timers', () => {
  const connections: mongoose.Connection[] = [];
  async function repository(test: string): Promise<TimerRepository> {
    const dbName = `timers_${test}_${process.pid}`;
    const connection = await mongoose
      .createConnection(sharedInfra().endpoints.mongoUrl, { dbName })
      .asPromise();
    connections.push(connection);
    const repo = new TimerRepository(connection);
    await repo.ready();
    return repo;
  }

  afterAll(async () => {
    await Promise.all(connections.map((c) => c.dropDatabase()));
    await Promise.all(connections.map((c) => c.close()));
  });

  it('fires each due timer exactly once with two workers', async () => {
    const clock = new MovableClock(new Date('2026-03-02T09:00:00Z'));
    const [repoA, repoB] = [await repository('race'), await repository('race')];
    const fired: string[] = [];
    const handlers = (): TimerHandlers => {
      const registry = new TimerHandlers();
      registry.register('race', async (timer) => {
        fired.push(timer._id);
        await Promise.resolve();
      });
      return registry;
    };
    const start = clock.now();
    for (let i = 0; i < 40; i++) {
      // Scheduled in reverse order of due time, so the order they fire in is the index's.
      const dueAt = new Date(start.getTime() - (40 - i) * 60_000);
      await repoA.schedule(`race-${String(i).padStart(2, '0')}`, 'race', { runId: 'r1' }, dueAt, start);
    }
    expect(await repoA.schedule('race-00', 'race', { runId: 'r1' }, start, start)).toBe(false);
    await repoA.schedule('future', 'race', { runId: 'r1' }, new Date(start.getTime() + 3_600_000), start);

    const workerA = new TimerWorker(repoA, handlers(), clock, noFailpoints);
    const workerB = new TimerWorker(repoB, handlers(), clock, noFailpoints);
    // Both race from the first claim on; a tick's batch would take all 40 alone.
    const counts = await Promise.all([workerA.tick(), workerB.tick()]);

    expect(counts[0] + counts[1]).toBe(40);
    expect([...fired].sort()).toEqual(
      Array.from({ length: 40 }, (_, i) => `race-${String(i).padStart(2, '0')}`),
    );
    expect(new Set(fired).size).toBe(40);
    expect((await repoA.byId('future'))?.status).toBe('pending');

    clock.advance(3_600_000);
    expect(await workerB.tick()).toBe(1);
    expect(fired.at(-1)).toBe('future');
    expect(await workerA.tick()).toBe(0);
  });

  it('fires late timers in the order they were due', async () => {
    const clock = new MovableClock(new Date('2026-03-04T09:00:00Z'));
    const repo = await repository('order');
    const minutesLate = [5, 50, 1, 30, 12];
    for (const late of minutesLate) {
      const dueAt = new Date(clock.now().getTime() - late * 60_000);
      await repo.schedule(`late-${late}`, 'late', { runId: 'r3' }, dueAt, clock.now());
    }
    const fired: string[] = [];
    const registry = new TimerHandlers();
    registry.register('late', async (timer) => {
      fired.push(timer._id);
      await Promise.resolve();
    });
    expect(await new TimerWorker(repo, registry, clock, noFailpoints).tick()).toBe(5);
    expect(fired).toEqual(['late-50', 'late-30', 'late-12', 'late-5', 'late-1']);
  });

  it('fires once after a claimer dies between claim and completion', async () => {
    const clock = new MovableClock(new Date('2026-03-03T09:00:00Z'));
    const repo = await repository('crash');
    await repo.schedule('crash-1', 'crash', { runId: 'r2', stepId: 's1' }, clock.now(), clock.now());

    // The dying instance: it claims the timer and is gone before it fires or marks it.
    const claimed = await repo.claimNext('dead-instance', clock.now(), TIMER_LEASE_MS);
    expect(claimed?._id).toBe('crash-1');

    const effects = new Map<string, number>();
    const registry = new TimerHandlers();
    registry.register('crash', async (timer) => {
      // The idempotent effect: keyed by the timer's id, so a re-fire changes nothing.
      effects.set(timer._id, 1);
      await Promise.resolve();
    });
    const survivor = new TimerWorker(await repository('crash'), registry, clock, noFailpoints);

    expect(await survivor.tick()).toBe(0); // still leased to the dead instance
    clock.advance(TIMER_LEASE_MS + 1);
    expect(await survivor.tick()).toBe(1);
    expect(await survivor.tick()).toBe(0);
    expect(effects.get('crash-1')).toBe(1);
    const after = await repo.byId('crash-1');
    expect(after?.status).toBe('fired');
    expect(after?.attempts).toBe(2);
    // The dead instance coming back cannot mark what it no longer holds.
    expect(await repo.markFired(claimed!, 'dead-instance', clock.now())).toBe(false);
  });
});
