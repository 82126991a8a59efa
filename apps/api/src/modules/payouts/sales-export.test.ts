import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { buyOk, PLAN, TECHSTART } from '../checkout/test-support/checkout-fixtures';

const at = (iso: string) => new Date(iso);

describe('sales CSV export', () => {
  const clock = new FixedClock(at('2026-10-05T09:00:00Z'));
  const t = useTestApp({ clock });
  const csv = async (vendorId: number, q: string, as?: string) => {
    const headers: Record<string, string> = as ? { cookie: await t.sessionCookie(as) } : {};
    const res = await fetch(`${t.baseUrl}/api/vendor/${vendorId}/sales.csv?${q}`, { headers });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      disposition: res.headers.get('content-disposition'),
      text: await res.text(),
    };
  };

  it('streams every sale of the range, oldest first, exact to the cent', async () => {
    // DevShop (vendor 2, 30 %): Custom ERP at 450.00/day. TechStart buys 3 days on Oct 5 and 1 day on Oct 31 23:59:59.
    await t.prisma.organization.update({ where: { id: TECHSTART }, data: { name: '=HYPERLINK("x") TechStart' } });
    const a = await buyOk(t, 'tom@techstart.test', {
      orgId: TECHSTART,
      moduleId: 2,
      planId: PLAN.erpCustom,
      days: 3,
      paymentMethodId: 'pm_456def',
      acceptContractId: 2,
    });
    clock.set(at('2026-10-31T23:59:59Z'));
    const b = await buyOk(t, 'tom@techstart.test', {
      orgId: TECHSTART,
      moduleId: 2,
      planId: PLAN.erpCustom,
      days: 1,
      paymentMethodId: 'pm_456def',
      acceptContractId: 2,
    });
    clock.set(at('2026-11-01T00:00:00Z'));
    const c = await buyOk(t, 'tom@techstart.test', {
      orgId: TECHSTART,
      moduleId: 2,
      planId: PLAN.erpCustom,
      days: 2,
      paymentMethodId: 'pm_456def',
      acceptContractId: 2,
    });

    const r = await csv(2, 'from=2026-10-01&to=2026-10-31', 'alice@acme.test');
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/csv; charset=utf-8');
    expect(r.disposition).toBe('attachment; filename="sales-devshop-solutions-2026-10-01-2026-10-31.csv"');
    expect(r.text.trimEnd().split('\n')).toEqual([
      'sale_id,kind,record_id,sold_at,module,plan,buyer,currency,gross,commission,net',
      `purchase:${a.purchase.id},purchase,${a.purchase.id},2026-10-05T09:00:00.000Z,Custom ERP,Custom Dev,"'=HYPERLINK(""x"") TechStart",USD,1350.00,405.00,945.00`,
      `purchase:${b.purchase.id},purchase,${b.purchase.id},2026-10-31T23:59:59.000Z,Custom ERP,Custom Dev,"'=HYPERLINK(""x"") TechStart",USD,450.00,135.00,315.00`,
    ]);
    const nov = await csv(2, 'from=2026-11-01&to=2026-11-01', 'alice@acme.test');
    expect(
      nov.text
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual([`purchase:${c.purchase.id}`]);
    const empty = await csv(2, 'from=2020-01-01&to=2020-12-31', 'alice@acme.test');
    expect(empty.text.trimEnd()).toBe('sale_id,kind,record_id,sold_at,module,plan,buyer,currency,gross,commission,net');

    // The same sales as the portal's table and chart: a refunded purchase stays a sale (its refund is
    // its own record), a trial start is not one.
    await t.prisma.purchase.update({ where: { id: b.purchase.id }, data: { status: 'refunded' } });
    await t.prisma.purchase.update({ where: { id: a.purchase.id }, data: { kind: 'trial' } });
    const again = await csv(2, 'from=2026-10-01&to=2026-10-31', 'alice@acme.test');
    expect(
      again.text
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual([`purchase:${b.purchase.id}`]);
  });

  it('pages through more rows than one batch without skipping or repeating', async () => {
    clock.set(at('2026-11-02T10:00:00Z'));
    const base = await t.prisma.purchase.findFirstOrThrow({ where: { vendorId: 2, status: 'completed' } });
    const { id: _id, ...rest } = base;
    await t.prisma.purchase.createMany({
      data: Array.from({ length: 1203 }, (_, i) => ({ ...rest, purchasedAt: new Date(Date.UTC(2026, 7, 1, 0, 0, i % 60)) })),
    });
    const r = await csv(2, 'from=2026-08-01&to=2026-08-01', 'alice@acme.test');
    const ids = r.text
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(ids).toHaveLength(1203);
    expect(new Set(ids).size).toBe(1203);
  });

  it('refuses bad dates with the field, other vendors and anonymous callers', async () => {
    const bad = await csv(2, 'from=2026-02-30&to=yesterday', 'alice@acme.test');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).errors.map((e: any) => [e.code, e.field])).toEqual([
      ['INVALID_DATE', 'from'],
      ['INVALID_DATE', 'to'],
    ]);
    const reversed = await csv(2, 'from=2026-10-02&to=2026-10-01', 'alice@acme.test');
    expect([reversed.status, JSON.parse(reversed.text).errors[0].code]).toEqual([400, 'INVALID_RANGE']);
    for (const as of ['john@johndoe.test', 'tom@techstart.test', 'dev@acme.test']) {
      const r = await csv(2, 'from=2026-10-01&to=2026-10-31', as);
      expect(r.status).toBe(404);
      expect(r.text).not.toMatch(/ERP|TechStart/);
    }
    expect((await csv(2, 'from=2026-10-01&to=2026-10-31')).status).toBe(401);
  });
});
