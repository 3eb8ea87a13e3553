import { KeyedQueue } from './keyed-queue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedQueue', () => {
  it('runs tasks of one key one after another, of different keys side by side, past failures', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = queue.run('a', async () => {
      log.push('a1 start');
      await gate;
      log.push('a1 end');
      throw new Error('a1 failed');
    });
    const second = queue.run('a', () => {
      log.push('a2');
      return Promise.resolve(2);
    });
    const other = queue.run('b', () => {
      log.push('b1');
      return Promise.resolve(1);
    });
    await tick();
    expect(log).toEqual(['a1 start', 'b1']);
    release();
    await expect(first).rejects.toThrow('a1 failed');
    await expect(second).resolves.toBe(2);
    await expect(other).resolves.toBe(1);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });
});
