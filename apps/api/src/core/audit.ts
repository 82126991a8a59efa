import type { Prisma } from '@wk/db';
import type { Context } from './context';

type Tx = Pick<Prisma.TransactionClient, 'auditLog'>;

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  orgId?: number | null;
  oldValue?: unknown;
  newValue?: unknown;
}

const toJson = (v: unknown) =>
  v === undefined || v === null
    ? undefined
    : (JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))) as Prisma.InputJsonValue);

/** Writes one audit row inside the caller's transaction (every state change writes one). */
export async function audit(tx: Tx, ctx: Context, e: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      userId: ctx.user?.id ?? null,
      orgId: e.orgId ?? null,
      actionType: e.action,
      entityType: e.entityType,
      entityId: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
      oldValue: toJson(e.oldValue),
      newValue: toJson(e.newValue),
      ipAddress: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
      performedAt: ctx.clock.now(),
    },
  });
}
