import type { NotificationType, Prisma } from '@wk/db';
import type { Notification, NotificationPreference } from '@wk/db';
import { NotificationType as NotificationTypes } from '@wk/db';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { requireUser } from '../../core/access';
import { notFound } from '../../core/errors';
import { decodeCursor, toConnection, type Connection } from '../../core/pagination';

type Tx = Prisma.TransactionClient;

export interface NotifyInput {
  type: NotificationType;
  title: string;
  message: string;
  relatedEntityType?: string | null;
  relatedEntityId?: number | null;
  /** Deduplicates system notices: a second notify with the same key does nothing. */
  dedupeKey?: string | null;
  at: Date;
}

export type Recipient = { userId: number } | { orgId: number };

/**
 * Notifies users or whole organizations, inside the caller's transaction. In-app rows respect each
 * user's preference for the type (default on); e-mails go to the outbox (email_deliveries), which
 * the job runner drains through the configured mail transport. Returns the notification ids.
 */
export async function notify(tx: Tx, recipients: Recipient[], input: NotifyInput): Promise<number[]> {
  const ids: number[] = [];
  for (const r of recipients) {
    const dedupeKey = input.dedupeKey ? `${input.dedupeKey}:${'userId' in r ? `u${r.userId}` : `o${r.orgId}`}` : null;
    if (dedupeKey && (await tx.notification.findUnique({ where: { dedupeKey } }))) continue;

    const userIds =
      'userId' in r
        ? [r.userId]
        : (await tx.membership.findMany({ where: { orgId: r.orgId }, select: { userId: true } })).map((m) => m.userId);
    const prefs = await tx.notificationPreference.findMany({ where: { userId: { in: userIds }, notificationType: input.type } });
    const pref = (uid: number) => prefs.find((p) => p.userId === uid);
    const inAppWanted = 'userId' in r ? (pref(r.userId)?.inAppEnabled ?? true) : true;

    let notificationId: number | null = null;
    if (inAppWanted) {
      const n = await tx.notification.create({
        data: {
          recipientType: 'userId' in r ? 'user' : 'organization',
          recipientUserId: 'userId' in r ? r.userId : null,
          recipientOrgId: 'orgId' in r ? r.orgId : null,
          type: input.type,
          title: input.title,
          message: input.message,
          relatedEntityType: input.relatedEntityType ?? null,
          relatedEntityId: input.relatedEntityId ?? null,
          dedupeKey,
          sentAt: input.at,
        },
      });
      notificationId = n.id;
      ids.push(n.id);
    }
    const emailUsers = userIds.filter((uid) => pref(uid)?.emailEnabled ?? true);
    if (emailUsers.length) {
      const users = await tx.user.findMany({ where: { id: { in: emailUsers } }, select: { email: true } });
      await tx.emailDelivery.createMany({
        data: users.map((u) => ({ notificationId, toAddress: u.email, subject: input.title, body: input.message, createdAt: input.at })),
      });
    }
  }
  return ids;
}

/** Platform admins, e.g. for "validation required". */
export async function platformAdminRecipients(tx: Tx): Promise<Recipient[]> {
  const admins = await tx.user.findMany({ where: { platformRole: 'platform_admin' }, select: { id: true } });
  return admins.map((a) => ({ userId: a.id }));
}

// ───────────────────────────────────────────── the signed-in user's notifications (API)

/** What a user sees: notifications addressed to them, and to the organizations they belong to. */
async function visibleWhere(ctx: Context): Promise<Prisma.NotificationWhereInput> {
  const user = requireUser(ctx);
  const memberships = await ctx.loaders.membershipsByUser.load(user.id);
  const orgIds = memberships.map((m) => m.orgId);
  return { OR: [{ recipientUserId: user.id }, ...(orgIds.length ? [{ recipientOrgId: { in: orgIds } }] : [])] };
}

/**
 * Unread for this user: their own notifications by the row's flag; organization-wide ones by
 * the user's own read mark (each member reads them for themself).
 */
function unreadFor(userId: number): Prisma.NotificationWhereInput {
  return {
    OR: [
      { recipientUserId: userId, isRead: false },
      { recipientOrgId: { not: null }, reads: { none: { userId } } },
    ],
  };
}

type WithReads = Notification & { reads?: { readAt: Date }[] };

/** The row as this user sees it: org-wide notifications carry the user's own read state. */
function asSeenBy(n: WithReads): Notification {
  const { reads, ...row } = n;
  if (row.recipientOrgId === null) return row;
  const mine = reads?.[0];
  return { ...row, isRead: Boolean(mine), readAt: mine?.readAt ?? null };
}

/** The signed-in user's notifications, newest first (keyset on sentAt, id). */
export async function myNotifications(
  ctx: Context,
  opts: { first: number; after?: string | null; unreadOnly?: boolean | null },
): Promise<Connection<Notification>> {
  const user = requireUser(ctx);
  const base = await visibleWhere(ctx);
  const where: Prisma.NotificationWhereInput = opts.unreadOnly ? { AND: [base, unreadFor(user.id)] } : base;
  const cursor = decodeCursor(opts.after, 2);
  const page: Prisma.NotificationWhereInput = cursor
    ? {
        AND: [
          where,
          {
            OR: [{ sentAt: { lt: new Date(String(cursor[0])) } }, { sentAt: new Date(String(cursor[0])), id: { lt: Number(cursor[1]) } }],
          },
        ],
      }
    : where;
  const [rows, total] = await Promise.all([
    ctx.prisma.notification.findMany({
      where: page,
      orderBy: [{ sentAt: 'desc' }, { id: 'desc' }],
      take: opts.first + 1,
      include: { reads: { where: { userId: user.id }, select: { readAt: true } } },
    }),
    ctx.prisma.notification.count({ where }),
  ]);
  return toConnection(rows.map(asSeenBy), opts.first, total, (n) => [n.sentAt.toISOString(), n.id], cursor !== null);
}

export async function unreadNotificationCount(ctx: Context): Promise<number> {
  const user = requireUser(ctx);
  return ctx.prisma.notification.count({ where: { AND: [await visibleWhere(ctx), unreadFor(user.id)] } });
}

/**
 * Marks one notification read for the signed-in user. Another person's (or another org's)
 * notification → NOT_FOUND. An organization-wide notification is marked read for this member only.
 */
export async function markNotificationRead(ctx: Context, id: number): Promise<Notification> {
  const user = requireUser(ctx);
  const where = await visibleWhere(ctx);
  const n = await ctx.prisma.notification.findFirst({
    where: { AND: [where, { id }] },
    include: { reads: { where: { userId: user.id }, select: { readAt: true } } },
  });
  if (!n) throw notFound('Notification');
  const seen = asSeenBy(n);
  if (seen.isRead) return seen;
  const now = ctx.clock.now();
  return ctx.prisma.$transaction(async (tx) => {
    let result: Notification;
    if (n.recipientOrgId !== null) {
      // Insert-or-nothing: two concurrent marks of the same notification must not collide.
      const added = await tx.notificationRead.createMany({
        data: [{ notificationId: id, userId: user.id, readAt: now }],
        skipDuplicates: true,
      });
      result = { ...seen, isRead: true, readAt: now };
      if (!added.count) return result; // marked by a concurrent request (audited there)
    } else {
      result = await tx.notification.update({ where: { id }, data: { isRead: true, readAt: now } });
    }
    await audit(tx, ctx, {
      action: 'mark_read',
      entityType: 'notification',
      entityId: id,
      orgId: n.recipientOrgId,
      oldValue: { isRead: false },
      newValue: { isRead: true },
    });
    return result;
  });
}

/** Marks every notification this user sees as read (for them); returns how many changed. */
export async function markAllNotificationsRead(ctx: Context): Promise<number> {
  const user = requireUser(ctx);
  const where = await visibleWhere(ctx);
  const now = ctx.clock.now();
  return ctx.prisma.$transaction(async (tx) => {
    const own = await tx.notification.updateMany({
      where: { recipientUserId: user.id, isRead: false },
      data: { isRead: true, readAt: now },
    });
    const orgUnread = await tx.notification.findMany({
      where: { AND: [where, { recipientOrgId: { not: null }, reads: { none: { userId: user.id } } }] },
      select: { id: true },
    });
    const org = await tx.notificationRead.createMany({
      data: orgUnread.map((x) => ({ notificationId: x.id, userId: user.id, readAt: now })),
      skipDuplicates: true,
    });
    const count = own.count + org.count;
    if (count > 0) await audit(tx, ctx, { action: 'mark_all_read', entityType: 'notification', newValue: { count } });
    return count;
  });
}

export interface PreferenceView {
  notificationType: NotificationType;
  emailEnabled: boolean;
  inAppEnabled: boolean;
  smsEnabled: boolean;
  /** False when no row is stored (the defaults apply). */
  customized: boolean;
}

/** Defaults when the user stored nothing for a type: e-mail and in-app on, SMS off. */
export const DEFAULT_PREFERENCE = { emailEnabled: true, inAppEnabled: true, smsEnabled: false } as const;

/** One entry per notification type: the stored preference, or the defaults. */
export async function myNotificationPreferences(ctx: Context): Promise<PreferenceView[]> {
  const user = requireUser(ctx);
  const rows = await ctx.prisma.notificationPreference.findMany({ where: { userId: user.id } });
  const byType = new Map<string, NotificationPreference>(rows.map((r) => [r.notificationType, r]));
  return (Object.values(NotificationTypes) as NotificationType[]).map((type) => {
    const r = byType.get(type);
    return r
      ? { notificationType: type, emailEnabled: r.emailEnabled, inAppEnabled: r.inAppEnabled, smsEnabled: r.smsEnabled, customized: true }
      : { notificationType: type, ...DEFAULT_PREFERENCE, customized: false };
  });
}

/** Sets the channels of one type for the signed-in user (unspecified channels keep their value). */
export async function updateNotificationPreference(
  ctx: Context,
  input: { notificationType: NotificationType; emailEnabled?: boolean | null; inAppEnabled?: boolean | null; smsEnabled?: boolean | null },
): Promise<PreferenceView> {
  const user = requireUser(ctx);
  return ctx.prisma.$transaction(async (tx) => {
    const before = await tx.notificationPreference.findUnique({
      where: { userId_notificationType: { userId: user.id, notificationType: input.notificationType } },
    });
    const current = before ?? { ...DEFAULT_PREFERENCE };
    const next = {
      emailEnabled: input.emailEnabled ?? current.emailEnabled,
      inAppEnabled: input.inAppEnabled ?? current.inAppEnabled,
      smsEnabled: input.smsEnabled ?? current.smsEnabled,
    };
    const saved = await tx.notificationPreference.upsert({
      where: { userId_notificationType: { userId: user.id, notificationType: input.notificationType } },
      create: { userId: user.id, notificationType: input.notificationType, ...next },
      update: next,
    });
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'notification_preference',
      entityId: saved.id,
      oldValue: {
        notificationType: input.notificationType,
        emailEnabled: current.emailEnabled,
        inAppEnabled: current.inAppEnabled,
        smsEnabled: current.smsEnabled,
      },
      newValue: { notificationType: input.notificationType, ...next },
    });
    return {
      notificationType: saved.notificationType,
      emailEnabled: saved.emailEnabled,
      inAppEnabled: saved.inAppEnabled,
      smsEnabled: saved.smsEnabled,
      customized: true,
    };
  });
}
