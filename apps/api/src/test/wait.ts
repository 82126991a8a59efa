/**
 * Explicit synchronisation for tests, instead of sleeping and hoping the other side is done:
 * - `waitFor(what, probe)`: polls a condition the test can observe (a row, a file, a log line, a health check) until
 *   it holds, with a bounded wait; on timeout it fails naming what it waited for (never a silent pass);
 * - `deferred()`: a promise another party resolves (a hand-off between a fake and the test).
 * Neither measures time: a test asserts what happened, never how long it took.
 */

export interface WaitOptions {
  /** How long to wait at most before failing (default 30 s: a loaded, shared machine). */
  timeoutMs?: number;
  /** Pause between two probes (default 20 ms). */
  intervalMs?: number;
}

/**
 * Resolves with the probe's first truthy result; throws `Timed out waiting for <what>` (with the last error the probe
 * threw, if any) once `timeoutMs` has passed without one.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  opts: WaitOptions = {},
): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const intervalMs = opts.intervalMs ?? 20;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v as Exclude<T, false | null | undefined | 0 | ''>;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const cause = lastError === undefined ? '' : ` (last error: ${String((lastError as Error)?.message ?? lastError)})`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A promise with its resolve function outside: one party awaits `promise`, another calls `resolve`. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
