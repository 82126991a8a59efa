import PgBoss from 'pg-boss';
import { Client } from 'pg';
import type { JobDeps, JobReport } from './job-context';
import { rootLogger } from '../core/logger';
import { runRenewals } from './renewals.job';
import { runExpiry } from './expiry.job';
import { runExpiryNotices } from './expiry-notices.job';
import { runTrialNotices } from './trial-notices.job';
import { runPriceChangeNotices } from './price-change-notices.job';
import { runMonthlyPayouts } from './payouts.job';
import { runMailOutbox } from './mail.job';
import { runCleanup } from './cleanup.job';
import { runPaymentReconciliation } from './payments-reconcile.job';
import { runArtifactOrphanSweep } from './artifact-orphans.job';
import { runVersionChecksJob, runVersionChecksSweep } from './version-checks.job';
import { runSeatRelease } from './seat-release.job';
import { runArtifactSigningBackfill } from './artifact-signing.job';
import { runModuleAlerts } from './module-alerts.job';

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
  { name: 'price-change-notices', cron: '25 * * * *', run: runPriceChangeNotices, runOnStart: true },
  { name: 'vendor-payouts', cron: '0 3 1 * *', run: runMonthlyPayouts, runOnStart: false },
  { name: 'email-outbox', cron: '* * * * *', run: runMailOutbox, runOnStart: true },
  { name: 'idempotency-cleanup', cron: '30 4 * * *', run: runCleanup, runOnStart: false },
  { name: 'payments-reconcile', cron: '*/5 * * * *', run: (deps) => runPaymentReconciliation(deps), runOnStart: true },
  { name: 'floating-seat-release', cron: '* * * * *', run: (deps) => runSeatRelease(deps), runOnStart: true },
  { name: 'artifact-signing-backfill', cron: '41 * * * *', run: (deps) => runArtifactSigningBackfill(deps), runOnStart: true },
  { name: 'module-alerts', cron: '*/5 * * * *', run: (deps) => runModuleAlerts(deps), runOnStart: true },
  { name: 'artifact-orphan-sweep', cron: '17 * * * *', run: (deps) => runArtifactOrphanSweep(deps), runOnStart: false },
  // Automated review: one job per uploaded (or re-scanned) version (data: { versionId }), and the safety net.
  { name: 'version-checks', cron: null, run: runVersionChecksJob, runOnStart: false },
  { name: 'version-checks-sweep', cron: '* * * * *', run: (deps) => runVersionChecksSweep(deps), runOnStart: true },
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

/** Queue options of every job queue (pg-boss retries a failed job with backoff). */
const QUEUE_OPTIONS = { policy: 'standard', retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 15 * 60 } as const;

/** Advisory lock key that serializes queue creation between processes ("wk-jobs-create-queues"). */
const QUEUE_CREATION_LOCK = 7_294_611_003;

const errorText = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0]! : String(e));

/**
 * The durable job runner: pg-boss queues in the product's PostgreSQL (schema `pgboss`), cron
 * schedules, retries with backoff. Any number of runners may work the same queues (web process
 * and standalone workers): pg-boss hands each job to one of them, schedules fire once per tick,
 * and every job function is itself idempotent and safe when two run at once.
 *
 * A job can only fail alone. The fetch → run → complete/fail loop is ours (not `boss.work`, whose
 * unawaited `complete` rejected and killed the process when PostgreSQL restarted mid-job): every
 * error — the job's own, and pg-boss's fetch/complete/fail — is caught and logged. A failed
 * complete/fail is retried with backoff; if the database stays away, the job stays `active` until
 * pg-boss expires it (15 min) and runs it again (jobs are idempotent). The pools reconnect on
 * their own once the database is back.
 */
export class JobRunner {
  private boss: PgBoss | null = null;
  private readonly log: (message: string) => void;
  private stopping = false;
  private loops: Promise<void>[] = [];
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly deps: JobDeps,
    private readonly options: JobRunnerOptions,
  ) {
    this.log = options.log ?? ((m) => (deps.logger ?? rootLogger()).info(m));
  }

  get started(): boolean {
    return this.boss !== null;
  }

  private get who(): string {
    return this.options.name ?? 'worker';
  }

  async start(): Promise<void> {
    if (this.boss) return;
    this.stopping = false;
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
    try {
      await this.ensureQueues(boss);
      if (this.options.schedules ?? true) for (const job of JOBS) if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
      if (this.options.kickOnStart ?? true) for (const job of JOBS.filter((j) => j.runOnStart)) await boss.send(job.name, {});
    } catch (e) {
      await boss.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => undefined);
      throw e;
    }
    this.boss = boss;
    this.loops = JOBS.map((job) => this.loop(boss, job));
  }

  /**
   * Creates the queues that do not exist yet, once, under an advisory lock: two workers starting
   * together on an empty database would otherwise deadlock inside pgboss.create_queue. When every
   * queue exists (any start after the first), no lock is taken.
   */
  private async ensureQueues(boss: PgBoss): Promise<void> {
    const missing = async () => {
      const existing = new Set((await boss.getQueues()).map((q) => q.name));
      return JOBS.filter((j) => !existing.has(j.name));
    };
    if ((await missing()).length === 0) return;
    const lock = new Client({ connectionString: this.options.databaseUrl, application_name: 'wk-jobs-create-queues' });
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [QUEUE_CREATION_LOCK]);
      for (const job of await missing()) {
        for (let attempt = 1; ; attempt++) {
          try {
            await boss.createQueue(job.name, { name: job.name, ...QUEUE_OPTIONS });
            break;
          } catch (e) {
            // A creator that does not take our lock (an older version during a rolling deploy).
            if (attempt >= 5 || (e as { code?: string }).code !== '40P01') throw e;
            this.log(`[jobs] ${this.who}: deadlock creating queue ${job.name}; retrying`);
            await new Promise((r) => setTimeout(r, 100 * attempt));
          }
        }
      }
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [QUEUE_CREATION_LOCK]).catch(() => undefined);
      await lock.end().catch(() => undefined);
    }
  }

  /** Sleeps up to `ms`, or less when the runner stops. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  /** One queue's loop: fetch a job, run it, record the outcome. Never throws. */
  private async loop(boss: PgBoss, job: JobDefinition): Promise<void> {
    const pollMs = Math.max(500, (this.options.pollingIntervalSeconds ?? 2) * 1000);
    let failures = 0;
    while (!this.stopping) {
      let fetched: { id: string; data?: unknown }[];
      try {
        fetched = (await boss.fetch(job.name, { batchSize: 1 })) ?? [];
        failures = 0;
      } catch (e) {
        failures++;
        this.log(`[jobs] ${this.who}: fetching ${job.name} failed (${errorText(e)}); retrying`);
        await this.sleep(Math.min(30_000, pollMs * 2 ** Math.min(failures, 5)));
        continue;
      }
      const j = fetched[0];
      if (!j) {
        await this.sleep(pollMs);
        continue;
      }
      const started = Date.now();
      let report: JobReport | null = null;
      let error: unknown = null;
      try {
        report = await job.run(this.deps, j.data);
      } catch (e) {
        error = e;
        // pg-boss records the failure and retries; the stack is logged here.
        (this.deps.logger ?? rootLogger()).error({ err: e, job: job.name, jobId: j.id }, 'job failed; pg-boss retries it');
      }
      if (report) {
        const interesting = Object.entries(report).filter(([, v]) => v > 0);
        if (interesting.length)
          this.log(
            `[jobs] ${job.name} (${j.id.slice(0, 8)}): ${interesting.map(([k, v]) => `${k}=${v}`).join(' ')} in ${Date.now() - started} ms`,
          );
      }
      await this.record(boss, job.name, j.id, error ? { message: errorText(error) } : report, error !== null);
    }
  }

  /** complete/fail with retries: a database restart at that moment must not lose or crash anything. */
  private async record(boss: PgBoss, name: string, id: string, output: unknown, failed: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (failed) await boss.fail(name, id, output as object);
        else await boss.complete(name, id, output as object);
        return;
      } catch (e) {
        if (attempt >= 8) {
          this.log(
            `[jobs] ${this.who}: could not record ${name} ${id.slice(0, 8)} as ${failed ? 'failed' : 'completed'} (${errorText(e)}); ` +
              'pg-boss expires it and runs it again (jobs are idempotent)',
          );
          return;
        }
        this.log(`[jobs] ${this.who}: recording ${name} ${id.slice(0, 8)} failed (${errorText(e)}); retry ${attempt}`);
        await this.sleep(Math.min(15_000, 250 * 2 ** attempt));
        if (this.stopping && attempt >= 2) return;
      }
    }
  }

  /** Retries `start()` in the background (bounded backoff, logged) until it succeeds or `stop()`. */
  keepTrying(): void {
    void (async () => {
      for (let attempt = 1; !this.stopping && !this.boss; attempt++) {
        await this.sleep(Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5)));
        if (this.stopping) return;
        try {
          await this.start();
          this.log(`[jobs] ${this.who}: started after ${attempt} retries.`);
        } catch (e) {
          this.log(`[jobs] ${this.who}: start failed again (${errorText(e)}).`);
        }
      }
    })();
  }

  /** Queues a job now; resolves with its id. */
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
    this.stopping = true;
    for (const wake of [...this.wakers]) wake();
    await Promise.all(this.loops); // running jobs finish and are recorded
    this.loops = [];
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
  }
}

/**
 * Starts the worker next to the web process (server.ts) unless JOBS_ENABLED=0; the same worker
 * runs alone with `node dist/jobs/worker.js`.
 */
export async function startJobWorker(deps: JobDeps, options: JobRunnerOptions): Promise<JobRunner | null> {
  const log = options.log ?? ((m: string) => (deps.logger ?? rootLogger()).info(m));
  if (!deps.config.jobsEnabled) {
    log('Job worker disabled (JOBS_ENABLED=0).');
    return null;
  }
  const runner = new JobRunner(deps, options);
  try {
    await runner.start();
    log(`Job worker started (${JOBS.length} queues: ${JOBS.map((j) => j.name).join(', ')}).`);
  } catch (e) {
    // The web process serves without its worker rather than not at all; the worker keeps trying.
    log(`Job worker could not start (${errorText(e)}); retrying in the background.`);
    runner.keepTrying();
  }
  return runner;
}
