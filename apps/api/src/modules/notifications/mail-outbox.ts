import type { PrismaClient } from '@wk/db';
import type { Clock } from '../../core/clock';
import type { Mailer } from './mailer';

/** Attempts before a delivery is given up (status `failed`). */
export const MAX_EMAIL_ATTEMPTS = 5;

export interface OutboxResult {
  sent: number;
  failed: number;
  retried: number;
}

/**
 * Drains the e-mail outbox (`email_deliveries` with status pending). Safe with several workers:
 * each batch is claimed with `FOR UPDATE SKIP LOCKED` inside a transaction that also records the
 * outcome, so a delivery is sent by one worker only. A failed send is retried on the next run,
 * up to {@link MAX_EMAIL_ATTEMPTS}; then it stays `failed` with the last error.
 */
export async function drainMailOutbox(
  deps: { prisma: PrismaClient; clock: Clock; mailer: Mailer },
  opts: { batchSize?: number; maxBatches?: number } = {},
): Promise<OutboxResult> {
  const batchSize = opts.batchSize ?? 25;
  const maxBatches = opts.maxBatches ?? 20;
  const result: OutboxResult = { sent: 0, failed: 0, retried: 0 };
  for (let batch = 0; batch < maxBatches; batch++) {
    const processed = await deps.prisma.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<{ id: number; to_address: string; subject: string; body: string; attempts: number }[]>`
          SELECT id, to_address, subject, body, attempts FROM email_deliveries
          WHERE status = 'pending' ORDER BY created_at, id LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED`;
        for (const row of rows) {
          try {
            await deps.mailer.send({ to: row.to_address, subject: row.subject, text: row.body });
            await tx.emailDelivery.update({
              where: { id: row.id },
              data: { status: 'sent', sentAt: deps.clock.now(), attempts: row.attempts + 1, error: null },
            });
            result.sent++;
          } catch (e) {
            const attempts = row.attempts + 1;
            const giveUp = attempts >= MAX_EMAIL_ATTEMPTS;
            await tx.emailDelivery.update({
              where: { id: row.id },
              data: { attempts, status: giveUp ? 'failed' : 'pending', error: String(e instanceof Error ? e.message : e).slice(0, 500) },
            });
            if (giveUp) result.failed++;
            else result.retried++;
          }
        }
        return rows.length;
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
    // A batch with failures still pending is left for the next run (no hot loop on a broken transport).
    if (processed < batchSize || result.retried > 0) break;
  }
  return result;
}
