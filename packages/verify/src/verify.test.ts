import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import {
  canonicalJson,
  encryptLicenseFile,
  publicJwk,
  sha256Hex,
  signArtifact,
  signLicense,
  verifyArtifact,
  verifyLicenseFile,
  type KeySet,
  type LicensePayload,
} from './index';
import { runCli } from './cli';

const VECTORS = path.join(__dirname, '..', 'test-vectors');
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(VECTORS, f), 'utf8'));
const keyset: KeySet = read('keyset.json');
const zip = fs.readFileSync(path.join(VECTORS, 'artifact.zip'));
const INSIDE = new Date('2026-12-06T00:00:00Z');

const newKey = (kid: string) => ({ kid, privateKey: generateKeyPairSync('ed25519').privateKey });
const payload = (over: Partial<LicensePayload> = {}): LicensePayload => ({
  licenseKey: 'MODLIC-X-1-ABC',
  organization: { id: 1, name: 'Org' },
  module: { slug: 'm', name: 'M' },
  plan: { id: 2, name: 'Monthly', type: 'monthly' },
  entitlements: ['a'],
  maxInstances: 1,
  maxUsers: null,
  licenseExpiresAt: null,
  issuedAt: '2026-12-01T00:00:00.000Z',
  validUntil: '2026-12-31T00:00:00.000Z',
  ...over,
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it('refuses non-finite numbers', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow('non-finite');
  });
});

describe('committed test vectors', () => {
  it('the artifact verifies against the key set, signed by the older (rotated) key', () => {
    const r = verifyArtifact({ bytes: zip }, read('artifact.zip.sig.json'), keyset, { module: 'crm-pro', version: '2.1.0' });
    expect(r).toMatchObject({ ok: true, kid: 'wk-test-2025' });
  });

  it('the license file verifies inside its window and carries its entitlements', () => {
    const r = verifyLicenseFile(read('license.json'), keyset, { now: INSIDE });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.kid).toBe('wk-test-2026');
      expect(r.value.entitlements).toEqual(['contacts', 'email-integration', 'reports']);
      expect(r.value.maxInstances).toBe(3);
    }
  });

  it('the encrypted license file needs its license key', () => {
    const enc = read('license-encrypted.json');
    expect(verifyLicenseFile(enc, keyset, { now: INSIDE })).toMatchObject({ ok: false, code: 'LICENSE_KEY_REQUIRED' });
    expect(verifyLicenseFile(enc, keyset, { now: INSIDE, licenseKey: 'MODLIC-OTHER' })).toMatchObject({
      ok: false,
      code: 'DECRYPTION_FAILED',
    });
    expect(verifyLicenseFile(enc, keyset, { now: INSIDE, licenseKey: 'MODLIC-CRMPRO-101-TESTVECTOR' })).toMatchObject({ ok: true });
  });
});

describe('tampering fails', () => {
  it('a changed artifact byte is a hash mismatch', () => {
    const bad = Buffer.from(zip);
    bad[bad.length - 1] = 1;
    expect(verifyArtifact({ bytes: bad }, read('artifact.zip.sig.json'), keyset)).toMatchObject({ ok: false, code: 'HASH_MISMATCH' });
  });

  it.each([
    ['version', { version: '9.9.9' }],
    ['module', { module: 'evil' }],
    ['sha256', { sha256: sha256Hex('other') }],
    ['signature', { signature: 'A'.repeat(86) }],
  ])('a changed %s in the signature is refused', (_name, change) => {
    const sig = { ...read('artifact.zip.sig.json'), ...change };
    expect(verifyArtifact({ bytes: zip }, sig, keyset)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  it('a signature for another module or version than the one asked for is refused', () => {
    expect(verifyArtifact({ bytes: zip }, read('artifact.zip.sig.json'), keyset, { version: '2.0.0' })).toMatchObject({ ok: false });
    expect(verifyArtifact({ bytes: zip }, read('artifact.zip.sig.json'), keyset, { module: 'other' })).toMatchObject({ ok: false });
  });

  it('a key that is not in the set is refused, and so is a key swapped under the same kid', () => {
    const sig = read('artifact.zip.sig.json');
    expect(verifyArtifact({ bytes: zip }, { ...sig, kid: 'nope' }, keyset)).toMatchObject({ ok: false, code: 'UNKNOWN_KEY' });
    const swapped: KeySet = { keys: [publicJwk(newKey('x').privateKey, 'wk-test-2025')] };
    expect(verifyArtifact({ bytes: zip }, sig, swapped)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  it.each([
    ['entitlements', (f: any) => f.payload.entitlements.push('everything')],
    ['max instances', (f: any) => (f.payload.maxInstances = 1000)],
    ['valid until', (f: any) => (f.payload.validUntil = '2099-01-01T00:00:00.000Z')],
    ['organization', (f: any) => (f.payload.organization.id = 102)],
    ['kid', (f: any) => (f.kid = 'wk-test-2025')],
  ])('a license file with changed %s is refused', (_name, change) => {
    const file = read('license.json');
    change(file);
    expect(verifyLicenseFile(file, keyset, { now: INSIDE })).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  it('an altered encrypted license file cannot be decrypted', () => {
    const enc = read('license-encrypted.json');
    const c = Buffer.from(enc.ciphertext, 'base64url');
    c[0] = c[0]! ^ 1;
    const r = verifyLicenseFile({ ...enc, ciphertext: c.toString('base64url') }, keyset, {
      now: INSIDE,
      licenseKey: 'MODLIC-CRMPRO-101-TESTVECTOR',
    });
    expect(r).toMatchObject({ ok: false, code: 'DECRYPTION_FAILED' });
  });

  it('malformed input is MALFORMED, never a crash', () => {
    for (const junk of [null, 1, 'x', {}, { format: 'wk-license/v1' }, { format: 'wk-license-encrypted/v1' }]) {
      expect(verifyLicenseFile(junk, keyset)).toMatchObject({ ok: false, code: 'MALFORMED' });
      expect(verifyArtifact({ bytes: zip }, junk, keyset)).toMatchObject({ ok: false, code: 'MALFORMED' });
    }
  });
});

describe('validity window', () => {
  const key = newKey('k1');
  const set: KeySet = { keys: [publicJwk(key.privateKey, key.kid)] };
  const file = signLicense(payload(), key);

  it('is valid from issuedAt to validUntil, inclusive', () => {
    expect(verifyLicenseFile(file, set, { now: new Date('2026-12-01T00:00:00.000Z') }).ok).toBe(true);
    expect(verifyLicenseFile(file, set, { now: new Date('2026-12-31T00:00:00.000Z') }).ok).toBe(true);
  });

  it('a file past its valid-until (its TTL) is refused as expired', () => {
    expect(verifyLicenseFile(file, set, { now: new Date('2026-12-31T00:00:00.001Z') })).toMatchObject({ ok: false, code: 'EXPIRED' });
  });

  it('a file used before it was issued is refused', () => {
    expect(verifyLicenseFile(file, set, { now: new Date('2026-11-30T23:59:59.999Z') })).toMatchObject({ ok: false, code: 'NOT_YET_VALID' });
  });

  it('after a rotation, files and artifacts signed by the old key still verify with the published set', () => {
    const next = newKey('k2');
    const rotated: KeySet = {
      keys: [publicJwk(next.privateKey, next.kid, { status: 'active' }), publicJwk(key.privateKey, key.kid, { status: 'retired' })],
    };
    expect(verifyLicenseFile(file, rotated, { now: new Date('2026-12-10T00:00:00Z') })).toMatchObject({ ok: true, kid: 'k1' });
    const sig = signArtifact({ module: 'm', version: '1.0.0', sha256: sha256Hex(zip) }, next);
    expect(verifyArtifact({ bytes: zip }, sig, rotated)).toMatchObject({ ok: true, kid: 'k2' });
    expect(verifyArtifact({ sha256: sha256Hex(zip).toUpperCase() }, sig, rotated)).toMatchObject({ ok: true });
  });

  it('encrypts and decrypts a file it signed', () => {
    const enc = encryptLicenseFile(file, 'MODLIC-X-1-ABC');
    expect(JSON.stringify(enc)).not.toContain('Org');
    expect(verifyLicenseFile(enc, set, { now: new Date('2026-12-10T00:00:00Z'), licenseKey: 'MODLIC-X-1-ABC' })).toMatchObject({
      ok: true,
    });
  });
});

describe('wk-verify CLI', () => {
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
  };
  const v = (f: string) => path.join(VECTORS, f);

  it('artifact: exit 0 and what was verified', () => {
    const c = capture();
    expect(runCli(['artifact', v('artifact.zip'), '--signature', v('artifact.zip.sig.json'), '--keys', v('keyset.json')], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain('VALID: crm-pro 2.1.0');
  });

  it('artifact: exit 1 on a tampered file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wk-verify-'));
    const bad = path.join(dir, 'a.zip');
    fs.writeFileSync(bad, Buffer.concat([zip, Buffer.from('x')]));
    const c = capture();
    expect(runCli(['artifact', bad, '--signature', v('artifact.zip.sig.json'), '--keys', v('keyset.json')], c.io)).toBe(1);
    expect(c.err.join('\n')).toContain('HASH_MISMATCH');
  });

  it('license: prints entitlements and validity, exit 0 inside the window', () => {
    const c = capture();
    expect(runCli(['license', v('license.json'), '--keys', v('keyset.json'), '--now', '2026-12-06T00:00:00Z'], c.io)).toBe(0);
    const text = c.out.join('\n');
    expect(text).toContain('entitlements: contacts, email-integration, reports');
    expect(text).toContain('2026-12-01T00:00:00.000Z → 2026-12-31T00:00:00.000Z');
  });

  it('license: exit 1 when expired', () => {
    const c = capture();
    expect(runCli(['license', v('license.json'), '--keys', v('keyset.json'), '--now', '2027-01-05T00:00:00Z'], c.io)).toBe(1);
    expect(c.err.join('\n')).toContain('EXPIRED');
  });

  it('usage errors exit 2 with the usage', () => {
    const c = capture();
    expect(runCli(['license', v('license.json')], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('--keys is required');
    expect(runCli(['bogus'], capture().io)).toBe(2);
    expect(runCli(['license', v('missing.json'), '--keys', v('keyset.json')], capture().io)).toBe(2);
  });
});
