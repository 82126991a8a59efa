/**
 * Regression tests of the security review (issue 12): one describe per numbered finding (item 11,
 * failed instance credentials, is in instance-api/instance-api-rate-limit.test.ts), plus the
 * GraphQL rate limit counted in PostgreSQL. The schema-wide fuzz test is core/fuzz.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FixedClock } from './clock';
import { createTestApp, useTestApp, type TestApp } from '../test/harness';
import { makeInstance, makeLicense, makeVersion } from '../test/factories';
import { SEED } from '../test/seed-ids';
import { publishingSandbox, uploadArtifact } from '../modules/publishing/test-support/publishing-fixtures';
import { CONTENT_SECURITY_POLICY } from '../app';

const NUL = '\u0000';

async function post(t: TestApp, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe('1. names of unpublished drafts never leak through activation and update messages', () => {
  const t = useTestApp();
  const DRAFT_NAME = 'Zz Secret Draft Widget';
  let draft: { moduleId: number; versionId: number };
  let crmPending: number;
  beforeAll(async () => {
    const mod = await t.prisma.module.create({ data: { vendorId: 3, slug: 'zz-secret-draft', name: DRAFT_NAME, status: 'draft' } });
    const v = await makeVersion(t.prisma, { moduleId: mod.id, version: '7.7.7', status: 'pending' });
    draft = { moduleId: mod.id, versionId: v.id };
    crmPending = (await makeVersion(t.prisma, { moduleId: SEED.modules.crm, version: '9.9.9', status: 'pending' })).id;
  });
  const noLeak = (r: unknown) => expect(JSON.stringify(r)).not.toMatch(/Secret Draft|7\.7\.7|9\.9\.9/);

  it('instanceActivateModule: NOT_FOUND for another vendor’s pending version', async () => {
    const lic = await makeLicense(t.prisma, { orgId: SEED.acme, moduleId: draft.moduleId });
    const r = await t.gql(
      `mutation($input: InstanceActivateModuleInput!) { instanceActivateModule(input: $input) { errors { code message } } }`,
      { input: { instanceId: SEED.instances.acmeProd, licenseId: lic.id, moduleVersionId: draft.versionId, reportedHash: 'x' } },
      { as: 'dev@acme.test' },
    );
    expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    noLeak(r);
  });

  it('instanceDeactivateModule: NOT_FOUND for a module nobody may see', async () => {
    const r = await t.gql(
      `mutation($input: InstanceDeactivateModuleInput!) { instanceDeactivateModule(input: $input) { errors { code message } } }`,
      { input: { instanceId: SEED.instances.acmeProd, moduleId: draft.moduleId } },
      { as: 'dev@acme.test' },
    );
    expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    noLeak(r);
  });

  it('instanceModuleUpdateStart: a pending target version is not named', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.horizon200 });
    const im = await t.prisma.instanceModule.create({
      data: {
        instanceId: inst.id,
        licenseId: SEED.licenses.acmeCrm,
        moduleId: SEED.modules.crm,
        moduleVersionId: SEED.versions.crm100,
        moduleHash: 'x',
      },
    });
    const r = await t.gql(
      `mutation($input: InstanceModuleUpdateStartInput!) { instanceModuleUpdateStart(input: $input) { errors { code field message } } }`,
      { input: { instanceModuleId: im.id, toVersionId: crmPending } },
      { as: 'dev@acme.test' },
    );
    expect(r.data!.instanceModuleUpdateStart.errors).toEqual([
      { code: 'VERSION_NOT_FOUND', field: 'toVersionId', message: 'Choose a version of the same module.' },
    ]);
    noLeak(r);
  });
});

describe('2. a NUL byte (or another control character) in any text input is a clear BAD_USER_INPUT / 400', () => {
  const t = useTestApp();
  const cases: [string, string, Record<string, unknown>, string | null, string][] = [
    [
      'sign-in e-mail',
      `mutation($i: SignInInput!) { signIn(input: $i) { errors { code } } }`,
      { i: { email: `alice${NUL}@acme.test`, password: 'demo-password' } },
      null,
      'i.email',
    ],
    [
      'catalog search',
      `query($f: CatalogFilter) { catalogModules(filter: $f) { totalCount } }`,
      { f: { search: `crm${NUL}` } },
      null,
      'filter.search',
    ],
    [
      'organization name',
      `mutation($i: OrganizationCreateInput!) { organizationCreate(input: $i) { errors { code } } }`,
      { i: { name: `Evil${NUL}Corp`, slug: 'evil-corp', billingCountry: 'GB' } },
      'alice@acme.test',
      'input.name',
    ],
    [
      'module slug',
      `mutation($i: ModuleCreateInput!) { moduleCreate(input: $i) { errors { code } } }`,
      { i: { vendorId: 2, name: 'X', slug: `x${NUL}y` } },
      'alice@acme.test',
      'input.slug',
    ],
    ['module slug (another control character)', `query($s: String!) { module(slug: $s) { id } }`, { s: 'crm-pro\u001b' }, null, 'slug'],
  ];
  for (const [what, query, variables, as, field] of cases) {
    it(what, async () => {
      const r = await t.gql(query, variables, { as });
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: field.replace(/^i\./, 'input.') });
      expect(r.errors![0].message).toMatch(/control character/);
    });
  }

  it('caps the length of every string argument (a 1 MB e-mail is refused before any work)', async () => {
    const r = await t.gql(`mutation($i: SignInInput!) { signIn(input: $i) { errors { code } } }`, {
      i: { email: `${'a'.repeat(1_000_000)}@x.test`, password: 'x' },
    });
    expect(r.errors![0]).toMatchObject({
      message: 'input.email is too long: at most 254 characters.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('REST: instance API bodies and URLs with a NUL are 400, not 500', async () => {
    const cred = (
      await t.gqlOk(
        `mutation($input: InstanceCredentialCreateInput!) { instanceCredentialCreate(input: $input) { credential { keyId } secret } }`,
        { input: { instanceId: SEED.instances.acmeProd } },
        { as: 'alice@acme.test' },
      )
    ).instanceCredentialCreate;
    const authorization = `Basic ${Buffer.from(`${cred.credential.keyId}:${cred.secret}`).toString('base64')}`;
    for (const [p, body] of [
      ['/usage', { metrics: [{ moduleId: 1, date: `2025-01-01${NUL}`, activeUsers: 1 }] }],
      ['/errors', { errors: [{ moduleId: 1, errorType: 'E', errorMessage: `boom${NUL}` }] }],
      ['/updates/1/report', { status: 'failed', errorMessage: `x${NUL}` }],
    ] as const) {
      const res = await fetch(`${t.baseUrl}/api/instance/v1${p}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/control character/) });
    }
    const url = await fetch(`${t.baseUrl}/api/instance/v1/licenses/MODLIC%00X/validate`, { headers: { authorization } });
    expect(url.status).toBe(400);
  });
});

describe('3. bad variables get the standard validation error, not a 500 from the cost limit', () => {
  const t = useTestApp();
  const cases: [string, string, Record<string, unknown>][] = [
    ['wrong type', `query($first: Int!) { catalogModules(first: $first) { totalCount } }`, { first: 'twenty' }],
    ['Int overflow', `query($first: Int!) { catalogModules(first: $first) { totalCount } }`, { first: 2 ** 31 }],
    ['object for a scalar', `query($id: Int!) { license(id: $id) { id } }`, { id: { a: 1 } }],
    [
      'unknown input field',
      `mutation($i: SignInInput!) { signIn(input: $i) { errors { code } } }`,
      { i: { email: 'a@b.test', password: 'x', admin: true } },
    ],
  ];
  for (const [what, query, variables] of cases) {
    it(what, async () => {
      const r = await t.gql(query, variables, { as: 'alice@acme.test' });
      expect(r.status).toBe(400);
      expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(r.errors![0].message).toMatch(/^Variable "\$\w+" got invalid value/);
    });
  }
});

describe('4. malformed JSON sent to /graphql is a JSON error without internals, in every mode', () => {
  const dev = useTestApp();
  const prod = useTestApp({ config: { nodeEnv: 'production', graphqlIntrospection: false } });
  for (const [mode, t] of [
    ['development', dev],
    ['production', prod],
  ] as const) {
    it(mode, async () => {
      for (const body of ['{"query": ', 'not json', '{"query":"{ me { id } }",}']) {
        const r = await post(t, body);
        expect(r.status).toBe(400);
        expect(r.headers.get('content-type')).toMatch(/application\/json/);
        expect(JSON.parse(r.text)).toEqual({
          errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
        });
        expect(r.text).not.toMatch(/<html|node_modules|\/work\/|at .*\.js/i);
      }
    });
  }
});

describe('5. no field suggestions (schema hints) in production', () => {
  const t = useTestApp({ config: { nodeEnv: 'production', graphqlIntrospection: false } });
  it('a misspelt field, argument or input field gets no "Did you mean"', async () => {
    const typo = await t.gql('{ mee { id } }');
    expect(typo.errors![0].message).toBe('Cannot query field "mee" on type "Query".');
    const variable = await t.gql(`mutation($i: SignInInput!) { signIn(input: $i) { errors { code } } }`, {
      i: { emial: 'a@b.test', password: 'x' },
    });
    expect(variable.status).toBe(400);
    expect(JSON.stringify(variable.errors)).not.toMatch(/Did you mean/);
    const introspection = await t.gql('{ __schema { types { name } } }');
    expect(introspection.errors![0].message).toMatch(/introspection is not allowed/i);
  });

  it('development keeps the suggestions', async () => {
    const dev = await createTestApp();
    try {
      expect((await dev.gql('{ mee { id } }')).errors![0].message).toMatch(/Did you mean "me"\?/);
    } finally {
      await dev.close();
    }
  });
});

describe('6. the sign-in throttle cannot be raced', () => {
  const t = useTestApp({ config: { signInMaxFailuresPerAccount: 5, signInMaxFailuresPerIp: 8 } });
  const SIGN_IN = `mutation($i: SignInInput!) { signIn(input: $i) { user { id } errors { code } } }`;
  const codes = (rs: { data: any }[]) => rs.map((r) => r.data.signIn.errors[0]?.code);

  it('12 parallel wrong passwords for one account: exactly 5 are checked', async () => {
    const rs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.gql(SIGN_IN, { i: { email: 'viewer@acme.test', password: `wrong-${i}` } })),
    );
    const c = codes(rs);
    expect(c.filter((x) => x === 'INVALID_CREDENTIALS')).toHaveLength(5);
    expect(c.filter((x) => x === 'TOO_MANY_ATTEMPTS')).toHaveLength(7);
    expect(await t.prisma.authEvent.count({ where: { email: 'viewer@acme.test', kind: 'sign_in_failure' } })).toBe(5);
  });

  it('per IP the same: 12 parallel attempts on other accounts, only the IP’s remaining 3 are checked', async () => {
    const rs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.gql(SIGN_IN, { i: { email: `nobody${i}@spray.test`, password: 'wrong' } })),
    );
    const c = codes(rs);
    expect(c.filter((x) => x === 'INVALID_CREDENTIALS')).toHaveLength(3);
    expect(c.filter((x) => x === 'TOO_MANY_ATTEMPTS')).toHaveLength(9);
  });
});

describe('7. billing data follows one rule: License.paymentMethodLabel', () => {
  const t = useTestApp();
  const Q = `query($id: Int!) { license(id: $id) { id paymentMethodLabel } }`;
  it('is null for viewers and developers, shown to billing roles (as orgPaymentMethods)', async () => {
    await t.prisma.license.update({ where: { id: SEED.licenses.acmeCrm }, data: { paymentMethodId: 'pm_123abc' } });
    for (const as of ['viewer@acme.test', 'dev@acme.test']) {
      expect((await t.gqlOk(Q, { id: SEED.licenses.acmeCrm }, { as })).license.paymentMethodLabel).toBeNull();
      const pm = await t.gql(`query($o: Int!) { orgPaymentMethods(orgId: $o) { id } }`, { o: SEED.acme }, { as });
      expect(pm.errors![0].extensions!.code).toBe('FORBIDDEN');
    }
    expect((await t.gqlOk(Q, { id: SEED.licenses.acmeCrm }, { as: 'alice@acme.test' })).license.paymentMethodLabel).not.toBeNull();
  });

  it('every billing read is refused (or null) for viewers and developers, GraphQL and REST alike', async () => {
    const invoice = await t.prisma.invoice.findFirstOrThrow({
      where: { orgId: SEED.acme, purchaseId: { not: null } },
      orderBy: { id: 'asc' },
    });
    // A failed renewal: its reason is the payment provider's answer about the org's card.
    const renewal = await t.prisma.subscriptionRenewal.findFirstOrThrow({ where: { licenseId: SEED.licenses.acmeCrm } });
    await t.prisma.subscriptionRenewal.update({ where: { id: renewal.id }, data: { failureReason: 'Card declined: insufficient funds' } });
    if (!(await t.prisma.invoice.findUnique({ where: { renewalId: renewal.id } }))) {
      await t.prisma.invoice.create({
        data: {
          number: 'INV-2025-900001',
          orgId: SEED.acme,
          renewalId: renewal.id,
          currency: 'USD',
          lines: [],
          subtotalAmount: '490.00',
          discountAmount: '0.00',
          taxAmount: '0.00',
          totalAmount: '490.00',
          billingName: 'Acme',
          billingCountry: 'US',
        },
      });
    }
    const refused: [string, string, Record<string, unknown>][] = [
      ['orgBillingHistory', `query($o: Int!) { orgBillingHistory(orgId: $o, first: 5) { totalCount } }`, { o: SEED.acme }],
      ['orgBillingTotals', `query($o: Int!) { orgBillingTotals(orgId: $o) { currency } }`, { o: SEED.acme }],
      ['orgPaymentMethods', `query($o: Int!) { orgPaymentMethods(orgId: $o) { id } }`, { o: SEED.acme }],
      ['orgStoredPaymentMethods', `query($o: Int!) { orgStoredPaymentMethods(orgId: $o) { id } }`, { o: SEED.acme }],
      ['receipt', `query($id: Int!) { receipt(id: $id) { id } }`, { id: invoice.id }],
      ['receiptByNumber', `query($n: String!) { receiptByNumber(number: $n) { id } }`, { n: invoice.number }],
      ['purchase', `query($id: Int!) { purchase(id: $id) { id total { amount } } }`, { id: invoice.purchaseId }],
      ['License.receipts', `query($id: Int!) { license(id: $id) { receipts { id } } }`, { id: SEED.licenses.acmeCrm }],
      ['License.creditNotes', `query($id: Int!) { license(id: $id) { creditNotes { id } } }`, { id: SEED.licenses.acmeCrm }],
      [
        'checkoutOptions',
        `query($o: Int!) { checkoutOptions(orgId: $o, moduleSlug: "crm-pro") { paymentMethods { id } } }`,
        { o: SEED.acme },
      ],
    ];
    const RENEWALS = `query($id: Int!) { license(id: $id) { renewals { id receiptNumber failureReason total { amount } } } }`;
    for (const as of ['viewer@acme.test', 'dev@acme.test']) {
      for (const [what, query, vars] of refused) {
        const r = await t.gql(query, vars, { as });
        expect([what, as, r.errors?.[0]?.extensions?.code]).toEqual([what, as, 'FORBIDDEN']);
        expect(JSON.stringify(r)).not.toMatch(/4242|pm_123abc|INV-/);
      }
      const renewals = (await t.gqlOk(RENEWALS, { id: SEED.licenses.acmeCrm }, { as })).license.renewals;
      expect(renewals.length).toBeGreaterThan(0);
      for (const r of renewals) expect([r.receiptNumber, r.failureReason]).toEqual([null, null]);
      const cookie = await t.sessionCookie(as);
      for (const url of [`/api/billing/${invoice.number}.pdf`, `/api/receipts/${invoice.number}.html`]) {
        const res = await fetch(`${t.baseUrl}${url}`, { headers: { cookie } });
        expect([url, as, res.status]).toEqual([url, as, 403]);
        expect(await res.text()).not.toMatch(/INV-|4242/);
      }
    }
    // A billing role sees them all.
    const alice = (await t.gqlOk(RENEWALS, { id: SEED.licenses.acmeCrm }, { as: 'alice@acme.test' })).license.renewals;
    expect(alice.find((r: { id: number }) => r.id === renewal.id)).toMatchObject({
      receiptNumber: expect.stringMatching(/^INV-/),
      failureReason: 'Card declined: insufficient funds',
    });
  });
});

describe('8. a vendor API token stops when its creator loses access to the vendor', () => {
  const sandbox = publishingSandbox();
  const t = useTestApp(sandbox.options);
  afterAll(() => sandbox.cleanup());
  it('an Acme admin who is demoted: the token they made for DevShop (run by Acme’s admins) is refused', async () => {
    const devId = await t.userId('dev@acme.test');
    const role = (r: 'admin' | 'developer') =>
      t.prisma.membership.update({ where: { orgId_userId: { orgId: SEED.acme, userId: devId } }, data: { role: r } });
    await role('admin');
    const created = (
      await t.gqlOk(
        `mutation($input: VendorApiTokenCreateInput!) { vendorApiTokenCreate(input: $input) { secret } }`,
        { input: { vendorId: 2, name: 'CI' } },
        { as: 'dev@acme.test' },
      )
    ).vendorApiTokenCreate;
    const junk = Buffer.from('not a zip');
    const before = await uploadArtifact(t, 1, junk, { token: created.secret });
    expect(before.status).not.toBe(401);
    await role('developer');
    const after = await uploadArtifact(t, 1, junk, { token: created.secret });
    expect(after.status).toBe(401);
    expect(after.body.errors[0].code).toBe('TOKEN_INVALID');
  });

  it('an Acme admin who leaves the org (membership removed): their token is refused, another admin’s still works', async () => {
    const devId = await t.userId('dev@acme.test');
    await t.prisma.membership.update({ where: { orgId_userId: { orgId: SEED.acme, userId: devId } }, data: { role: 'admin' } });
    const create = async (as: string) =>
      (
        await t.gqlOk(
          `mutation($input: VendorApiTokenCreateInput!) { vendorApiTokenCreate(input: $input) { secret } }`,
          { input: { vendorId: 2, name: `CI ${as}` } },
          { as },
        )
      ).vendorApiTokenCreate.secret as string;
    const leaving = await create('dev@acme.test');
    const staying = await create('alice@acme.test');
    const junk = Buffer.from('not a zip');
    expect((await uploadArtifact(t, 1, junk, { token: leaving })).status).not.toBe(401);
    const membership = await t.prisma.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: SEED.acme, userId: devId } } });
    await t.gqlOk(
      `mutation($id: Int!) { membershipRemove(membershipId: $id) { errors { code } } }`,
      { id: membership.id },
      { as: 'alice@acme.test' },
    );
    expect(await t.prisma.membership.count({ where: { orgId: SEED.acme, userId: devId } })).toBe(0);
    const after = await uploadArtifact(t, 1, junk, { token: leaving });
    expect(after.status).toBe(401);
    expect(after.body.errors[0].code).toBe('TOKEN_INVALID');
    expect((await uploadArtifact(t, 1, junk, { token: staying })).status).not.toBe(401);
  });
});

describe('9. the web app has a strict Content-Security-Policy, and HSTS over https', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'wk-csp-'));
  fs.writeFileSync(
    path.join(dist, 'index.html'),
    '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>',
  );
  const t = useTestApp({ config: { webDistDir: dist, trustProxy: true } });
  afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

  it('scripts only from the app’s origin, no inline scripts, no framing', async () => {
    const res = await fetch(`${t.baseUrl}/org/101`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toBeNull();
    // The app shell itself has no inline script (Vite emits external module scripts).
    const shell = fs.readFileSync(path.resolve(__dirname, '../../../web/index.html'), 'utf8');
    expect(shell.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
  });

  it('HSTS when served over https (behind a trusted proxy)', async () => {
    const res = await fetch(`${t.baseUrl}/`, { headers: { accept: 'text/html', 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('10. the depth limit keeps its own code', () => {
  const t = useTestApp({ config: { maxQueryDepth: 3 } });
  it('QUERY_TOO_DEEP, not GRAPHQL_VALIDATION_FAILED', async () => {
    const r = await t.gql('{ me { memberships { organization { id } } } }', {}, { as: 'alice@acme.test' });
    expect(r.status).toBe(400);
    expect(r.errors![0].extensions).toEqual({ code: 'QUERY_TOO_DEEP' });
  });
});

describe('GraphQL rate limit per user and per IP, counted in PostgreSQL and shared by two API processes', () => {
  const clock = new FixedClock(new Date('2025-03-01T12:00:30Z'));
  const config = { graphqlRateLimitPerUser: 5, graphqlRateLimitPerIp: 12, graphqlRateWindowMs: 60_000 };
  const t = useTestApp({ clock, config });
  let t2: TestApp;
  beforeAll(async () => {
    t2 = await createTestApp({ clock, config, databaseUrl: t.databaseUrl });
  });
  afterAll(async () => {
    await t2?.close();
  });

  it('exactly the limits over parallel requests on two processes; beyond: 429, TOO_MANY_REQUESTS, Retry-After', async () => {
    const cookie = await t.sessionCookie('alice@acme.test');
    const asUser = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? t2 : t).gql('{ me { id } }', {}, { cookie })));
    expect(asUser.filter((r) => r.status === 200 && r.data?.me?.id === 42)).toHaveLength(5);
    const limited = asUser.filter((r) => r.status === 429);
    expect(limited).toHaveLength(3);
    for (const r of limited) {
      expect(r.errors![0].extensions).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 30 });
      expect(r.errors![0].message).toMatch(/per user/);
      expect(r.headers.get('retry-after')).toBe('30');
    }
    // The IP has used 8 of its 12: of 6 anonymous requests, 4 pass.
    const anonymous = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? t2 : t).gql('{ countries { code } }')));
    expect(anonymous.filter((r) => r.status === 200)).toHaveLength(4);
    const ipLimited = anonymous.filter((r) => r.status === 429);
    expect(ipLimited).toHaveLength(2);
    expect(ipLimited[0].errors![0].message).toMatch(/per IP address/);
    // A new window: allowed again.
    clock.advance(30_000);
    expect((await t2.gql('{ me { id } }', {}, { cookie })).data!.me.id).toBe(42);
  });
});
