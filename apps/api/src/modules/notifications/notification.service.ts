import type { NotificationType, Prisma } from '@wk/db';

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

    const userIds = 'userId' in r ? [r.userId] : (await tx.membership.findMany({ where: { orgId: r.orgId }, select: { userId: true } })).map((m) => m.userId);
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
