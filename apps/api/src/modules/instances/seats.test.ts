import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { runSeatRelease } from '../../jobs/seat-release.job';
import { makeInstance, makeLicense, makePlan } from '../../test/factories';
import { SEED } from '../../test/seed-ids';

/**
 * Floating seats and heartbeats: a floating plan's seat is freed when its instance sends no
 * heartbeat for the plan's window (driven by the injected clock); node-locked seats are held.
 */
const T0 = new Date('2025-03-01T12:00:00Z');
const clock = new FixedClock(T0);
const t = useTestApp({ clock, poolSize: 12 });
const MIN = 60_000;
const deps = () => ({ prisma: t.prisma, config: t.config, clock: t.clock, services: t.services });

const ACTIVATE = `mutation($input: InstanceActivateModuleInput!) { instanceActivateModule(input: $input) { instanceModule { id } errors { code field message } } }`;
const CRED_CREATE = `mutation($input: InstanceCredentialCreateInput!) { instanceCredentialCreate(input: $input) { credential { keyId } secret } }`;
const INSTANCE = `query($id: Int!) { instance(id: $id) { modules { id lastHeartbeatAt seatFreedAt seat { policy heartbeatWindowMinutes freesAt stale } license { activeInstances maxInstances } } } }`;
const PLAN_CREATE = `mutation($input: PricingPlanCreateInput!) { pricingPlanCreate(input: $input) { plan { id seatPolicy heartbeatWindowMinutes } errors { code field message } } }`;
const PLAN_UPDATE = `mutation($input: PricingPlanUpdateInput!) { pricingPlanUpdate(input: $input) { plan { id seatPolicy heartbeatWindowMinutes } errors { code field message } } }`;

type Cred = { keyId: string; secret: string };
const basic = (c: Cred) => `Basic ${Buffer.from(`${c.keyId}:${c.secret}`).toString('base64')}`;

async function credential(instanceId: number, as = 'dev@acme.test'): Promise<Cred> {
  const r = (await t.gqlOk(CRED_CREATE, { input: { instanceId } }, { as })).instanceCredentialCreate;
  return { keyId: r.credential.keyId, secret: r.secret };
}

async function heartbeat(cred: Cred | null, body?: unknown) {
  const res = await fetch(`${t.baseUrl}/api/instance/v1/heartbeat`, {
    method: 'POST',
    headers: { ...(cred ? { authorization: basic(cred) } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function floatingLicense(opts: { maxInstances: number; window: number; orgId?: number }) {
  const plan = await makePlan(t.prisma, SEED.modules.crm, { maxInstances: opts.maxInstances });
  await t.prisma.pricingPlan.update({ where: { id: plan.id }, data: { seatPolicy: 'floating', heartbeatWindowMinutes: opts.window } });
  return makeLicense(t.prisma, { orgId: opts.orgId ?? SEED.acme, moduleId: SEED.modules.crm, planId: plan.id });
}

// An org admin activates, consenting to what CRM Pro asks for (a developer may not consent).
const activate = (instanceId: number, licenseId: number, as = 'alice@acme.test') =>
  t
    .gqlOk(
      ACTIVATE,
      {
        input: {
          instanceId,
          licenseId,
          moduleVersionId: SEED.versions.crm110,
          reportedHash: SEED.hashes.crm110,
          consentedPermissions: [...SEED.permissions.crm],
        },
      },
      { as },
    )
    .then((r) => r.instanceActivateModule);

const newInstance = (name?: string, orgId: number = SEED.acme) => makeInstance(t.prisma, { orgId, coreId: SEED.cores.horizon200, name });

afterEach(() => clock.set(T0));

describe('floating seats', () => {
  it('a seat is freed once its instance misses heartbeats for the window; a heartbeat in time keeps it', async () => {
    const license = await floatingLicense({ maxInstances: 1, window: 10 });
    const a = await newInstance();
    const b = await newInstance();
    const credA = await credential(a.id);
    expect((await activate(a.id, license.id)).errors).toEqual([]);

    clock.advance(5 * MIN);
    const beat = await heartbeat(credA, { modules: ['crm-pro'] });
    expect(beat.status).toBe(200);
    expect(beat.body).toEqual({
      heartbeatAt: '2025-03-01T12:05:00.000Z',
      activations: [
        {
          module: 'crm-pro',
          licenseKey: license.licenseKey,
          seatPolicy: 'floating',
          heartbeatWindowMinutes: 10,
          lastHeartbeatAt: '2025-03-01T12:05:00.000Z',
          seatFreedIfSilentAt: '2025-03-01T12:15:00.000Z',
        },
      ],
      seatsFreed: [],
      seatsFreedNow: 0,
      notActive: [],
    });
    // The first heartbeat of an activation is audited once.
    expect(await t.prisma.auditLog.count({ where: { actionType: 'heartbeat_first', entityId: String(a.id) } })).toBe(1);

    // 9 min 59 s after the heartbeat the seat is held: B is refused.
    clock.set(new Date('2025-03-01T12:14:59Z'));
    const refused = await activate(b.id, license.id);
    expect(refused.errors).toEqual([expect.objectContaining({ code: 'INSTANCE_LIMIT_REACHED', field: 'licenseId' })]);
    const view = (await t.gqlOk(INSTANCE, { id: a.id }, { as: 'viewer@acme.test' })).instance.modules[0];
    expect(view).toMatchObject({
      lastHeartbeatAt: '2025-03-01T12:05:00.000Z',
      seatFreedAt: null,
      seat: { policy: 'floating', heartbeatWindowMinutes: 10, freesAt: '2025-03-01T12:15:00.000Z', stale: false },
      license: { activeInstances: 1, maxInstances: 1 },
    });

    // 10 minutes without a heartbeat: the seat no longer counts, and B's activation frees it.
    clock.set(new Date('2025-03-01T12:15:00Z'));
    const stale = (await t.gqlOk(INSTANCE, { id: a.id }, { as: 'viewer@acme.test' })).instance.modules[0];
    expect(stale).toMatchObject({ seat: { stale: true }, license: { activeInstances: 0, maxInstances: 1 } });
    expect((await activate(b.id, license.id)).errors).toEqual([]);
    const freedRow = await t.prisma.instanceModule.findFirstOrThrow({ where: { instanceId: a.id } });
    expect(freedRow).toMatchObject({ isActive: false, seatFreedAt: clock.now(), deactivatedAt: clock.now() });
    const log = await t.prisma.activationLog.findFirstOrThrow({ where: { instanceId: a.id, eventType: 'deactivation' } });
    expect(log.status).toBe('success');
    expect(log.metadata).toMatchObject({ reason: 'heartbeat_missed', freed_by: 'activation', heartbeat_window_minutes: 10 });
    const auditRow = await t.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'seat_freed', entityId: String(a.id) } });
    expect(auditRow).toMatchObject({ orgId: SEED.acme, entityType: 'instance' });
    expect(await t.prisma.instanceModule.count({ where: { licenseId: license.id, isActive: true } })).toBe(1);

    // A's late heartbeat does not take the seat back: it is told the seat was freed.
    clock.advance(MIN);
    const late = await heartbeat(credA, { modules: ['crm-pro'] });
    expect(late.body.activations).toEqual([]);
    expect(late.body.seatsFreed).toEqual([
      {
        module: 'crm-pro',
        licenseKey: license.licenseKey,
        seatFreedAt: '2025-03-01T12:15:00.000Z',
        lastHeartbeatAt: '2025-03-01T12:05:00.000Z',
        heartbeatWindowMinutes: 10,
      },
    ]);
    expect(late.body.notActive).toEqual([]);
    // Reactivation is refused (the seat is B's), and succeeds once B deactivates; it clears the freed mark.
    expect((await activate(a.id, license.id)).errors[0].code).toBe('INSTANCE_LIMIT_REACHED');
    await t.prisma.instanceModule.updateMany({ where: { instanceId: b.id }, data: { isActive: false } });
    expect((await activate(a.id, license.id)).errors).toEqual([]);
    expect(await t.prisma.instanceModule.findFirstOrThrow({ where: { instanceId: a.id } })).toMatchObject({
      isActive: true,
      seatFreedAt: null,
      lastHeartbeatAt: null,
    });
  });

  it('without any heartbeat the window runs from the activation; the heartbeat that comes too late frees the seat itself', async () => {
    const license = await floatingLicense({ maxInstances: 2, window: 3 });
    const a = await newInstance();
    const credA = await credential(a.id);
    expect((await activate(a.id, license.id)).errors).toEqual([]);
    const before = (await t.gqlOk(INSTANCE, { id: a.id }, { as: 'dev@acme.test' })).instance.modules[0];
    expect(before).toMatchObject({ lastHeartbeatAt: null, seat: { freesAt: '2025-03-01T12:03:00.000Z', stale: false } });
    clock.advance(3 * MIN);
    const r = await heartbeat(credA);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ activations: [], seatsFreedNow: 1, seatsFreed: [{ module: 'crm-pro', lastHeartbeatAt: null }] });
    const log = await t.prisma.activationLog.findFirstOrThrow({ where: { instanceId: a.id, eventType: 'deactivation' } });
    expect(log.metadata).toMatchObject({ freed_by: 'heartbeat' });
  });

  it('node-locked seats (the default) are held without heartbeats', async () => {
    const plan = await makePlan(t.prisma, SEED.modules.crm, { maxInstances: 1 });
    const license = await makeLicense(t.prisma, { orgId: SEED.acme, moduleId: SEED.modules.crm, planId: plan.id });
    const a = await newInstance();
    const b = await newInstance();
    expect((await activate(a.id, license.id)).errors).toEqual([]);
    clock.advance(90 * 24 * 60 * MIN);
    expect((await activate(b.id, license.id)).errors[0].code).toBe('INSTANCE_LIMIT_REACHED');
    await runSeatRelease(deps());
    expect(await t.prisma.instanceModule.findFirstOrThrow({ where: { instanceId: a.id } })).toMatchObject({
      isActive: true,
      seatFreedAt: null,
    });
    const view = (await t.gqlOk(INSTANCE, { id: a.id }, { as: 'dev@acme.test' })).instance.modules[0];
    expect(view.seat).toEqual({ policy: 'node_locked', heartbeatWindowMinutes: null, freesAt: null, stale: false });
    // A heartbeat is accepted and recorded, but a node-locked seat has no deadline.
    const beat = await heartbeat(await credential(a.id));
    expect(beat.body.activations).toEqual([expect.objectContaining({ seatPolicy: 'node_locked', seatFreedIfSilentAt: null })]);
  });

  it('the floating-seat-release job frees stale seats once (idempotent), with log and audit rows', async () => {
    const license = await floatingLicense({ maxInstances: 5, window: 15 });
    const a = await newInstance();
    const b = await newInstance();
    expect((await activate(a.id, license.id)).errors).toEqual([]);
    clock.advance(10 * MIN);
    expect((await activate(b.id, license.id)).errors).toEqual([]);
    clock.advance(5 * MIN); // a: 15 min without a heartbeat; b: 5 min
    const first = await runSeatRelease(deps());
    expect(first.seatsFreed).toBeGreaterThanOrEqual(1);
    expect(await t.prisma.instanceModule.findFirstOrThrow({ where: { instanceId: a.id } })).toMatchObject({ isActive: false });
    expect(await t.prisma.instanceModule.findFirstOrThrow({ where: { instanceId: b.id } })).toMatchObject({ isActive: true });
    const again = await runSeatRelease(deps());
    expect(again.seatsFreed).toBe(0);
    expect(await t.prisma.auditLog.count({ where: { actionType: 'seat_freed', entityId: String(a.id) } })).toBe(1);
    const row = await t.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'seat_freed', entityId: String(a.id) } });
    expect(row.userId).toBeNull();
    expect(row.newValue).toMatchObject({ freed_by: 'job', reason: 'heartbeat_missed' });
  });

  it('20 parallel activations while stale seats are freed and heartbeats arrive at the same moment → never oversold', async () => {
    const license = await floatingLicense({ maxInstances: 3, window: 10 });
    const [s1, s2, s3] = [await newInstance('Seat 1'), await newInstance('Seat 2'), await newInstance('Seat 3')];
    for (const s of [s1, s2, s3]) expect((await activate(s.id, license.id)).errors).toEqual([]);
    const [c1, c2] = [await credential(s1.id), await credential(s2.id)];
    clock.advance(5 * MIN);
    expect((await heartbeat(c1)).body.activations).toHaveLength(1); // s1 keeps its seat until 12:15
    clock.advance(5 * MIN); // 12:10: s2 and s3 have missed their window, s1 has not
    const racers = await Promise.all(Array.from({ length: 20 }, (_, i) => newInstance(`Racer ${i}`)));
    await t.sessionCookie('dev@acme.test');

    const [results, beat1, beat2] = await Promise.all([
      Promise.all(racers.map((r) => activate(r.id, license.id))),
      heartbeat(c1),
      heartbeat(c2),
    ]);
    expect(results.filter((p) => p.instanceModule).length).toBe(2);
    expect(results.filter((p) => p.errors[0]?.code === 'INSTANCE_LIMIT_REACHED').length).toBe(18);
    expect(beat1.body.activations).toHaveLength(1);
    expect(beat2.body.activations).toEqual([]);
    expect(beat2.body.seatsFreed).toEqual([expect.objectContaining({ module: 'crm-pro' })]);

    const active = await t.prisma.instanceModule.findMany({ where: { licenseId: license.id, isActive: true } });
    expect(active).toHaveLength(3);
    expect(active.map((a) => a.instanceId)).toContain(s1.id);
    // Each stale seat was freed exactly once (one log row and one audit row each), whoever freed it.
    const freedIds = [s2.id, s3.id].map(String);
    expect(await t.prisma.auditLog.count({ where: { actionType: 'seat_freed', entityId: { in: freedIds } } })).toBe(2);
    expect(await t.prisma.activationLog.count({ where: { licenseId: license.id, eventType: 'deactivation', status: 'success' } })).toBe(2);
    expect(await t.prisma.activationLog.count({ where: { licenseId: license.id, eventType: 'activation', status: 'success' } })).toBe(5);
  });
});

describe('heartbeat refusals and input', () => {
  it('needs instance credentials; another org’s activations are never touched', async () => {
    expect((await heartbeat(null)).status).toBe(401);
    const license = await floatingLicense({ maxInstances: 2, window: 10 });
    const a = await newInstance();
    expect((await activate(a.id, license.id)).errors).toEqual([]);
    const tech = await credential(SEED.instances.techstartMain, 'tom@techstart.test');
    const r = await heartbeat(tech, { modules: ['crm-pro'] });
    expect(r.status).toBe(200);
    expect(r.body.activations.map((x: any) => x.licenseKey)).not.toContain(license.licenseKey);
    expect((await t.prisma.instanceModule.findFirstOrThrow({ where: { instanceId: a.id } })).lastHeartbeatAt).toBeNull();
  });

  it('refuses a malformed body with a code and the field, and writes nothing', async () => {
    const a = await newInstance();
    const cred = await credential(a.id);
    for (const body of [{ modules: 'crm-pro' }, { modules: [] }, { modules: ['CRM PRO'] }, [1]]) {
      const r = await heartbeat(cred, body);
      expect(r.status).toBe(422);
      expect(r.body.error).toMatchObject({ code: 'INVALID_HEARTBEAT', field: body instanceof Array ? 'body' : 'modules' });
    }
    const r = await heartbeat(cred, { modules: ['analytics-dashboard'] });
    expect(r.body).toMatchObject({ activations: [], seatsFreed: [], notActive: ['analytics-dashboard'] });
  });

  it('other orgs and roles cannot read an instance’s heartbeats (NOT_FOUND) ', async () => {
    const r = await t.gql(INSTANCE, { id: SEED.instances.acmeProd }, { as: 'tom@techstart.test' });
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const ok = await t.gqlOk(INSTANCE, { id: SEED.instances.acmeProd }, { as: 'viewer@acme.test' });
    expect(ok.instance.modules[0]).toHaveProperty('lastHeartbeatAt');
  });
});

describe('seat policy of a plan (vendor)', () => {
  it('validates the heartbeat window, saves it with an audit row, and refuses others', async () => {
    const base = {
      moduleId: SEED.modules.erp,
      planType: 'subscription',
      name: 'Floating',
      price: '20',
      billingCycle: 'monthly',
      features: [],
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ seatPolicy: 'floating' }, 'heartbeatWindowMinutes'],
      [{ seatPolicy: 'floating', heartbeatWindowMinutes: 0 }, 'heartbeatWindowMinutes'],
      [{ seatPolicy: 'floating', heartbeatWindowMinutes: 10081 }, 'heartbeatWindowMinutes'],
      [{ seatPolicy: 'node_locked', heartbeatWindowMinutes: 10 }, 'heartbeatWindowMinutes'],
    ];
    for (const [extra, field] of cases) {
      const r = (await t.gqlOk(PLAN_CREATE, { input: { ...base, ...extra } }, { as: 'alice@acme.test' })).pricingPlanCreate;
      expect(r.plan).toBeNull();
      expect(r.errors).toEqual([expect.objectContaining({ code: 'PLAN_HEARTBEAT_WINDOW_INVALID', field })]);
    }
    const created = (
      await t.gqlOk(PLAN_CREATE, { input: { ...base, seatPolicy: 'floating', heartbeatWindowMinutes: 30 } }, { as: 'alice@acme.test' })
    ).pricingPlanCreate;
    expect(created).toMatchObject({ errors: [], plan: { seatPolicy: 'floating', heartbeatWindowMinutes: 30 } });
    const id = created.plan.id;
    const back = (await t.gqlOk(PLAN_UPDATE, { input: { planId: id, seatPolicy: 'node_locked' } }, { as: 'alice@acme.test' }))
      .pricingPlanUpdate;
    expect(back).toMatchObject({ errors: [], plan: { seatPolicy: 'node_locked', heartbeatWindowMinutes: null } });
    const audits = await t.prisma.auditLog.findMany({
      where: { entityType: 'pricing_plan', entityId: String(id) },
      orderBy: { id: 'asc' },
    });
    expect(audits.map((a) => a.actionType)).toEqual(['create', 'update']);
    expect(audits[1]!.oldValue).toMatchObject({ seatPolicy: 'floating', heartbeatWindowMinutes: 30 });
    expect(audits[1]!.newValue).toMatchObject({ seatPolicy: 'node_locked', heartbeatWindowMinutes: null });

    // Another org's admin and a member without the vendor: NOT_FOUND, nothing changes.
    for (const as of ['tom@techstart.test', 'john@johndoe.test']) {
      const r = await t.gql(PLAN_UPDATE, { input: { planId: id, seatPolicy: 'floating', heartbeatWindowMinutes: 5 } }, { as });
      expect(r.errors?.[0]?.extensions?.code ?? r.data?.pricingPlanUpdate?.errors?.[0]?.code).toBe('NOT_FOUND');
    }
    expect(await t.prisma.pricingPlan.findUniqueOrThrow({ where: { id } })).toMatchObject({ seatPolicy: 'node_locked' });
  });
});
