/**
 * A piece of work a service runs every `everyMs` (a worker's sweep of what is due): never two runs
 * at once in the process (a call while one runs gets that run), the timer never keeps the process
 * alive, and `stop` waits for the run under way. What `run` throws reaches `onError`, and the run
 * answers `failed` instead: the next one tries again.
 */
export class PeriodicSweep<R> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<R> | null = null;

  constructor(
    private readonly everyMs: number,
    private readonly run: () => Promise<R>,
    private readonly failed: R,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.now(), this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs now, or answers the run under way. */
  now(): Promise<R> {
    this.running ??= this.run()
      .catch((err: unknown) => {
        this.onError(err);
        return this.failed;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
