import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrismaClient } from '@wk/db';
import { useTestApp } from '../../test/harness';
import { protocolCode } from '../checkout/test-support/checkout-fixtures';
import { createMailer, type Mailer } from './mailer';
import { loadConfig } from '../../core/config';
import { drainMailOutbox, MAX_EMAIL_ATTEMPTS } from './mail-outbox';
import { notify } from './notification.service';
import { waitFor } from '../../test/wait';

const LIST = `query($first: Int, $after: String, $unreadOnly: Boolean) { myNotifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id type title recipientType recipientOrgId isRead relatedEntityType relatedEntityId } } } }`;
const COUNT = `{ myUnreadNotificationCount }`;
const MARK = `mutation($id: Int!) { notificationMarkRead(input: { id: $id }) { notification { id isRead readAt } unreadCount } }`;
const MARK_ALL = `mutation { notificationMarkAllRead { count unreadCount } }`;
const PREFS = `{ notificationPreferences { notificationType emailEnabled inAppEnabled smsEnabled customized } }`;
const UPDATE_PREF = `mutation($input: NotificationPreferenceUpdateInput!) { notificationPreferenceUpdate(input: $input) { errors { code } preference { notificationType emailEnabled inAppEnabled smsEnabled customized } } }`;

describe('in-app notifications', () => {
  const t = useTestApp();

  it("lists the user's own notifications and their orgs' ones, newest first", async () => {
    const alice = await t.gqlOk(LIST, {}, { as: 'alice@acme.test' });
    expect(alice.myNotifications.edges.map((e: { node: { id: number } }) => e.node.id)).toEqual([4, 1]);
    const tom = await t.gqlOk(LIST, {}, { as: 'tom@techstart.test' });
    expect(
      tom.myNotifications.edges.map((e: { node: { id: number; recipientType: string } }) => [e.node.id, e.node.recipientType]),
    ).toEqual([
      [2, 'user'],
      [3, 'organization'],
    ]);
    expect(tom.myNotifications.edges[1].node).toMatchObject({
      type: 'module_update',
      recipientOrgId: 102,
      relatedEntityType: 'module_version',
      relatedEntityId: 2,
    });
    const viewer = await t.gqlOk(LIST, {}, { as: 'viewer@acme.test' });
    expect(viewer.myNotifications.totalCount).toBe(0);
  });

  it('counts unread ones, pages, and filters unread only', async () => {
    expect((await t.gqlOk(COUNT, {}, { as: 'alice@acme.test' })).myUnreadNotificationCount).toBe(1);
    const unread = await t.gqlOk(LIST, { unreadOnly: true }, { as: 'alice@acme.test' });
    expect(unread.myNotifications.edges.map((e: { node: { id: number } }) => e.node.id)).toEqual([4]);
    const p1 = await t.gqlOk(LIST, { first: 1 }, { as: 'tom@techstart.test' });
    const p2 = await t.gqlOk(LIST, { first: 1, after: p1.myNotifications.pageInfo.endCursor }, { as: 'tom@techstart.test' });
    expect([p1, p2].map((p) => p.myNotifications.edges[0].node.id)).toEqual([2, 3]);
    expect(p2.myNotifications.pageInfo.hasNextPage).toBe(false);
  });

  it("marks one read; another person's notification is NOT_FOUND", async () => {
    expect(protocolCode(await t.gql(MARK, { id: 2 }, { as: 'alice@acme.test' }))).toBe('NOT_FOUND');
    expect(protocolCode(await t.gql(MARK, { id: 3 }, { as: 'alice@acme.test' }))).toBe('NOT_FOUND');
    expect(protocolCode(await t.gql(MARK, { id: 4 }))).toBe('UNAUTHENTICATED');
    const r = await t.gqlOk(MARK, { id: 4 }, { as: 'alice@acme.test' });
    expect(r.notificationMarkRead).toMatchObject({ notification: { id: 4, isRead: true }, unreadCount: 0 });
    expect(r.notificationMarkRead.notification.readAt).not.toBeNull();
    expect(await t.prisma.auditLog.count({ where: { entityType: 'notification', entityId: '4', actionType: 'mark_read' } })).toBe(1);
    expect((await t.prisma.notification.findUniqueOrThrow({ where: { id: 2 } })).isRead).toBe(false);
  });

  it("marks all read, including the org's (for this member)", async () => {
    const r = await t.gqlOk(MARK_ALL, {}, { as: 'tom@techstart.test' });
    expect(r.notificationMarkAllRead).toEqual({ count: 2, unreadCount: 0 });
    expect((await t.gqlOk(MARK_ALL, {}, { as: 'tom@techstart.test' })).notificationMarkAllRead.count).toBe(0);
    expect((await t.prisma.notification.findUniqueOrThrow({ where: { id: 4 } })).isRead).toBe(true);
    expect((await t.prisma.notification.findUniqueOrThrow({ where: { id: 1 } })).isRead).toBe(true);
  });

  it('an organization-wide notification is read per member: one member reading it leaves it unread for the others', async () => {
    const u = await t.prisma.user.create({ data: { name: 'Second Member', email: 'second@techstart.test', passwordHash: 'x' } });
    await t.prisma.membership.create({ data: { orgId: 102, userId: u.id, role: 'viewer', permissions: [] } });
    const [n] = await t.prisma.$transaction((tx) =>
      notify(tx, [{ orgId: 102 }], { type: 'module_update', title: 'CRM Pro 1.2.0', message: 'New version', at: new Date() }),
    );
    const before = (await t.gqlOk(COUNT, {}, { as: u.id })).myUnreadNotificationCount;
    const tomBefore = (await t.gqlOk(COUNT, {}, { as: 'tom@techstart.test' })).myUnreadNotificationCount;

    const r = await t.gqlOk(MARK, { id: n }, { as: 'tom@techstart.test' });
    expect(r.notificationMarkRead).toMatchObject({ notification: { id: n, isRead: true }, unreadCount: tomBefore - 1 });
    expect((await t.gqlOk(COUNT, {}, { as: u.id })).myUnreadNotificationCount).toBe(before);
    const seenBySecond = await t.gqlOk(LIST, { unreadOnly: true }, { as: u.id });
    expect(
      seenBySecond.myNotifications.edges.map((e: { node: { id: number; isRead: boolean } }) => [e.node.id, e.node.isRead]),
    ).toContainEqual([n, false]);
    expect((await t.prisma.notification.findUniqueOrThrow({ where: { id: n } })).isRead).toBe(false);
    expect(await t.prisma.notificationRead.count({ where: { notificationId: n } })).toBe(1);

    // Reading it again changes nothing; the second member then reads it for themself.
    await t.gqlOk(MARK, { id: n }, { as: 'tom@techstart.test' });
    expect(await t.prisma.notificationRead.count({ where: { notificationId: n } })).toBe(1);
    expect((await t.gqlOk(MARK_ALL, {}, { as: u.id })).notificationMarkAllRead.unreadCount).toBe(0);
    expect(await t.prisma.notificationRead.count({ where: { notificationId: n } })).toBe(2);
  });
});

describe('notification preferences', () => {
  const t = useTestApp();

  it('lists every type with the stored choice or the defaults (e-mail + in-app on, SMS off)', async () => {
    const { notificationPreferences } = await t.gqlOk(PREFS, {}, { as: 'alice@acme.test' });
    expect(notificationPreferences.map((p: { notificationType: string }) => p.notificationType)).toEqual([
      'license_expiring',
      'renewal_successful',
      'renewal_failed',
      'module_update',
      'validation_required',
      'validation_approved',
      'validation_rejected',
      'purchase_completed',
      'payout_paid',
      'team_invite',
      'version_withdrawn',
      'trial_ending',
      'refund_issued',
      'price_change',
      'module_alert',
    ]);
    const byType = Object.fromEntries(notificationPreferences.map((p: { notificationType: string }) => [p.notificationType, p]));
    expect(byType.module_update).toEqual({
      notificationType: 'module_update',
      emailEnabled: false,
      inAppEnabled: true,
      smsEnabled: false,
      customized: true,
    });
    expect(byType.payout_paid).toEqual({
      notificationType: 'payout_paid',
      emailEnabled: true,
      inAppEnabled: true,
      smsEnabled: false,
      customized: false,
    });
    const tom = await t.gqlOk(PREFS, {}, { as: 'tom@techstart.test' });
    expect(
      tom.notificationPreferences.find((p: { notificationType: string }) => p.notificationType === 'license_expiring').smsEnabled,
    ).toBe(true);
  });

  it('updates one type (unspecified channels unchanged), with an audit row', async () => {
    const r = await t.gqlOk(
      UPDATE_PREF,
      { input: { notificationType: 'purchase_completed', emailEnabled: false } },
      { as: 'alice@acme.test' },
    );
    expect(r.notificationPreferenceUpdate).toEqual({
      errors: [],
      preference: { notificationType: 'purchase_completed', emailEnabled: false, inAppEnabled: true, smsEnabled: false, customized: true },
    });
    const r2 = await t.gqlOk(
      UPDATE_PREF,
      { input: { notificationType: 'purchase_completed', inAppEnabled: false } },
      { as: 'alice@acme.test' },
    );
    expect(r2.notificationPreferenceUpdate.preference).toMatchObject({ emailEnabled: false, inAppEnabled: false });
    expect(await t.prisma.auditLog.count({ where: { entityType: 'notification_preference', userId: 42 } })).toBe(2);
    // Only alice's preferences changed.
    expect(await t.prisma.notificationPreference.count({ where: { userId: 43, notificationType: 'purchase_completed' } })).toBe(0);
  });

  it('notify() honours them: in-app off → no row; e-mail off → no outbox entry', async () => {
    await t.gqlOk(
      UPDATE_PREF,
      { input: { notificationType: 'payout_paid', inAppEnabled: false, emailEnabled: true } },
      { as: 'tom@techstart.test' },
    );
    await t.gqlOk(
      UPDATE_PREF,
      { input: { notificationType: 'payout_paid', inAppEnabled: true, emailEnabled: false } },
      { as: 'alice@acme.test' },
    );
    const at = new Date();
    const ids = await t.prisma.$transaction((tx) =>
      notify(tx, [{ userId: 43 }, { userId: 42 }], { type: 'payout_paid', title: 'Paid', message: 'Test payout', at }),
    );
    expect(ids).toHaveLength(1);
    const rows = await t.prisma.notification.findMany({ where: { id: { in: ids } } });
    expect(rows.map((n) => n.recipientUserId)).toEqual([42]);
    const mails = await t.prisma.emailDelivery.findMany({ where: { body: 'Test payout' } });
    expect(mails.map((m) => m.toAddress)).toEqual(['tom@techstart.test']);
  });

  it('anonymous callers are refused', async () => {
    expect(protocolCode(await t.gql(PREFS))).toBe('UNAUTHENTICATED');
    expect(protocolCode(await t.gql(UPDATE_PREF, { input: { notificationType: 'payout_paid', emailEnabled: false } }))).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('e-mail outbox', () => {
  const t = useTestApp();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wk-mail-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the file transport writes one JSON message per delivery and marks it sent; a second drain sends nothing', async () => {
    const mailer = createMailer({ ...loadConfig({}).mail, dir, smtpUrl: null });
    expect(mailer.kind).toBe('file');
    await t.prisma.emailDelivery.createMany({
      data: [1, 2, 3].map((i) => ({ toAddress: `user${i}@example.test`, subject: `Hello ${i}`, body: `Body ${i}` })),
    });
    const pending = await t.prisma.emailDelivery.count({ where: { status: 'pending' } });
    const r = await drainMailOutbox({ prisma: t.prisma, clock: t.clock, mailer });
    expect(r).toEqual({ sent: pending, failed: 0, retried: 0 });
    expect(await t.prisma.emailDelivery.count({ where: { status: 'pending' } })).toBe(0);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(pending);
    const messages = files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    const hello2 = messages.find((m) => m.subject === 'Hello 2');
    expect(hello2).toMatchObject({ text: 'Body 2', to: [{ address: 'user2@example.test' }] });
    expect(await drainMailOutbox({ prisma: t.prisma, clock: t.clock, mailer })).toEqual({ sent: 0, failed: 0, retried: 0 });
  });

  it('two workers draining at once send each e-mail exactly once', async () => {
    const sent: string[] = [];
    // No sleep to make the workers overlap: each worker's first send waits until the other worker has started one,
    // so both hold a batch at the same moment (bounded: a worker that got nothing would fail the wait, not hang).
    const sending = { a: false, b: false };
    const workerMailer = (me: 'a' | 'b'): Mailer => ({
      kind: 'file',
      async send(m) {
        sending[me] = true;
        const other = me === 'a' ? 'b' : 'a';
        await waitFor(`worker ${other} to be sending too`, () => sending[other]);
        sent.push(m.to);
        return { messageId: m.to };
      },
      async close() {},
    });
    await t.prisma.emailDelivery.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({ toAddress: `bulk${i}@example.test`, subject: 'Bulk', body: 'x' })),
    });
    const other = createPrismaClient(t.databaseUrl, { max: 3 });
    try {
      const [a, b] = await Promise.all([
        drainMailOutbox({ prisma: t.prisma, clock: t.clock, mailer: workerMailer('a') }, { batchSize: 10 }),
        drainMailOutbox({ prisma: other, clock: t.clock, mailer: workerMailer('b') }, { batchSize: 10 }),
      ]);
      expect(a.sent).toBeGreaterThan(0);
      expect(b.sent).toBeGreaterThan(0);
      expect(a.sent + b.sent).toBe(60);
      expect(sent).toHaveLength(60);
      expect(new Set(sent).size).toBe(60);
    } finally {
      await other.$disconnect();
    }
  });

  it('a failing transport is retried, then gives up after the maximum attempts', async () => {
    const broken: Mailer = { kind: 'smtp', send: async () => Promise.reject(new Error('SMTP 451 try later')), close: async () => {} };
    const d = await t.prisma.emailDelivery.create({ data: { toAddress: 'fail@example.test', subject: 'Will fail', body: 'x' } });
    for (let i = 1; i < MAX_EMAIL_ATTEMPTS; i++) {
      expect(await drainMailOutbox({ prisma: t.prisma, clock: t.clock, mailer: broken })).toEqual({ sent: 0, failed: 0, retried: 1 });
    }
    expect(await drainMailOutbox({ prisma: t.prisma, clock: t.clock, mailer: broken })).toEqual({ sent: 0, failed: 1, retried: 0 });
    const row = await t.prisma.emailDelivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_EMAIL_ATTEMPTS, error: 'SMTP 451 try later' });
  });

  it('SMTP_URL selects the SMTP transport', () => {
    expect(createMailer(loadConfig({ SMTP_URL: 'smtp://user:pass@127.0.0.1:2525' }).mail).kind).toBe('smtp');
    expect(() => loadConfig({ SMTP_URL: 'mail.example.com:25' })).toThrow(
      /SMTP_URL="mail.example.com:25": expected a URL starting with smtp:\/\//,
    );
  });
});
