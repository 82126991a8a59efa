import PgBoss from 'pg-boss';
import type { JobDeps, JobReport } from './job-context';
import { rootLogger } from '../core/logger';
import { runRenewals } from './renewals.job';
import { runExpiry } from './expiry.job';
import { runExpiryNotices } from './expiry-notices.job';
import { runTrialNotices } from './trial-notices.job';
import { runMonthlyPayouts } from './payouts.job';
import { runMailOutbox } from './mail.job';
import { runCleanup } from './cleanup.job';
import { runVersionChecksJob, runVersionChecksSweep } from './version-checks.job';

export interface JobDefinition {
  name: string;
  /** Cron (UTC) of the schedule; null for queues fed on demand (with data). */
  cron: string | null;
  run(deps: JobDeps, data?: unknown): Promise<JobReport>;
  /** Queued once when the worker starts, so a restart catches up at once. */
  runOnStart: boolean;
}

/** Every background job of the product (README "Jobs"). */
export const JOBS: readonly JobDefinition[] = [
  { name: 'license-renewals', cron: '*/10 * * * *', run: runRenewals, runOnStart: true },
  { name: 'license-expiry', cron: '*/10 * * * *', run: runExpiry, runOnStart: true },
  { name: 'license-expiry-notices', cron: '5 * * * *', run: runExpiryNotices, runOnStart: true },
  { name: 'trial-ending-notices', cron: '15 * * * *', run: runTrialNotices, runOnStart: true },
  { name: 'vendor-payouts', cron: '0 3 1 * *', run: runMonthlyPayouts, runOnStart: false },
  { name: 'email-outbox', cron: '* * * * *', run: runMailOutbox, runOnStart: true },
  { name: 'idempotency-cleanup', cron: '30 4 * * *', run: runCleanup, runOnStart: false },
  // Automated review: one job per uploaded (or re-scanned) version, and the safety net.
  { name: 'version-checks', cron: null, run: runVersionChecksJob, runOnStart: false },
  { name: 'version-checks-sweep', cron: '* * * * *', run: runVersionChecksSweep, runOnStart: true },
];

export interface JobRunnerOptions {
  databaseUrl: string;
  /** Register the cron schedules (off in tests, which trigger jobs explicitly). */
  schedules?: boolean;
  /** Queue the `runOnStart` jobs when starting. */
  kickOnStart?: boolean;
  /** How often an idle worker polls its queues (seconds, ≥ 0.5). */
  pollingIntervalSeconds?: number;
  log?: (message: string) => void;
  /** Identifies this worker in logs. */
  name?: string;
}

/**
 * The durable job runner: pg-boss queues in the product's PostgreSQL (schema `pgboss`), cron
 * schedules, retries with backoff. Any number of runners may work the same queues (web process
 * and standalone workers): pg-boss hands each job to one of them, schedules fire once per tick,
 * and every job function is itself idempotent and safe when two run at once.
 */
export class JobRunner {
  private boss: PgBoss | null = null;
  private readonly log: (message: string) => void;

  constructor(
    private readonly deps: JobDeps,
    private readonly options: JobRunnerOptions,
  ) {
    this.log = options.log ?? ((m) => (deps.logger ?? rootLogger()).info(m));
  }

  get started(): boolean {
    return this.boss !== null;
  }

  async start(): Promise<void> {
    if (this.boss) return;
    const boss = new PgBoss({
      connectionString: this.options.databaseUrl,
      schema: 'pgboss',
      application_name: `wk-jobs${this.options.name ? `-${this.options.name}` : ''}`,
      max: 4,
      schedule: this.options.schedules ?? true,
    });
    boss.on('error', (e) =>
      (this.deps.logger ?? rootLogger()).error({ err: e, worker: this.options.name ?? 'worker' }, 'job runner error'),
    );
    await boss.start();
    this.boss = boss;
    for (const job of JOBS) {
      await boss.createQueue(job.name, {
        name: job.name,
        policy: 'standard',
        retryLimit: 3,
        retryDelay: 30,
        retryBackoff: true,
        expireInSeconds: 15 * 60,
      });
      await boss.work(job.name, { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2, batchSize: 1 }, async ([j]) => {
        const started = Date.now();
        let report: JobReport;
        try {
          report = await job.run(this.deps, j?.data);
        } catch (e) {
          // pg-boss records the failure and retries; the stack is logged here.
          (this.deps.logger ?? rootLogger()).error({ err: e, job: job.name, jobId: j?.id }, 'job failed');
          throw e;
        }
        const interesting = Object.entries(report).filter(([, v]) => v > 0);
        if (interesting.length)
          this.log(
            `[jobs] ${job.name} (${j?.id.slice(0, 8)}): ${interesting.map(([k, v]) => `${k}=${v}`).join(' ')} in ${Date.now() - started} ms`,
          );
        return report;
      });
      if ((this.options.schedules ?? true) && job.cron) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
    }
    if (this.options.kickOnStart ?? true) {
      for (const job of JOBS.filter((j) => j.runOnStart)) await boss.send(job.name, {});
    }
  }

  /** Queues a job now (with its data); resolves with its id. */
  async enqueue(name: string, data: object = {}): Promise<string> {
    if (!this.boss) throw new Error('The job runner is not started.');
    const id = await this.boss.send(name, data);
    if (!id) throw new Error(`Could not queue ${name}.`);
    return id;
  }

  /** Services' `jobs.send`: lets the web process hand work to the workers. */
  send(name: string, data: object): Promise<string> {
    return this.enqueue(name, data);
  }

  /** Waits until a queued job has finished (completed or failed); returns its final state and output. */
  async waitFor(name: string, id: string, timeoutMs = 30_000): Promise<{ state: string; output: unknown }> {
    if (!this.boss) throw new Error('The job runner is not started.');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.boss.getJobById(name, id, { includeArchive: true });
      if (job && (job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled'))
        return { state: job.state, output: job.output };
      if (Date.now() > deadline) throw new Error(`Job ${name} ${id} did not finish in ${timeoutMs} ms (state ${job?.state ?? 'unknown'}).`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
  }
}

/**
 * Starts the worker next to the web process (server.ts) unless JOBS_ENABLED=0; the same worker
 * runs alone with `node dist/jobs/worker.js`.
 */
export async function startJobWorker(deps: JobDeps, options: JobRunnerOptions): Promise<JobRunner | null> {
  if (!deps.config.jobsEnabled) {
    (options.log ?? ((m: string) => (deps.logger ?? rootLogger()).info(m)))('Job worker disabled (JOBS_ENABLED=0).');
    return null;
  }
  const runner = new JobRunner(deps, options);
  await runner.start();
  (options.log ?? ((m: string) => (deps.logger ?? rootLogger()).info(m)))(
    `Job worker started (${JOBS.length} queues: ${JOBS.map((j) => j.name).join(', ')}).`,
  );
  return runner;
}
