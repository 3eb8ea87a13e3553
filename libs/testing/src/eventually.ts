/**
 * Retries an assertion until it passes or the time is up, then fails with its last error. Tests
 * poll with this instead of sleeping for a fixed time.
 */
export async function eventually<T>(
  assertion: () => Promise<T> | T,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw lastError instanceof Error ? lastError : new Error(String(lastError));
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
