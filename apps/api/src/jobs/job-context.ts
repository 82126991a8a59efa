import type { BaseDeps, Context } from '../core/context';
import { systemContext } from '../core/context';

/** What every job gets: the database, configuration, the injectable clock and the services. */
export type JobDeps = BaseDeps;

/** A context acting as "the system" (no user): history rows and audit rows show no person. */
export function jobContext(deps: JobDeps): Context {
  const ctx = systemContext(deps, null);
  ctx.meta = { ip: null, userAgent: 'wk-jobs' };
  return ctx;
}

/** Outcome counters of a lifecycle job (logged by the runner, asserted by tests). */
export type JobReport = Record<string, number>;
