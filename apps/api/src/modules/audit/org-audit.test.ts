import { useTestApp } from '../../test/harness';
import { protocolCode } from '../checkout/test-support/checkout-fixtures';

const t = useTestApp();

const Q = `query($orgId: Int!, $filter: OrgAuditLogFilter, $first: Int, $after: String) {
  orgAuditLog(orgId: $orgId, filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id actionType entityType entityId user { id name email } } }
  }
}`;
const FACETS = `query($orgId: Int!) { orgAuditFacets(orgId: $orgId) { actions entityTypes } }`;

async function seedRows() {
  const [alice, tom, admin] = await Promise.all(['alice@acme.test', 'tom@techstart.test', 'admin@webkernel.com'].map((e) => t.userId(e)));
  await t.prisma.auditLog.createMany({
    data: [
      {
        userId: alice,
        orgId: 101,
        actionType: 'update',
        entityType: 'organization',
        entityId: '101',
        performedAt: new Date('2026-01-02T00:00:00Z'),
      },
      {
        userId: alice,
        orgId: 101,
        actionType: 'create',
        entityType: 'payment_method',
        entityId: 'pm_x',
        performedAt: new Date('2026-01-03T00:00:00Z'),
      },
      {
        userId: admin,
        orgId: 101,
        actionType: 'refund',
        entityType: 'purchase',
        entityId: '9',
        performedAt: new Date('2026-01-04T00:00:00Z'),
      },
      {
        userId: tom,
        orgId: 102,
        actionType: 'update',
        entityType: 'organization',
        entityId: '102',
        performedAt: new Date('2026-01-05T00:00:00Z'),
      },
    ],
  });
  return { alice, tom, admin };
}

describe('orgAuditLog', () => {
  it("shows an org admin only their org's rows, newest first, with the admin page's filters", async () => {
    const { alice } = await seedRows();
    const all = await t.gqlOk(Q, { orgId: 101, first: 100 }, { as: 'alice@acme.test' });
    const total = await t.prisma.auditLog.count({ where: { orgId: 101 } });
    expect(all.orgAuditLog.totalCount).toBe(total);
    const ids = all.orgAuditLog.edges.map((e: any) => e.node.id);
    const rows = await t.prisma.auditLog.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.orgId === 101)).toBe(true);
    expect(all.orgAuditLog.edges[0].node).toMatchObject({ actionType: 'refund', entityType: 'purchase' });

    // A filter naming another org cannot widen the scope (orgId is not a filter here).
    const byTom = await t.gqlOk(Q, { orgId: 101, filter: { userEmail: 'TOM@techstart.test' } }, { as: 'alice@acme.test' });
    expect(byTom.orgAuditLog.totalCount).toBe(0);
    const filtered = await t.gqlOk(
      Q,
      {
        orgId: 101,
        filter: { userEmail: 'alice@acme.test', entityType: 'payment_method', from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
      },
      { as: 'alice@acme.test' },
    );
    expect(filtered.orgAuditLog.edges.map((e: any) => [e.node.actionType, e.node.entityId, e.node.user.id])).toEqual([
      ['create', 'pm_x', alice],
    ]);
    const byAction = await t.gqlOk(Q, { orgId: 101, filter: { action: 'update', entityId: '101' } }, { as: 'alice@acme.test' });
    expect(byAction.orgAuditLog.totalCount).toBe(1);
  });

  it('pages with keyset cursors', async () => {
    await seedRows();
    const p1 = await t.gqlOk(Q, { orgId: 101, first: 2 }, { as: 'alice@acme.test' });
    expect(p1.orgAuditLog.pageInfo.hasNextPage).toBe(true);
    const p2 = await t.gqlOk(Q, { orgId: 101, first: 2, after: p1.orgAuditLog.pageInfo.endCursor }, { as: 'alice@acme.test' });
    const first = p1.orgAuditLog.edges.map((e: any) => e.node.id);
    const second = p2.orgAuditLog.edges.map((e: any) => e.node.id);
    expect(second.some((id: number) => first.includes(id))).toBe(false);
  });

  it("hides the e-mail of an actor who is not a member (a platform admin), shows members'", async () => {
    await seedRows();
    const r = await t.gqlOk(Q, { orgId: 101, filter: { action: 'refund' } }, { as: 'alice@acme.test' });
    expect(r.orgAuditLog.edges[0].node.user).toMatchObject({ name: 'System Admin', email: null });
    const mine = await t.gqlOk(Q, { orgId: 101, filter: { entityType: 'payment_method' } }, { as: 'alice@acme.test' });
    expect(mine.orgAuditLog.edges[0].node.user.email).toBe('alice@acme.test');
  });

  it('facets list the action and entity types of this org only', async () => {
    await seedRows();
    const f = await t.gqlOk(FACETS, { orgId: 102 }, { as: 'tom@techstart.test' });
    expect(f.orgAuditFacets.entityTypes).toContain('organization');
    expect(f.orgAuditFacets.actions).not.toContain('refund');
  });

  it.each([
    ['dev@acme.test', 101, 'FORBIDDEN'],
    ['viewer@acme.test', 101, 'FORBIDDEN'],
    ['tom@techstart.test', 101, 'NOT_FOUND'],
    ['john@johndoe.test', 101, 'NOT_FOUND'],
    [null, 101, 'UNAUTHENTICATED'],
  ])('%s on org %s → %s', async (as, orgId, code) => {
    expect(protocolCode(await t.gql(Q, { orgId }, { as }))).toBe(code);
    expect(protocolCode(await t.gql(FACETS, { orgId }, { as }))).toBe(code);
  });

  it('platform admins may read any org’s log', async () => {
    await seedRows();
    const r = await t.gqlOk(Q, { orgId: 102 }, { as: 'admin@webkernel.com' });
    expect(r.orgAuditLog.totalCount).toBeGreaterThan(0);
  });
});
