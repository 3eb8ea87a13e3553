/** Polls until the probe resolves true, or fails with the description after the timeout. */
export async function waitFor(
  description: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  isAlive?: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 50;
  for (;;) {
    if (isAlive && !isAlive()) {
      throw new Error(`${description}: the process exited`);
    }
    if (await probe().catch(() => false)) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`${description}: not ready after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 500);
  }
}

export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  return response.ok;
}
