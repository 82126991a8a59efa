/**
 * Schema-driven fuzz test (issue 12): every Query and Mutation field of the built schema and every
 * REST route registered on the Express app is sent every abuse class, as several callers:
 *
 *   GraphQL: NUL and other control characters in every string, 1 MB strings (each string leaf in
 *   turn), negative / largest / overflowing numbers, values of the wrong type, unknown input fields
 *   (or an unknown argument), null for required arguments, empty values, and ids of objects that
 *   belong to another organization or another vendor (alone, and mixed with the caller's own ids).
 *   REST: the same classes in path parameters, the query string and JSON bodies, plus bodies that
 *   are not JSON or too large, with and without credentials.
 *
 * Asserts: never INTERNAL_SERVER_ERROR or HTTP 5xx; never a message naming an object the caller
 * cannot see (a draft module and version of another vendor, another org's instance and name, and
 * the objects of the later modules: promotion, alert rule, session, notification, error report,
 * credential, invite, payment method); none of those objects changed by an outsider; the server
 * healthy afterwards. New operations and routes are picked up automatically (nothing here
 * lists them), and the coverage figure is printed and must be 100 %.
 */
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { getSchema } from './schema';
import { useTestApp } from '../test/harness';
import { hashToken, newSessionToken, SESSION_COOKIE } from '../modules/auth/session';
import { makeInstance, makeVersion } from '../test/factories';
import { SEED } from '../test/seed-ids';
import { publishingSandbox } from '../modules/publishing/test-support/publishing-fixtures';

const sandbox = publishingSandbox();
const t = useTestApp({
  ...sandbox.options,
  services: { ...sandbox.options.services, instanceApi: { rateLimit: 1_000_000, authFailureLimit: 1_000_000 } },
});
afterAll(() => sandbox.cleanup());

const MB = 'x'.repeat(1_000_000);
/** Longer than every per-field cap of the input layer. */
const OVER_CAP = 'y'.repeat(20_001);
const NUL = 'fu\u0000zz';
const CTRL = 'fuzz\u001b[31m\u0007';
const CONCURRENCY = 6;

type Caller = 'anonymous' | 'tom@techstart.test' | 'john@johndoe.test' | 'admin@webkernel.com';
/** Callers that must never see the hidden objects (the platform admin may see everything). */
const OUTSIDERS: Caller[] = ['anonymous', 'tom@techstart.test', 'john@johndoe.test'];

// ───────────────────────────── fixtures: objects the outsiders may not see

let secrets: string[] = [];
let otherIds: number[] = [];
let draftSlug = '';
/**
 * Identifiers of others' objects that are strings, by argument name: a string leaf whose name
 * matches is sent the other org's / vendor's value in the "other's id" probes (and REST paths).
 */
const otherStrings: [RegExp, string][] = [];
/** Others' rows snapshotted before the probes: no outsider may change them. */
const hidden: { what: string; read: () => Promise<unknown> }[] = [];
const snapshots = new Map<string, string>();
const ownIds: Record<Caller, Record<string, number>> = {
  anonymous: {},
  'tom@techstart.test': {},
  'john@johndoe.test': {},
  'admin@webkernel.com': {},
};

beforeAll(async () => {
  // DevShop (vendor 2, Acme's) has a draft module with a pending version; Acme has a hidden instance.
  const mod = await t.prisma.module.create({
    data: { vendorId: 2, slug: 'qx-hidden-draft', name: 'Qx Hidden Draft Module', status: 'draft', description: 'Qx secret plans' },
  });
  const version = await makeVersion(t.prisma, { moduleId: mod.id, version: '8.8.8', status: 'pending' });
  const instance = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.horizon200, name: 'Qx Hidden Acme Box' });
  const acme = await t.prisma.organization.findUniqueOrThrow({ where: { id: SEED.acme } });
  draftSlug = mod.slug;
  // (Its slug is not a secret here: the fuzzer itself sends it, and validation messages may echo input.)
  secrets = ['Qx Hidden', 'Qx secret', '8.8.8', acme.name];
  otherIds = [version.id, mod.id, instance.id, SEED.acme];
  // Tom's own TechStart objects, to mix with the others' ids (e.g. his instance + their version).
  const im = await t.prisma.instanceModule.findFirstOrThrow({ where: { instanceId: SEED.instances.techstartMain } });
  ownIds['tom@techstart.test'] = {
    orgId: SEED.techstart,
    instanceId: SEED.instances.techstartMain,
    licenseId: SEED.licenses.techstartCrm,
    instanceModuleId: im.id,
  };
  ownIds['john@johndoe.test'] = { vendorId: 3 };

  // Objects of the modules added after the fuzz test was written, owned by Acme, its users or its
  // vendor DevShop: promotions, alert rules, sessions, notifications, reported errors, instance
  // credentials, team invites, payment methods, memberships, invoices and license keys.
  const alice = await t.prisma.user.findUniqueOrThrow({ where: { email: 'alice@acme.test' } });
  const dev = await t.prisma.user.findUniqueOrThrow({ where: { email: 'dev@acme.test' } });
  const promo = await t.prisma.vendorPromotion.create({
    data: {
      vendorId: 2,
      kind: 'referral',
      code: 'QXHIDDENPROMO',
      name: 'Qx Hidden Promo',
      discountType: 'percentage',
      discountValue: '10.00',
      appliesToModuleId: mod.id,
    },
  });
  const rule = await t.prisma.moduleAlertRule.create({ data: { moduleId: mod.id, kind: 'error_rate', thresholdPercent: '5.00' } });
  const session = await t.prisma.session.create({
    data: {
      tokenHash: hashToken(newSessionToken()),
      userId: alice.id,
      expiresAt: new Date(Date.now() + 86_400_000),
      userAgent: 'Qx Hidden Browser',
    },
  });
  const note = await t.prisma.notification.create({
    data: {
      recipientType: 'user',
      recipientUserId: alice.id,
      type: 'module_update',
      title: 'Qx Hidden notice',
      message: 'Qx secret notice',
    },
  });
  const acmeIm = await t.prisma.instanceModule.findFirstOrThrow({ where: { instance: { orgId: SEED.acme } } });
  const errorLog = await t.prisma.moduleErrorLog.create({
    data: { instanceModuleId: acmeIm.id, fingerprint: 'qx-hidden', errorType: 'QxHiddenError', errorMessage: 'Qx secret stack' },
  });
  const credential = await t.prisma.instanceCredential.create({
    data: { instanceId: instance.id, keyId: 'qxhiddenkey', secretHash: 'x', name: 'Qx Hidden Key', createdById: alice.id },
  });
  const invite = await t.prisma.teamInvite.create({
    data: {
      orgId: SEED.acme,
      email: 'qx-hidden-invitee@acme.test',
      role: 'viewer',
      tokenHash: hashToken(newSessionToken()),
      invitedById: alice.id,
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
    },
  });
  const pm = await t.prisma.paymentMethod.create({
    data: { id: 'pm_qx_hidden', orgId: SEED.acme, provider: 'sandbox', label: 'Qx Hidden Card' },
  });
  const membership = await t.prisma.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: SEED.acme, userId: dev.id } } });
  const invoice = await t.prisma.invoice.findFirstOrThrow({ where: { orgId: SEED.acme }, orderBy: { id: 'asc' } });
  const license = await t.prisma.license.findUniqueOrThrow({ where: { id: SEED.licenses.acmeCrm } });
  secrets.push('qx-hidden-invitee');
  otherIds = [
    ...new Set([...otherIds, promo.id, rule.id, session.id, note.id, errorLog.id, credential.id, invite.id, membership.id, invoice.id]),
  ];
  otherStrings.push(
    [/paymentMethodId/i, pm.id],
    [/^number$|receipt/i, invoice.number],
    [/^code$|couponCode|referral/i, promo.code],
    [/licenseKey|^key$/i, license.licenseKey],
    [/keyId/i, credential.keyId],
  );
  const rows: [string, () => Promise<unknown>][] = [
    ['draft module', () => t.prisma.module.findUnique({ where: { id: mod.id } })],
    ['pending version', () => t.prisma.moduleVersion.findUnique({ where: { id: version.id } })],
    ['Acme instance', () => t.prisma.instance.findUnique({ where: { id: instance.id } })],
    ['Acme organization', () => t.prisma.organization.findUnique({ where: { id: SEED.acme } })],
    ['DevShop promotion', () => t.prisma.vendorPromotion.findUnique({ where: { id: promo.id } })],
    ['DevShop alert rule', () => t.prisma.moduleAlertRule.findUnique({ where: { id: rule.id } })],
    ["Alice's session", () => t.prisma.session.findUnique({ where: { id: session.id } })],
    ["Alice's notification", () => t.prisma.notification.findUnique({ where: { id: note.id } })],
    ['Acme error report', () => t.prisma.moduleErrorLog.findUnique({ where: { id: errorLog.id } })],
    ['Acme instance credential', () => t.prisma.instanceCredential.findUnique({ where: { id: credential.id } })],
    ['Acme team invite', () => t.prisma.teamInvite.findUnique({ where: { id: invite.id } })],
    ['Acme payment method', () => t.prisma.paymentMethod.findUnique({ where: { id: pm.id } })],
    ["Acme developer's membership", () => t.prisma.membership.findUnique({ where: { id: membership.id } })],
  ];
  for (const [what, read] of rows) {
    hidden.push({ what, read });
    snapshots.set(what, JSON.stringify(await read()));
  }
});

// ───────────────────────────── callers' sessions (renewed when an operation rotates them)

const cookies = new Map<Caller, string>();
async function cookieOf(caller: Caller): Promise<string | undefined> {
  if (caller === 'anonymous') return undefined;
  if (!cookies.has(caller)) {
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: caller } });
    const token = newSessionToken();
    await t.prisma.session.create({ data: { tokenHash: hashToken(token), userId: user.id, expiresAt: new Date(Date.now() + 86_400_000) } });
    cookies.set(caller, `${SESSION_COOKIE}=${token}`);
  }
  return cookies.get(caller);
}

// ───────────────────────────── findings

interface Finding {
  target: string;
  abuse: string;
  caller: Caller;
  problem: string;
  detail: string;
}
const findings: Finding[] = [];
let requests = 0;

function check(target: string, abuse: string, caller: Caller, status: number, text: string): void {
  requests++;
  const add = (problem: string) => findings.push({ target, abuse, caller, problem, detail: text.slice(0, 300) });
  if (status >= 500) add(`HTTP ${status}`);
  if (text.includes('INTERNAL_SERVER_ERROR') || /"code":"INTERNAL"/.test(text)) add('internal error');
  if (OUTSIDERS.includes(caller)) {
    for (const s of secrets) if (text.includes(s)) add(`names a hidden object ("${s}")`);
  }
}

/**
 * fetch, retried on a transport failure (a keep-alive socket the server closed as it was reused, on
 * a loaded machine). A failure that persists is a finding; a crashed server fails the health check.
 */
async function send(url: string, init: RequestInit, target: string, abuse: string, caller: Caller): Promise<Response | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (e) {
      if (attempt >= 2) {
        findings.push({ target, abuse, caller, problem: 'no answer', detail: String((e as Error).cause ?? e) });
        return null;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function pool<T>(items: T[], worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await worker(items[next++]);
    }),
  );
}

// ───────────────────────────── GraphQL: values per abuse class, built from the argument types

type Leaf = 'string' | 'int' | 'float' | 'boolean' | 'id' | 'enum' | 'datetime' | 'json' | 'other';
interface Mode {
  /** Value for a leaf (a scalar or enum), or undefined for the well-formed default. */
  leaf?: (kind: Leaf, name: string, path: string, type: GraphQLInputType) => unknown;
  /** Extra key in every input object. */
  unknownField?: boolean;
}

function leafKind(type: GraphQLInputType): Leaf {
  const n = getNamedType(type);
  if (isEnumType(n)) return 'enum';
  switch (n.name) {
    case 'String':
      return 'string';
    case 'Int':
      return 'int';
    case 'Float':
      return 'float';
    case 'Boolean':
      return 'boolean';
    case 'ID':
      return 'id';
    case 'DateTime':
      return 'datetime';
    case 'JSON':
      return 'json';
    default:
      return 'other';
  }
}

function wellFormed(kind: Leaf, name: string, type: GraphQLInputType): unknown {
  switch (kind) {
    case 'string':
      if (/email/i.test(name)) return 'fuzz@example.test';
      if (/slug/i.test(name)) return 'crm-pro';
      if (/^(from|to)$/.test(name)) return '2025-01-01';
      return 'fuzz';
    case 'int':
      return 1;
    case 'float':
      return 1.5;
    case 'boolean':
      return true;
    case 'id':
      return '1';
    case 'enum':
      return (getNamedType(type) as unknown as { getValues(): { name: string }[] }).getValues()[0].name;
    case 'datetime':
      return '2025-01-01T00:00:00.000Z';
    case 'json':
      return {};
    default:
      return 'fuzz';
  }
}

/** A value of `type` for the mode; every input-object field is filled (optional ones too). */
function valueOf(type: GraphQLInputType, name: string, path: string, mode: Mode, depth = 0): unknown {
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) return [valueOf(inner.ofType, name, `${path}[0]`, mode, depth + 1)];
  if (isInputObjectType(inner)) {
    if (depth > 4) return {};
    const out: Record<string, unknown> = {};
    for (const f of Object.values(inner.getFields())) out[f.name] = valueOf(f.type, f.name, `${path}.${f.name}`, mode, depth + 1);
    if (mode.unknownField) out.fuzzUnknownField = 1;
    return out;
  }
  const kind = leafKind(inner);
  const v = mode.leaf?.(kind, name, path, inner);
  return v === undefined ? wellFormed(kind, name, inner) : v;
}

function stringLeaves(args: readonly GraphQLArgument[]): string[] {
  const out: string[] = [];
  const walk = (type: GraphQLInputType, path: string, depth: number) => {
    const inner = getNullableType(type) as GraphQLInputType;
    if (isListType(inner)) return walk(inner.ofType, `${path}[0]`, depth + 1);
    if (isInputObjectType(inner)) {
      if (depth <= 4) for (const f of Object.values(inner.getFields())) walk(f.type, `${path}.${f.name}`, depth + 1);
      return;
    }
    if (leafKind(inner) === 'string' || leafKind(inner) === 'id') out.push(path);
  };
  for (const a of args) walk(a.type, a.name, 0);
  return out;
}

function wrongTypeOf(type: GraphQLInputType): unknown {
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) return { notA: 'list' };
  if (isInputObjectType(inner)) return 'not an object';
  switch (leafKind(inner)) {
    case 'string':
    case 'id':
      return { notA: 'string' };
    case 'int':
    case 'float':
      return 'not a number';
    case 'boolean':
      return 'yes';
    case 'enum':
      return 42;
    default:
      return [[[]]];
  }
}

/** Selection: `__typename`, plus the payload's `errors` (whose messages are checked for leaks). */
function selectionOf(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (isScalarType(named) || isEnumType(named)) return '';
  if (isObjectType(named)) {
    const errors = named.getFields().errors;
    const errType = errors && getNamedType(errors.type);
    if (errType && isObjectType(errType)) {
      const sub = ['code', 'field', 'message'].filter((f) => f in errType.getFields());
      if (sub.length && !errors.args.length) return `{ __typename errors { ${sub.join(' ')} } }`;
    }
  }
  return '{ __typename }';
}

interface Operation {
  kind: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  document: string;
  documentWithUnknownArg: string;
}

function operationOf(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): Operation {
  const defs = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const uses = field.args.map((a) => `${a.name}: $${a.name}`);
  const sel = selectionOf(field.type);
  const doc = (extra: string[]) =>
    `${kind} Fuzz${defs ? `(${defs})` : ''} { ${field.name}${uses.length + extra.length ? `(${[...uses, ...extra].join(', ')})` : ''} ${sel} }`;
  return { kind, field, document: doc([]), documentWithUnknownArg: doc(['fuzzUnknownArgument: 1']) };
}

interface Probe {
  op: Operation;
  abuse: string;
  caller: Caller;
  variables: Record<string, unknown>;
  unknownArg?: boolean;
}

/** The well-formed request of an operation, as one caller (phase 1: who gets past authorization). */
function wellFormedVariables(op: Operation): Record<string, unknown> {
  return Object.fromEntries(op.field.args.map((a) => [a.name, valueOf(a.type, a.name, a.name, {})]));
}

/**
 * Every abuse class for one operation. `caller` is the caller whose well-formed request got past
 * authorization (anonymous for public operations, a signed-in user, else the platform admin), so
 * the abuse reaches the resolvers; the ids of others' objects are tried by every outsider allowed in.
 */
function probesOf(op: Operation, caller: Caller, idCallers: Caller[]): Probe[] {
  const args = op.field.args;
  const vars = (mode: Mode) => Object.fromEntries(args.map((a) => [a.name, valueOf(a.type, a.name, a.name, mode)]));
  const strings = stringLeaves(args);
  const isText = (k: Leaf) => k === 'string' || k === 'id';
  const classes: { abuse: string; variables: Record<string, unknown>; unknownArg?: boolean }[] = [
    { abuse: 'NUL', variables: vars({ leaf: (k) => (isText(k) ? NUL : undefined) }) },
    { abuse: 'control characters', variables: vars({ leaf: (k) => (isText(k) ? CTRL : undefined) }) },
    { abuse: 'empty strings', variables: vars({ leaf: (k) => (isText(k) ? '' : undefined) }) },
    { abuse: 'over every length cap', variables: vars({ leaf: (k) => (isText(k) ? OVER_CAP : undefined) }) },
    { abuse: 'negative numbers', variables: vars({ leaf: (k) => (k === 'int' ? -1 : k === 'float' ? -1e9 : undefined) }) },
    { abuse: 'largest numbers', variables: vars({ leaf: (k) => (k === 'int' ? 2_147_483_647 : k === 'float' ? 1e308 : undefined) }) },
    { abuse: 'Int overflow', variables: vars({ leaf: (k) => (k === 'int' ? 2 ** 31 : k === 'float' ? 2 ** 1023 * 1.5 : undefined) }) },
    { abuse: 'wrong types', variables: Object.fromEntries(args.map((a) => [a.name, wrongTypeOf(a.type)])) },
    { abuse: 'null for required', variables: Object.fromEntries(args.map((a) => [a.name, null])) },
  ];
  const hasInputObject = args.some((a) => isInputObjectType(getNamedType(a.type)));
  classes.push(
    hasInputObject
      ? { abuse: 'unknown input field', variables: vars({ unknownField: true }) }
      : { abuse: 'unknown argument', variables: vars({}), unknownArg: true },
  );
  if (strings.length) {
    classes.push({ abuse: `1 MB string in ${strings[0]}`, variables: vars({ leaf: (_k, _n, p) => (p === strings[0] ? MB : undefined) }) });
  }
  const probes: Probe[] = classes.map((c) => ({ op, caller, ...c }));

  // Ids of objects of another org / another vendor in every Int leaf, alone and mixed with the
  // caller's own ids where an argument names one (his instance + their version, …).
  const withIds = (id: number, own: Record<string, number>) =>
    vars({
      leaf: (k, name) => {
        if (k === 'int') return own[name] ?? id;
        if (k === 'id') return String(own[name] ?? id);
        if (k === 'string' && /slug/i.test(name)) return draftSlug;
        if (k === 'string') return otherStrings.find(([re]) => re.test(name))?.[1];
        return undefined;
      },
    });
  const hasIds = strings.length + args.length > 0;
  if (hasIds) {
    // The other vendor's user matters where a vendor is named (mixed with his own vendor's id).
    const named = JSON.stringify(vars({}));
    for (const who of idCallers.filter((c) => c !== 'john@johndoe.test' || named.includes('"vendorId"'))) {
      const own = Object.fromEntries(Object.entries(ownIds[who]).filter(([k]) => JSON.stringify(vars({})).includes(`"${k}"`)));
      const mixes = Object.keys(own).length ? [{}, own] : [{}];
      for (const id of otherIds)
        for (const mix of mixes)
          probes.push({
            op,
            caller: who,
            abuse: `other's id ${id}${Object.keys(mix).length ? ' + own ids' : ''}`,
            variables: withIds(id, mix),
          });
    }
  }
  return probes;
}

// ───────────────────────────── REST: every route on the Express app

interface Route {
  method: string;
  path: string;
}

function routesOf(stack: any[], prefix = ''): Route[] {
  const out: Route[] = [];
  for (const layer of stack) {
    if (layer.route && typeof layer.route.path === 'string') {
      for (const m of Object.keys(layer.route.methods)) out.push({ method: m.toUpperCase(), path: prefix + layer.route.path });
    } else if (layer.handle?.stack && typeof layer.rawPath === 'string') {
      out.push(...routesOf(layer.handle.stack, prefix + layer.rawPath));
    }
  }
  return out;
}

async function instanceCredential(instanceId: number): Promise<string> {
  const r = (
    await t.gqlOk(
      `mutation($input: InstanceCredentialCreateInput!) { instanceCredentialCreate(input: $input) { credential { keyId } secret } }`,
      { input: { instanceId } },
      { as: 'tom@techstart.test' },
    )
  ).instanceCredentialCreate;
  return `Basic ${Buffer.from(`${r.credential.keyId}:${r.secret}`).toString('base64')}`;
}

// ───────────────────────────── the test

describe('schema-driven fuzz test', () => {
  it('every operation and every route, every abuse class: no 5xx, no leak, still healthy; coverage 100 %', async () => {
    const schema = await getSchema();
    const ops: Operation[] = [];
    for (const [kind, type] of [
      ['query', schema.getQueryType()],
      ['mutation', schema.getMutationType()],
    ] as const)
      for (const f of Object.values(type!.getFields())) ops.push(operationOf(kind, f));
    const sessionEnders = new Set(['signOut', 'signIn', 'signUp']);
    const ordered = [...ops.filter((o) => !sessionEnders.has(o.field.name)), ...ops.filter((o) => sessionEnders.has(o.field.name))];

    // Phase 1: the well-formed request of every operation as each caller. An operation counts as
    // covered once it was executed (not refused by GraphQL validation: the generated document and
    // variables fit the schema); who got past authorization decides who sends the abuse.
    const executed = new Set<string>();
    const admitted = new Map<string, Set<Caller>>();
    const sendProbe = async (p: Probe) => {
      const cookie = await cookieOf(p.caller);
      const res = await send(
        `${t.baseUrl}/graphql`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
          body: JSON.stringify({ query: p.unknownArg ? p.op.documentWithUnknownArg : p.op.document, variables: p.variables }),
        },
        `${p.op.kind} ${p.op.field.name}`,
        p.abuse,
        p.caller,
      );
      if (!res) return { status: 0, text: '' };
      const text = await res.text();
      if (res.headers.get('set-cookie')) cookies.delete(p.caller); // rotated or ended: start a new session
      check(`${p.op.kind} ${p.op.field.name}`, p.abuse, p.caller, res.status, text);
      return { status: res.status, text };
    };
    const callers: Caller[] = ['anonymous', 'tom@techstart.test', 'john@johndoe.test', 'admin@webkernel.com'];
    const started = Date.now();
    await pool(
      ordered.flatMap((op) => callers.map((caller) => ({ op, caller, abuse: 'well-formed', variables: wellFormedVariables(op) }))),
      async (p) => {
        const target = `${p.op.kind} ${p.op.field.name}`;
        const r = await sendProbe(p);
        if (r.status !== 200) {
          findings.push({ target, abuse: p.abuse, caller: p.caller, problem: 'not executed', detail: r.text.slice(0, 300) });
          return;
        }
        executed.add(target);
        if (!/"code":"(UNAUTHENTICATED|FORBIDDEN)"/.test(r.text)) {
          if (!admitted.has(target)) admitted.set(target, new Set());
          admitted.get(target)!.add(p.caller);
        }
      },
    );
    // Phase 2: every abuse class, as the least privileged caller admitted; others' ids as every
    // admitted outsider.
    const probes = ordered.flatMap((op) => {
      const who = admitted.get(`${op.kind} ${op.field.name}`) ?? new Set<Caller>();
      const caller = callers.find((c) => who.has(c)) ?? 'tom@techstart.test';
      return probesOf(
        op,
        caller,
        OUTSIDERS.filter((c) => who.has(c)),
      );
    });
    await pool(probes, async (p) => {
      await sendProbe(p);
    });
    const graphqlSeconds = (Date.now() - started) / 1000;

    // REST.
    const routes = routesOf((t.app as any).router.stack);
    const tomInstance = await instanceCredential(SEED.instances.techstartMain);
    const restCallers: { caller: Caller; headers: Record<string, string> }[] = [
      { caller: 'anonymous', headers: {} },
      { caller: 'tom@techstart.test', headers: { cookie: (await cookieOf('tom@techstart.test'))!, 'x-wk-upload': '1' } },
      { caller: 'tom@techstart.test', headers: { authorization: tomInstance } },
      { caller: 'john@johndoe.test', headers: { cookie: (await cookieOf('john@johndoe.test'))!, 'x-wk-upload': '1' } },
      { caller: 'admin@webkernel.com', headers: { cookie: (await cookieOf('admin@webkernel.com'))!, 'x-wk-upload': '1' } },
    ];
    const paramValues: [string, string][] = [
      ['well-formed', '1'],
      ['NUL', '%00'],
      ['control characters', 'a%1B%07'],
      ['long', 'x'.repeat(3_000)],
      ['negative', '-1'],
      ['largest', '99999999999999999999'],
      ['wrong type', 'abc'],
      ['bad percent-encoding', '%E0%A4%A'],
      ...otherIds.map((id) => [`other's id ${id}`, String(id)] as [string, string]),
      ['draft slug', draftSlug],
      // Others' documents and keys where a route names one by a string (billing PDFs, receipts, license keys).
      ...otherStrings.map(([re, v]) => [`other's ${re.source}`, encodeURIComponent(v)] as [string, string]),
      ...otherStrings
        .flatMap(([, v]) => (/^(INV|CN)-/.test(v) ? [`${v}.pdf`, `${v}.html`] : []))
        .map((v) => [`other's ${v}`, v] as [string, string]),
    ];
    const bodies: [string, string | undefined][] = [
      ['no body', undefined],
      ['NUL', JSON.stringify({ status: 'failed', errorMessage: NUL, metrics: [{ moduleId: 1, date: NUL }], errors: [{ message: NUL }] })],
      ['1 MB string', JSON.stringify({ errorMessage: MB.slice(0, 600_000) })],
      ['negative and huge numbers', JSON.stringify({ metrics: [{ moduleId: -1, date: '2025-01-01', activeUsers: 1e308, apiCalls: -5 }] })],
      ['wrong types', JSON.stringify({ status: 42, metrics: 'all', errors: { a: 1 } })],
      ['unknown fields', JSON.stringify({ fuzzUnknown: true, status: 'success', __proto__: { admin: true } })],
      ['array body', JSON.stringify([1, 2, 3])],
      ['not JSON', '{"status": '],
      [
        'other ids',
        JSON.stringify({ metrics: [{ moduleId: otherIds[1], moduleVersionId: otherIds[0], date: '2025-01-01', activeUsers: 1 }] }),
      ],
    ];
    const restProbes: { route: Route; abuse: string; caller: Caller; url: string; headers: Record<string, string>; body?: string }[] = [];
    for (const route of routes) {
      for (const rc of restCallers) {
        for (const [abuse, value] of paramValues) {
          const url = route.path.replace(/:(\w+)/g, () => value);
          restProbes.push({
            route,
            abuse: `path ${abuse}`,
            caller: rc.caller,
            url: `${url}?q=${abuse === 'NUL' ? '%00' : 'x'}`,
            headers: rc.headers,
          });
        }
        if (route.method !== 'GET') {
          for (const [abuse, body] of bodies) {
            restProbes.push({
              route,
              abuse: `body ${abuse}`,
              caller: rc.caller,
              url: route.path.replace(/:(\w+)/g, '1'),
              headers: { ...rc.headers, 'content-type': 'application/json' },
              body,
            });
          }
        }
      }
    }
    const routesExercised = new Set<string>();
    const restStarted = Date.now();
    await pool(restProbes, async (p) => {
      const target = `${p.route.method} ${p.route.path}`;
      const res = await send(
        `${t.baseUrl}${p.url}`,
        { method: p.route.method, headers: p.headers, body: p.body },
        target,
        p.abuse,
        p.caller,
      );
      if (!res) return;
      const text = await res.text();
      check(target, p.abuse, p.caller, res.status, text);
      routesExercised.add(target);
    });

    const restSeconds = (Date.now() - restStarted) / 1000;

    // Still healthy afterwards.
    const health = await fetch(`${t.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    cookies.delete('tom@techstart.test');
    const me = await t.gql('{ me { id } }', {}, { cookie: await cookieOf('tom@techstart.test') });
    expect(me.data!.me.id).toBe(43);
    expect((await t.gql('{ catalogModules(first: 5) { totalCount } }')).data!.catalogModules.totalCount).toBeGreaterThan(0);
    // No outsider changed another org's or vendor's object (the platform admin only sent ids 1 and out-of-range values).
    for (const h of hidden) {
      const after = JSON.stringify(await h.read());
      if (after !== snapshots.get(h.what))
        findings.push({
          target: h.what,
          abuse: "others' ids",
          caller: 'anonymous',
          problem: 'changed by an outsider',
          detail: after.slice(0, 300),
        });
    }

    const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '100.0');
    console.log(
      `Fuzz coverage: GraphQL ${executed.size}/${ops.length} operations (${pct(executed.size, ops.length)} %), ` +
        `REST ${routesExercised.size}/${routes.length} routes (${pct(routesExercised.size, routes.length)} %); ` +
        `${requests} requests (${probes.length + ordered.length * callers.length} GraphQL in ${graphqlSeconds.toFixed(0)} s, ` +
        `${restProbes.length} REST in ${restSeconds.toFixed(0)} s); ${findings.length} findings.`,
    );
    expect(findings.slice(0, 20)).toEqual([]);
    expect(executed.size).toBe(ops.length);
    expect(routes.length).toBeGreaterThanOrEqual(9);
    expect(routesExercised.size).toBe(routes.length);
  }, 600_000);
});
