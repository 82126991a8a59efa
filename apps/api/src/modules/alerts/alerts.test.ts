/**
 * Alert rules per module (issue 15 monitoring): error rate above X % over a day, or a new error
 * fingerprint. Each incident notifies the vendor once, in-app and by e-mail, also under concurrency.
 */
import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { jobContext } from '../../jobs/job-context';
import { runModuleAlerts } from '../../jobs/module-alerts.job';
import { SEED } from '../../test/seed-ids';
import { evaluateAlerts } from './alerts.service';

const clock = new FixedClock(new Date('2025-03-01T12:00:00Z'));
const t = useTestApp({ clock });

const RULE = 'id moduleId kind thresholdPercent enabled firing';
const CREATE = `mutation($input: ModuleAlertRuleCreateInput!) { moduleAlertRuleCreate(input: $input) { rule { ${RULE} } errors { code field message } } }`;
const UPDATE = `mutation($input: ModuleAlertRuleUpdateInput!) { moduleAlertRuleUpdate(input: $input) { rule { ${RULE} } errors { code field } } }`;
const DELETE = `mutation($input: ModuleAlertRuleDeleteInput!) { moduleAlertRuleDelete(input: $input) { deletedId errors { code } } }`;
const RULES = `query($moduleId: Int!) { moduleAlertRules(moduleId: $moduleId) { ${RULE} } }`;
const INCIDENTS = `query($moduleId: Int!) { moduleAlertIncidents(moduleId: $moduleId, first: 20) { totalCount edges { node {
  kind openedAt clearedAt windowDate apiCalls errors errorRatePercent thresholdPercent errorType errorMessage } } } }`;
const CRED_CREATE = `mutation($input: InstanceCredentialCreateInput!) { instanceCredentialCreate(input: $input) { credential { keyId } secret } }`;

const deps = () => ({ prisma: t.prisma, config: t.config, clock, services: t.services });
const ALICE = 'alice@acme.test'; // runs DevShop, the vendor of Custom ERP
const ERP = SEED.modules.erp;
const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

type Cred = { keyId: string; secret: string };
let techstart: Cred;
beforeAll(async () => {
  const r = (await t.gqlOk(CRED_CREATE, { input: { instanceId: SEED.instances.techstartMain } }, { as: 'tom@techstart.test' }))
    .instanceCredentialCreate;
  techstart = { keyId: r.credential.keyId, secret: r.secret };
});

async function post(path: '/usage' | '/errors', body: unknown) {
  const res = await fetch(`${t.baseUrl}/api/instance/v1${path}`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${techstart.keyId}:${techstart.secret}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}
const usage = (date: string, apiCalls: number, errors: number) =>
  post('/usage', { module: 'custom-erp', date, activeUsers: 3, apiCalls, errors });

const alerts = () => t.prisma.notification.findMany({ where: { type: 'module_alert' }, orderBy: { id: 'asc' } });
const alertMails = () => t.prisma.emailDelivery.count({ where: { notification: { type: 'module_alert' } } });

async function freshRules() {
  await t.prisma.moduleAlertRule.deleteMany({});
  await t.prisma.notification.deleteMany({ where: { type: 'module_alert' } });
}

describe('alert rules: create, change, delete', () => {
  beforeEach(freshRules);

  it('a vendor member creates rules on its module, with an audit row; every input error has its code and field', async () => {
    const r = (await t.gqlOk(CREATE, { input: { moduleId: ERP, kind: 'error_rate', thresholdPercent: '5' } }, { as: ALICE }))
      .moduleAlertRuleCreate;
    expect(r).toEqual({
      rule: { id: expect.any(Number), moduleId: ERP, kind: 'error_rate', thresholdPercent: '5.00', enabled: true, firing: false },
      errors: [],
    });
    expect(
      await t.prisma.auditLog.count({
        where: { entityType: 'module_alert_rule', entityId: String(r.rule.id), actionType: 'alert_rule_create' },
      }),
    ).toBe(1);
    const fails = async (input: Record<string, unknown>) =>
      (await t.gqlOk(CREATE, { input: { moduleId: ERP, ...input } }, { as: ALICE })).moduleAlertRuleCreate;
    expect(await fails({ kind: 'error_rate' })).toMatchObject({ rule: null, errors: [{ code: 'REQUIRED', field: 'thresholdPercent' }] });
    for (const bad of ['0', '100.01', '1.234', '-3', 'five'])
      expect(await fails({ kind: 'error_rate', thresholdPercent: bad })).toMatchObject({
        errors: [{ code: 'ALERT_THRESHOLD_INVALID', field: 'thresholdPercent' }],
      });
    expect(await fails({ kind: 'error_rate', thresholdPercent: '5.00' })).toMatchObject({ errors: [{ code: 'ALERT_RULE_DUPLICATE' }] });
    expect(await fails({ kind: 'new_error', thresholdPercent: '3' })).toMatchObject({
      errors: [{ code: 'ALERT_THRESHOLD_NOT_ALLOWED', field: 'thresholdPercent' }],
    });
    expect((await fails({ kind: 'new_error' })).errors).toEqual([]);
    expect(await fails({ kind: 'new_error' })).toMatchObject({ errors: [{ code: 'ALERT_RULE_DUPLICATE' }] });
    expect((await t.gqlOk(RULES, { moduleId: ERP }, { as: ALICE })).moduleAlertRules.map((x: { kind: string }) => x.kind)).toEqual([
      'error_rate',
      'new_error',
    ]);
    for (let i = 1; i <= 8; i++) await fails({ kind: 'error_rate', thresholdPercent: String(10 + i) });
    expect(await fails({ kind: 'error_rate', thresholdPercent: '50' })).toMatchObject({ errors: [{ code: 'ALERT_RULE_LIMIT' }] });
  });

  it('updates the threshold, disables and deletes, each audited', async () => {
    const id = (await t.gqlOk(CREATE, { input: { moduleId: ERP, kind: 'error_rate', thresholdPercent: '5' } }, { as: ALICE }))
      .moduleAlertRuleCreate.rule.id;
    const up = (await t.gqlOk(UPDATE, { input: { id, thresholdPercent: '2.5', enabled: false } }, { as: ALICE })).moduleAlertRuleUpdate;
    expect(up.rule).toMatchObject({ thresholdPercent: '2.50', enabled: false });
    expect((await t.gqlOk(UPDATE, { input: { id, thresholdPercent: '0' } }, { as: ALICE })).moduleAlertRuleUpdate.errors).toEqual([
      { code: 'ALERT_THRESHOLD_INVALID', field: 'thresholdPercent' },
    ]);
    expect((await t.gqlOk(DELETE, { input: { id } }, { as: ALICE })).moduleAlertRuleDelete).toEqual({ deletedId: id, errors: [] });
    expect(await t.prisma.moduleAlertRule.count({ where: { id } })).toBe(0);
    const actions = await t.prisma.auditLog.findMany({
      where: { entityType: 'module_alert_rule', entityId: String(id) },
      orderBy: { id: 'asc' },
    });
    expect(actions.map((a) => a.actionType)).toEqual(['alert_rule_create', 'alert_rule_update', 'alert_rule_delete']);
  });

  it("refuses other vendors' and buyers' access to rules and incidents (NOT_FOUND), and anonymous callers", async () => {
    const id = (await t.gqlOk(CREATE, { input: { moduleId: ERP, kind: 'error_rate', thresholdPercent: '5' } }, { as: ALICE }))
      .moduleAlertRuleCreate.rule.id;
    for (const who of ['john@johndoe.test', 'tom@techstart.test', 'dev@acme.test', 'viewer@acme.test']) {
      expect(code(await t.gql(CREATE, { input: { moduleId: ERP, kind: 'new_error' } }, { as: who }))).toBe('NOT_FOUND');
      expect(code(await t.gql(UPDATE, { input: { id, enabled: false } }, { as: who }))).toBe('NOT_FOUND');
      expect(code(await t.gql(DELETE, { input: { id } }, { as: who }))).toBe('NOT_FOUND');
      expect(code(await t.gql(RULES, { moduleId: ERP }, { as: who }))).toBe('NOT_FOUND');
      expect(code(await t.gql(INCIDENTS, { moduleId: ERP }, { as: who }))).toBe('NOT_FOUND');
    }
    // Alice's own vendor does not make another vendor's module hers (Analytics belongs to John Doe).
    expect(code(await t.gql(CREATE, { input: { moduleId: SEED.modules.analytics, kind: 'new_error' } }, { as: ALICE }))).toBe('NOT_FOUND');
    expect(code(await t.gql(RULES, { moduleId: ERP }))).toBe('UNAUTHENTICATED');
    expect(await t.prisma.moduleAlertRule.findUnique({ where: { id } })).toMatchObject({ enabled: true });
    expect(await t.prisma.moduleAlertRule.count({ where: { kind: 'new_error' } })).toBe(0);
  });
});

describe('error-rate incidents', () => {
  beforeEach(freshRules);

  it('fires once while the rate stays above the threshold, clears, and a recurrence is a new incident (in-app and e-mail)', async () => {
    await t.gqlOk(CREATE, { input: { moduleId: ERP, kind: 'error_rate', thresholdPercent: '5' } }, { as: ALICE });
    expect((await usage('2025-03-01', 100, 5)).status).toBe(200); // exactly 5 %: not above
    expect(await alerts()).toHaveLength(0);

    await usage('2025-03-01', 100, 6); // 6 % → incident 1
    const first = await alerts();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      recipientUserId: 42, // alice, DevShop's org admin
      title: 'Custom ERP: error rate 6.00 % is above 5.00 %',
      relatedEntityType: 'module_alert',
      relatedEntityId: ERP, // the module: its usage page
    });
    expect(await alertMails()).toBe(1);

    await usage('2025-03-01', 100, 9); // still above: no new notification
    await usage('2025-03-01', 200, 30);
    expect(await alerts()).toHaveLength(1);

    await usage('2025-03-01', 100, 1); // back under: cleared, nothing sent
    expect(await alerts()).toHaveLength(1);
    await usage('2025-03-01', 100, 1);

    await usage('2025-03-01', 100, 12); // recurs → incident 2
    expect(await alerts()).toHaveLength(2);
    expect(await alertMails()).toBe(2);

    const inc = (await t.gqlOk(INCIDENTS, { moduleId: ERP }, { as: ALICE })).moduleAlertIncidents;
    expect(inc.totalCount).toBe(2);
    expect(inc.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({
        kind: 'error_rate',
        clearedAt: null,
        windowDate: '2025-03-01',
        apiCalls: 100,
        errors: 12,
        errorRatePercent: '12.00',
        thresholdPercent: '5.00',
      }),
      expect.objectContaining({ kind: 'error_rate', clearedAt: expect.any(String), apiCalls: 100, errors: 6, errorRatePercent: '6.00' }),
    ]);
    const audits = await t.prisma.auditLog.findMany({ where: { entityType: 'module_alert_incident' }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => a.actionType)).toEqual(['alert_incident_open', 'alert_incident_clear', 'alert_incident_open']);
  });

  it('concurrent evaluations and concurrent reports open one incident and send one notification', async () => {
    await t.gqlOk(CREATE, { input: { moduleId: ERP, kind: 'error_rate', thresholdPercent: '1' } }, { as: ALICE });
    // Stored without evaluation (as if every evaluation at ingestion had failed), then 8 evaluators at once.
    await t.prisma.moduleUsageMetric.upsert({
      where: { instanceModuleId_metricDate: { instanceModuleId: 3, metricDate: new Date('2025-03-01T00:00:00Z') } },
      update: { apiCalls: 1000, errors: 50 },
      create: { instanceModuleId: 3, metricDate: new Date('2025-03-01T00:00:00Z'), apiCalls: 1000, errors: 50 },
    });
    const runs = await Promise.all(Array.from({ length: 8 }, () => evaluateAlerts(jobContext(deps()))));
    expect(runs.reduce((s, r) => s + r.opened, 0)).toBe(1);
    expect(await alerts()).toHaveLength(1);
    expect(await t.prisma.moduleAlertIncident.count()).toBe(1);

    // Clear, then 6 concurrent reports that each push the rate above 1 %: one new incident.
    await usage('2025-03-01', 1000, 0);
    expect(await t.prisma.moduleAlertIncident.count({ where: { clearedAt: null } })).toBe(0);
    const posted = await Promise.all(Array.from({ length: 6 }, (_, i) => usage('2025-03-01', 1000, 20 + i)));
    expect(posted.every((p) => p.status === 200)).toBe(true);
    expect(await alerts()).toHaveLength(2);
    expect(await alertMails()).toBe(2);
    expect(await t.prisma.moduleAlertIncident.count({ where: { clearedAt: null } })).toBe(1);
  });

  it('the module-alerts job decides on today or yesterday only, and disabling clears an open incident', async () => {
    const id = (await t.gqlOk(CREATE, { input: { moduleId: ERP, kind: 'error_rate', thresholdPercent: '10' } }, { as: ALICE }))
      .moduleAlertRuleCreate.rule.id;
    // Only an old day is above the threshold (the seed's 2025-01 reports are old too): nothing decided.
    await t.prisma.moduleUsageMetric.create({
      data: { instanceModuleId: 3, metricDate: new Date('2025-02-20T00:00:00Z'), apiCalls: 10, errors: 9 },
    });
    await t.prisma.moduleUsageMetric.deleteMany({ where: { instanceModuleId: 3, metricDate: { gte: new Date('2025-02-28T00:00:00Z') } } });
    expect(await runModuleAlerts(deps())).toEqual({ opened: 0, cleared: 0, unchanged: 1 });
    // Yesterday's figures arrive without an evaluation: the job opens the incident, once.
    await t.prisma.moduleUsageMetric.create({
      data: { instanceModuleId: 3, metricDate: new Date('2025-02-28T00:00:00Z'), apiCalls: 10, errors: 2 },
    });
    expect(await runModuleAlerts(deps())).toEqual({ opened: 1, cleared: 0, unchanged: 0 });
    expect(await runModuleAlerts(deps())).toEqual({ opened: 0, cleared: 0, unchanged: 1 });
    expect(await alerts()).toHaveLength(1);
    const off = (await t.gqlOk(UPDATE, { input: { id, enabled: false } }, { as: ALICE })).moduleAlertRuleUpdate.rule;
    expect(off).toMatchObject({ enabled: false, firing: false });
    expect(await t.prisma.moduleAlertIncident.count({ where: { ruleId: id, clearedAt: null } })).toBe(0);
    expect(await runModuleAlerts(deps())).toEqual({ opened: 0, cleared: 0, unchanged: 0 }); // disabled rules are not evaluated
    await t.gqlOk(UPDATE, { input: { id, enabled: true } }, { as: ALICE });
    expect(await runModuleAlerts(deps())).toEqual({ opened: 1, cleared: 0, unchanged: 0 }); // still above: a new incident
    expect(await alerts()).toHaveLength(2);
  });
});

describe('new-error incidents', () => {
  beforeEach(freshRules);

  it('errors known before the rule do not fire; each new fingerprint notifies once, also when reported concurrently', async () => {
    const known = { module: 'custom-erp', type: 'validation', message: 'Invalid input format' }; // the seed's error
    await post('/errors', known);
    await t.gqlOk(CREATE, { input: { moduleId: ERP, kind: 'new_error' } }, { as: ALICE });
    expect((await post('/errors', known)).status).toBe(200);
    expect(await alerts()).toHaveLength(0);

    const fresh = { module: 'custom-erp', type: 'TypeError', message: 'Cannot read properties of undefined (reading "total")' };
    const res = await Promise.all(Array.from({ length: 6 }, () => post('/errors', fresh)));
    expect(res.every((r) => r.status === 200)).toBe(true);
    const sent = await alerts();
    expect(sent).toHaveLength(1);
    expect(sent[0].title).toBe('Custom ERP: new error "TypeError"');
    expect(await alertMails()).toBe(1);
    await post('/errors', { ...fresh, count: 5 });
    expect(await alerts()).toHaveLength(1);

    await post('/errors', { module: 'custom-erp', type: 'RangeError', message: 'Invalid array length' });
    expect(await alerts()).toHaveLength(2);
    await Promise.all(Array.from({ length: 4 }, () => evaluateAlerts(jobContext(deps()))));
    expect(await alerts()).toHaveLength(2);
    const inc = (await t.gqlOk(INCIDENTS, { moduleId: ERP }, { as: ALICE })).moduleAlertIncidents;
    expect(inc.edges.map((e: any) => [e.node.kind, e.node.errorType])).toEqual(
      expect.arrayContaining([
        ['new_error', 'TypeError'],
        ['new_error', 'RangeError'],
      ]),
    );
    expect(inc.totalCount).toBe(2);
  });
});
