import { createHash, randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '@wk/db';
import type { Clock } from '../../core/clock';

/** How long a key and its result are kept (at least 24 h, PRODUCT.md). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** How long a duplicate waits for the first call to finish before giving up. */
export const IDEMPOTENCY_WAIT_MS = 30_000;
/**
 * Default of how long the owner of an `in_progress` key holds it (IDEMPOTENCY_LEASE_SECONDS, config
 * `idempotencyLeaseMs`). After it, a retry checks whether the owner's work committed (then returns
 * it) or takes the key over and runs again. Correctness does not depend on the lease: every write
 * of a result is fenced by the owner's token, and a purchase row carries its key id under a unique index.
 */
export const DEFAULT_IDEMPOTENCY_LEASE_MS = 30_000;
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

/** An owned key: its row id, creation time and the fencing token of this owner. */
export interface OwnedKey {
  id: number;
  createdAt: Date;
  token: string;
  /** True when a previous owner's lease expired and this call took the key over. */
  takeover: boolean;
}

export type Claim =
  /** We own the key: run the operation, then complete (in the operation's transaction) or release it. */
  | ({ kind: 'owned' } & OwnedKey)
  /** An earlier call with the same input finished: return its stored response. */
  | { kind: 'completed'; response: Prisma.JsonValue }
  /** The key was used with different input. */
  | { kind: 'reused' }
  /** The first call is still running (its lease is live) after the wait. */
  | { kind: 'timeout' };

export interface ClaimInput {
  userId: number;
  orgId: number | null;
  operation: string;
  key: string;
  hash: string;
}

export interface ClaimOptions {
  waitMs?: number;
  leaseMs?: number;
  /**
   * For a key whose owner's lease expired: the response of work that owner committed, if any
   * (e.g. the purchase carrying this key id). It is then recorded and returned instead of running again.
   */
  findCommitted?: (keyId: number) => Promise<Prisma.InputJsonValue | null>;
}

/** The owner lost its key (its lease expired and another call took it over): its writes must not commit. */
export class IdempotencyLeaseLostError extends Error {
  constructor(readonly keyId: number) {
    super(`Idempotency key ${keyId} was taken over by another call.`);
    this.name = 'IdempotencyLeaseLostError';
  }
}

type Db = Pick<PrismaClient, '$queryRaw' | '$executeRaw'> | Prisma.TransactionClient;

interface KeyRow {
  id: number;
  created_at: Date;
  request_hash: string;
  status: 'in_progress' | 'completed';
  response: Prisma.JsonValue;
  expires_at: Date;
  lease_token: string | null;
  lease_expired: boolean;
}

/**
 * Claims an idempotency key (unique per user + operation + key). The first caller inserts the
 * row (`in_progress`, with a lease and a fencing token) and owns it. A duplicate with the same
 * input waits while the owner's lease is live, and returns the stored response once it completes.
 * When the lease has expired (the owner crashed, or the database went away while it ran), the
 * duplicate returns the owner's committed work if there is some (`findCommitted`), or takes the
 * key over with a new token and runs the operation again. A duplicate with different input is
 * refused. Keys past their retention are forgotten and claimed anew. Lease times are database
 * time, so replicas with skewed clocks agree.
 */
export async function claimIdempotencyKey(prisma: PrismaClient, clock: Clock, input: ClaimInput, opts: ClaimOptions = {}): Promise<Claim> {
  const deadline = Date.now() + (opts.waitMs ?? IDEMPOTENCY_WAIT_MS);
  const leaseMs = opts.leaseMs ?? DEFAULT_IDEMPOTENCY_LEASE_MS;
  for (;;) {
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_MS);
    const token = randomUUID();
    const inserted = await prisma.$queryRaw<{ id: number; created_at: Date }[]>`
      INSERT INTO idempotency_keys (key, operation, user_id, org_id, request_hash, status, created_at, expires_at, lease_token, lease_expires_at)
      VALUES (${input.key}, ${input.operation}, ${input.userId}, ${input.orgId}, ${input.hash}, 'in_progress', ${now}, ${expiresAt},
              ${token}, clock_timestamp() + make_interval(secs => ${leaseMs / 1000}::float8))
      ON CONFLICT (user_id, operation, key) DO NOTHING
      RETURNING id, created_at`;
    if (inserted.length === 1) return { kind: 'owned', id: inserted[0]!.id, createdAt: inserted[0]!.created_at, token, takeover: false };

    const rows = await prisma.$queryRaw<KeyRow[]>`
      SELECT id, created_at, request_hash, status::text AS status, response, expires_at, lease_token,
             (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp()) AS lease_expired
      FROM idempotency_keys WHERE user_id = ${input.userId} AND operation = ${input.operation} AND key = ${input.key}`;
    const existing = rows[0];
    if (!existing) continue; // released between our insert and read: try again
    if (existing.expires_at.getTime() <= now.getTime() && (existing.status === 'completed' || existing.lease_expired)) {
      // Past its retention: forget it and claim anew (never while an owner's lease is live).
      await prisma.$executeRaw`DELETE FROM idempotency_keys WHERE id = ${existing.id} AND expires_at = ${existing.expires_at}
        AND (status = 'completed' OR lease_expires_at IS NULL OR lease_expires_at < clock_timestamp())`;
      continue;
    }
    if (existing.request_hash !== input.hash) return { kind: 'reused' };
    if (existing.status === 'completed') return { kind: 'completed', response: existing.response };
    if (existing.lease_expired) {
      const committed = opts.findCommitted ? await opts.findCommitted(existing.id) : null;
      if (committed !== null) {
        // The owner committed its work but died before answering: record the result (fenced by its token).
        await prisma.$executeRaw`UPDATE idempotency_keys SET status = 'completed', response = ${JSON.stringify(committed)}::jsonb,
          lease_token = NULL, lease_expires_at = NULL
          WHERE id = ${existing.id} AND status = 'in_progress'`;
        continue; // read it back as completed
      }
      const took = await prisma.$executeRaw`UPDATE idempotency_keys
        SET lease_token = ${token}, lease_expires_at = clock_timestamp() + make_interval(secs => ${leaseMs / 1000}::float8)
        WHERE id = ${existing.id} AND status = 'in_progress' AND lease_token IS NOT DISTINCT FROM ${existing.lease_token}
          AND (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp())`;
      if (took === 1) return { kind: 'owned', id: existing.id, createdAt: existing.created_at, token, takeover: true };
      continue; // someone else took it over or completed it: look again
    }
    if (Date.now() >= deadline) return { kind: 'timeout' };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * Stores the result of an owned key. Call it inside the operation's own transaction, so the result
 * and the work commit together: a crash can never leave committed work behind an `in_progress` key.
 * Throws {@link IdempotencyLeaseLostError} when another call took the key over (the transaction
 * then rolls back).
 */
export async function completeIdempotencyKey(
  db: Db,
  owned: Pick<OwnedKey, 'id' | 'token'>,
  response: Prisma.InputJsonValue,
): Promise<void> {
  const n = await db.$executeRaw`UPDATE idempotency_keys SET status = 'completed', response = ${JSON.stringify(response)}::jsonb,
    lease_token = NULL, lease_expires_at = NULL
    WHERE id = ${owned.id} AND status = 'in_progress' AND lease_token = ${owned.token}`;
  if (n !== 1) throw new IdempotencyLeaseLostError(owned.id);
}

/** Replaces the stored result of a completed key (compensation after the commit, e.g. a failed capture). */
export async function replaceIdempotencyResult(db: Db, keyId: number, response: Prisma.InputJsonValue): Promise<void> {
  await db.$executeRaw`UPDATE idempotency_keys SET response = ${JSON.stringify(response)}::jsonb WHERE id = ${keyId} AND status = 'completed'`;
}

/** Gives an owned key up (the operation had no effect), so the same key can be used again. */
export async function releaseIdempotencyKey(db: Db, owned: Pick<OwnedKey, 'id' | 'token'>): Promise<void> {
  await db.$executeRaw`DELETE FROM idempotency_keys WHERE id = ${owned.id} AND status = 'in_progress' AND lease_token = ${owned.token}`;
}

/**
 * Releases a key after a failure without hiding a second failure: when the release itself fails
 * (the database is down), it is logged, and the key's lease lets a retry take it over once it expires.
 */
export async function releaseAfterFailure(db: Db, owned: Pick<OwnedKey, 'id' | 'token'>, cause: unknown): Promise<void> {
  try {
    await releaseIdempotencyKey(db, owned);
  } catch (e) {
    console.error(
      `[idempotency] could not release key ${owned.id} after a failure (${errorText(cause)}): ${errorText(e)}. ` +
        'Its lease expires on its own; a retry then takes it over.',
    );
  }
}

const errorText = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e));

/** Deletes keys past their retention (the cleanup job); never a key whose owner's lease is live. */
export async function purgeExpiredIdempotencyKeys(prisma: PrismaClient, now: Date): Promise<number> {
  return prisma.$executeRaw`DELETE FROM idempotency_keys WHERE expires_at < ${now}
    AND (status = 'completed' OR lease_expires_at IS NULL OR lease_expires_at < clock_timestamp())`;
}

/**
 * Takes over `in_progress` keys of an operation whose lease expired more than `graceMs` ago
 * (reconciliation: the owner died and the client never came back). Each returned key is owned by
 * the caller under a new token, exactly as a retry's takeover would be.
 */
export async function takeOverStaleKeys(
  prisma: PrismaClient,
  operation: string,
  graceMs: number,
  opts: { leaseMs?: number; limit?: number } = {},
): Promise<(OwnedKey & { orgId: number | null; userId: number })[]> {
  const leaseMs = opts.leaseMs ?? DEFAULT_IDEMPOTENCY_LEASE_MS;
  const stale = await prisma.$queryRaw<
    { id: number; created_at: Date; lease_token: string | null; org_id: number | null; user_id: number }[]
  >`
    SELECT id, created_at, lease_token, org_id, user_id FROM idempotency_keys
    WHERE operation = ${operation} AND status = 'in_progress'
      AND (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp() - make_interval(secs => ${graceMs / 1000}::float8))
    ORDER BY id LIMIT ${opts.limit ?? 100}`;
  const owned: (OwnedKey & { orgId: number | null; userId: number })[] = [];
  for (const k of stale) {
    const token = randomUUID();
    const took = await prisma.$executeRaw`UPDATE idempotency_keys
      SET lease_token = ${token}, lease_expires_at = clock_timestamp() + make_interval(secs => ${leaseMs / 1000}::float8)
      WHERE id = ${k.id} AND status = 'in_progress' AND lease_token IS NOT DISTINCT FROM ${k.lease_token}
        AND (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp())`;
    if (took === 1) owned.push({ id: k.id, createdAt: k.created_at, token, takeover: true, orgId: k.org_id, userId: k.user_id });
  }
  return owned;
}
