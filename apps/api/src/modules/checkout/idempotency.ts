import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '@wk/db';
import type { Clock } from '../../core/clock';

/** How long a key and its result are kept (at least 24 h, PRODUCT.md). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** How long a duplicate waits for the first call to finish before giving up. */
export const IDEMPOTENCY_WAIT_MS = 30_000;
const POLL_MS = 40;

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_\-:.]{8,200}$/;

/** A stable hash of the request (keys sorted, undefined → null), to tell "same input" from "different input". */
export function requestHash(input: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.keys(input)
      .sort()
      .map((k) => [k, input[k] === undefined ? null : input[k]]),
  );
  return createHash('sha256').update(canonical).digest('hex');
}

export type Claim =
  /** We own the key: run the operation, then complete or release it. */
  | { kind: 'owned'; id: number; createdAt: Date }
  /** An earlier call with the same input finished: return its stored response. */
  | { kind: 'completed'; response: Prisma.JsonValue }
  /** The key was used with different input. */
  | { kind: 'reused' }
  /** The first call is still running after the wait. */
  | { kind: 'timeout' };

export interface ClaimInput {
  userId: number;
  orgId: number | null;
  operation: string;
  key: string;
  hash: string;
}

/**
 * Claims an idempotency key (unique per user + operation + key). The first caller inserts the
 * row (`in_progress`) and owns it; a concurrent duplicate with the same input waits until the
 * owner completes (then returns the stored response) or releases it (then tries to claim it
 * itself); a duplicate with different input is refused. Expired keys are taken over.
 */
export async function claimIdempotencyKey(
  prisma: PrismaClient,
  clock: Clock,
  input: ClaimInput,
  opts: { waitMs?: number } = {},
): Promise<Claim> {
  const deadline = Date.now() + (opts.waitMs ?? IDEMPOTENCY_WAIT_MS);
  for (;;) {
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_MS);
    const inserted = await prisma.$queryRaw<{ id: number; created_at: Date }[]>`
      INSERT INTO idempotency_keys (key, operation, user_id, org_id, request_hash, status, created_at, expires_at)
      VALUES (${input.key}, ${input.operation}, ${input.userId}, ${input.orgId}, ${input.hash}, 'in_progress', ${now}, ${expiresAt})
      ON CONFLICT (user_id, operation, key) DO NOTHING
      RETURNING id, created_at`;
    if (inserted.length === 1) return { kind: 'owned', id: inserted[0]!.id, createdAt: inserted[0]!.created_at };

    const existing = await prisma.idempotencyKey.findUnique({
      where: { userId_operation_key: { userId: input.userId, operation: input.operation, key: input.key } },
    });
    if (!existing) continue; // released between our insert and read: try again
    if (existing.expiresAt.getTime() <= now.getTime()) {
      // Past its retention (or abandoned by a crashed process 24 h ago): forget it and claim anew.
      await prisma.idempotencyKey.deleteMany({ where: { id: existing.id, expiresAt: existing.expiresAt } });
      continue;
    }
    if (existing.requestHash !== input.hash) return { kind: 'reused' };
    if (existing.status === 'completed') return { kind: 'completed', response: existing.response };
    if (Date.now() >= deadline) return { kind: 'timeout' };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Stores the result of an owned key (kept until its expiry). */
export async function completeIdempotencyKey(prisma: PrismaClient, id: number, response: Prisma.InputJsonValue): Promise<void> {
  await prisma.idempotencyKey.update({ where: { id }, data: { status: 'completed', response } });
}

/** Gives an owned key up (the operation had no effect), so the same key can be used again. */
export async function releaseIdempotencyKey(prisma: PrismaClient, id: number): Promise<void> {
  await prisma.idempotencyKey.deleteMany({ where: { id, status: 'in_progress' } });
}

/** Deletes keys past their retention (the cleanup job). */
export async function purgeExpiredIdempotencyKeys(prisma: PrismaClient, now: Date): Promise<number> {
  const res = await prisma.idempotencyKey.deleteMany({ where: { expiresAt: { lt: now } } });
  return res.count;
}
