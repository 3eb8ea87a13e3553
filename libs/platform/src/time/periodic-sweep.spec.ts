import { PeriodicSweep } from './periodic-sweep';

describe('PeriodicSweep', () => {
  it('never runs twice at once: a call while one runs gets that run', async () => {
    let runs = 0;
    let finish: (n: number) => void = () => undefined;
    const sweep = new PeriodicSweep(
      60_000,
      () => {
        runs += 1;
        return new Promise<number>((resolve) => (finish = resolve));
      },
      0,
      () => undefined,
    );
    const first = sweep.now();
    const second = sweep.now();
    finish(7);
    expect(await Promise.all([first, second])).toEqual([7, 7]);
    expect(runs).toBe(1);
    finish = () => undefined;
    const third = sweep.now();
    finish(8);
    expect(await third).toBe(8);
    expect(runs).toBe(2);
  });

  it('answers `failed` and reports the error when a run throws; the next run goes ahead', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const sweep = new PeriodicSweep(
      60_000,
      () => (fail ? Promise.reject(new Error('database away')) : Promise.resolve(3)),
      0,
      (err) => errors.push(err),
    );
    expect(await sweep.now()).toBe(0);
    expect(errors).toHaveLength(1);
    fail = false;
    expect(await sweep.now()).toBe(3);
  });

  it('waits for the run under way when stopped', async () => {
    let done = false;
    let finish: () => void = () => undefined;
    const sweep = new PeriodicSweep(
      60_000,
      () =>
        new Promise<void>((resolve) => {
          finish = () => {
            done = true;
            resolve();
          };
        }),
      undefined,
      () => undefined,
    );
    sweep.start();
    void sweep.now();
    const stopped = sweep.stop();
    finish();
    await stopped;
    expect(done).toBe(true);
  });
});
