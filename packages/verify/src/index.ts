/**
 * @wk/verify: the formats of what Webkernel Marketplace signs, and their verification, for instances
 * (online or air-gapped) and for the marketplace itself. Ed25519 through node:crypto; nothing else.
 *
 * - A key set is a JWKS of Ed25519 public keys (`kty: OKP`, `crv: Ed25519`), each with a `kid`.
 *   Rotation adds a key and keeps the old ones published, so older signatures still verify.
 * - An artifact signature is detached: it signs the artifact's SHA-256 with the module slug and version.
 * - A license file is a signed JSON document, optionally encrypted with a key derived from the
 *   license key (AES-256-GCM, HKDF-SHA256), so only the holder of the key can read it.
 * Every signature covers the canonical JSON (sorted keys, no spaces) of the signed fields, `kid`
 * and `format` included.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPublicKey,
  hkdfSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

export const ARTIFACT_SIGNATURE_FORMAT = 'wk-artifact-signature/v1';
export const LICENSE_FORMAT = 'wk-license/v1';
export const ENCRYPTED_LICENSE_FORMAT = 'wk-license-encrypted/v1';

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  use?: 'sig';
  alg?: 'EdDSA';
  /** `active` signs new documents; `retired` keys only verify older ones. */
  status?: 'active' | 'retired';
  createdAt?: string;
}

export interface KeySet {
  keys: PublicJwk[];
}

export interface ArtifactSignature {
  format: typeof ARTIFACT_SIGNATURE_FORMAT;
  kid: string;
  module: string;
  version: string;
  sha256: string;
  signature: string;
}

export interface LicensePayload {
  licenseKey: string;
  organization: { id: number; name: string };
  module: { slug: string; name: string };
  plan: { id: number; name: string; type: string };
  entitlements: string[];
  maxInstances: number | null;
  maxUsers: number | null;
  /** The license's own end (null: perpetual). */
  licenseExpiresAt: string | null;
  issuedAt: string;
  /** The earlier of the license's end and the file's time to live. */
  validUntil: string;
}

export interface LicenseFile {
  format: typeof LICENSE_FORMAT;
  kid: string;
  payload: LicensePayload;
  signature: string;
}

export interface EncryptedLicenseFile {
  format: typeof ENCRYPTED_LICENSE_FORMAT;
  /** The license key's SHA-256 (hex), so a holder of several keys can pick the right one. */
  keyHint: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

export type VerifyFailure =
  | 'MALFORMED'
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE'
  | 'HASH_MISMATCH'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'LICENSE_KEY_REQUIRED'
  | 'DECRYPTION_FAILED';

export type VerifyResult<T> = { ok: true; value: T; kid: string } | { ok: false; code: VerifyFailure; message: string };

/** JSON with object keys sorted at every level and no insignificant white space. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function fail<T>(code: VerifyFailure, message: string): VerifyResult<T> {
  return { ok: false, code, message };
}

function isString(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

/** The public key of `kid` in the set, or null. Malformed entries are ignored. */
export function findKey(keySet: KeySet, kid: string): KeyObject | null {
  const jwk = Array.isArray(keySet?.keys) ? keySet.keys.find((k) => k && k.kid === kid) : undefined;
  if (!jwk || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !isString(jwk.x)) return null;
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  } catch {
    return null;
  }
}

/** The public half of an Ed25519 private key, as a key-set entry. */
export function publicJwk(privateKey: KeyObject, kid: string, extra: Partial<PublicJwk> = {}): PublicJwk {
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string };
  return { kty: 'OKP', crv: 'Ed25519', x, kid, use: 'sig', alg: 'EdDSA', ...extra };
}

function signCanonical(fields: object, privateKey: KeyObject): string {
  return sign(null, Buffer.from(canonicalJson(fields)), privateKey).toString('base64url');
}

function verifyCanonical(fields: object, signature: string, key: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(canonicalJson(fields)), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

// ── Artifacts ────────────────────────────────────────────────────────────────────────────────────

export function signArtifact(
  input: { module: string; version: string; sha256: string },
  key: { kid: string; privateKey: KeyObject },
): ArtifactSignature {
  const fields = {
    format: ARTIFACT_SIGNATURE_FORMAT as typeof ARTIFACT_SIGNATURE_FORMAT,
    kid: key.kid,
    module: input.module,
    version: input.version,
    sha256: input.sha256.toLowerCase(),
  };
  return { ...fields, signature: signCanonical(fields, key.privateKey) };
}

/**
 * Checks a detached signature against the artifact's bytes (or its SHA-256) and a key set. When
 * `expect` names the module and version the instance asked for, a signature of another one fails.
 */
export function verifyArtifact(
  artifact: { bytes: Uint8Array } | { sha256: string },
  signature: unknown,
  keySet: KeySet,
  expect: { module?: string; version?: string } = {},
): VerifyResult<ArtifactSignature> {
  const s = signature as Partial<ArtifactSignature> | null;
  if (!s || s.format !== ARTIFACT_SIGNATURE_FORMAT || ![s.kid, s.module, s.version, s.sha256, s.signature].every(isString)) {
    return fail('MALFORMED', `not a ${ARTIFACT_SIGNATURE_FORMAT} signature`);
  }
  const key = findKey(keySet, s.kid!);
  if (!key) return fail('UNKNOWN_KEY', `the key ${s.kid} is not in the key set`);
  const fields = { format: s.format, kid: s.kid, module: s.module, version: s.version, sha256: s.sha256 };
  if (!verifyCanonical(fields, s.signature!, key)) return fail('BAD_SIGNATURE', 'the signature does not match its contents');
  const actual = 'bytes' in artifact ? sha256Hex(artifact.bytes) : artifact.sha256.toLowerCase();
  if (actual !== s.sha256) return fail('HASH_MISMATCH', `the artifact's SHA-256 is ${actual}, the signature is for ${s.sha256}`);
  if (expect.module && expect.module !== s.module) return fail('BAD_SIGNATURE', `the signature is for ${s.module}, not ${expect.module}`);
  if (expect.version && expect.version !== s.version)
    return fail('BAD_SIGNATURE', `the signature is for version ${s.version}, not ${expect.version}`);
  return { ok: true, value: s as ArtifactSignature, kid: s.kid! };
}

// ── License files ────────────────────────────────────────────────────────────────────────────────

export function signLicense(payload: LicensePayload, key: { kid: string; privateKey: KeyObject }): LicenseFile {
  const fields = { format: LICENSE_FORMAT, kid: key.kid, payload };
  return { ...fields, signature: signCanonical(fields, key.privateKey) } as LicenseFile;
}

function fileKey(licenseKey: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(licenseKey, 'utf8'), Buffer.from(LICENSE_FORMAT), Buffer.from(ENCRYPTED_LICENSE_FORMAT), 32),
  );
}

/** Encrypts a signed license file so that only the holder of the license key can read it. */
export function encryptLicenseFile(file: LicenseFile, licenseKey: string): EncryptedLicenseFile {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', fileKey(licenseKey), iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(file), 'utf8'), cipher.final()]);
  return {
    format: ENCRYPTED_LICENSE_FORMAT,
    keyHint: sha256Hex(licenseKey),
    iv: iv.toString('base64url'),
    ciphertext: ciphertext.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

function decryptLicenseFile(file: EncryptedLicenseFile, licenseKey: string | undefined): VerifyResult<unknown> {
  if (!licenseKey) return fail('LICENSE_KEY_REQUIRED', 'this license file is encrypted: give the license key to read it');
  if (sha256Hex(licenseKey) !== file.keyHint) return fail('DECRYPTION_FAILED', 'this license file was encrypted for another license key');
  try {
    const decipher = createDecipheriv('aes-256-gcm', fileKey(licenseKey), Buffer.from(file.iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(file.tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(file.ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    return { ok: true, value: JSON.parse(plain), kid: '' };
  } catch {
    return fail('DECRYPTION_FAILED', 'the encrypted license file is damaged or was altered');
  }
}

/**
 * Verifies a license file (plain or encrypted): the format, the signature by a key of the set, and
 * that `now` lies between issuedAt and validUntil.
 */
export function verifyLicenseFile(
  input: unknown,
  keySet: KeySet,
  opts: { now?: Date; licenseKey?: string } = {},
): VerifyResult<LicensePayload> {
  let doc = input as Record<string, unknown> | null;
  if (doc && doc.format === ENCRYPTED_LICENSE_FORMAT) {
    const e = doc as unknown as EncryptedLicenseFile;
    if (![e.keyHint, e.iv, e.ciphertext, e.tag].every(isString)) return fail('MALFORMED', `not a ${ENCRYPTED_LICENSE_FORMAT} file`);
    const plain = decryptLicenseFile(e, opts.licenseKey);
    if (!plain.ok) return plain;
    doc = plain.value as Record<string, unknown>;
  }
  const f = doc as Partial<LicenseFile> | null;
  if (!f || f.format !== LICENSE_FORMAT || !isString(f.kid) || !isString(f.signature) || !f.payload || typeof f.payload !== 'object') {
    return fail('MALFORMED', `not a ${LICENSE_FORMAT} file`);
  }
  const key = findKey(keySet, f.kid);
  if (!key) return fail('UNKNOWN_KEY', `the key ${f.kid} is not in the key set`);
  if (!verifyCanonical({ format: f.format, kid: f.kid, payload: f.payload }, f.signature, key)) {
    return fail('BAD_SIGNATURE', 'the signature does not match the license file: it was altered or not issued by this marketplace');
  }
  const p = f.payload;
  const issued = Date.parse(p.issuedAt);
  const until = Date.parse(p.validUntil);
  if (!Number.isFinite(issued) || !Number.isFinite(until)) return fail('MALFORMED', 'issuedAt and validUntil must be dates');
  const now = (opts.now ?? new Date()).getTime();
  if (now < issued) return fail('NOT_YET_VALID', `the license file is valid from ${p.issuedAt}`);
  if (now > until) return fail('EXPIRED', `the license file expired at ${p.validUntil}`);
  return { ok: true, value: p, kid: f.kid };
}
