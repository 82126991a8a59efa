import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Instance API credentials: a public key id (`wki_…`) and a random secret (`wks_…`, 256 bits).
 *
 * The instance API is called at high frequency, so the secret is stored as a fast keyed hash
 * (HMAC-SHA-256 over key id + secret, keyed with INSTANCE_CREDENTIAL_PEPPER) rather than a slow
 * password hash: the secret is random and long, so a dictionary attack on a leaked hash is
 * pointless, and argon2 on every request would be a self-inflicted denial of service. Binding the
 * key id into the MAC stops a hash from being moved onto another credential row.
 * Changing the pepper invalidates every existing credential (documented in the README).
 */
const SCHEME = 'hmac-sha256';

function pepper(): string {
  return process.env.INSTANCE_CREDENTIAL_PEPPER || 'wk-instance-credential-v1';
}

export function newKeyId(): string {
  return `wki_${randomBytes(15).toString('base64url')}`;
}

export function newSecret(): string {
  return `wks_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(keyId: string, secret: string): string {
  return `${SCHEME}$${createHmac('sha256', pepper()).update(`${keyId}:${secret}`).digest('hex')}`;
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function verifySecret(stored: string, keyId: string, secret: string): boolean {
  const expected = Buffer.from(stored, 'utf8');
  const actual = Buffer.from(hashSecret(keyId, secret), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A valid-looking hash to compare against when the key id is unknown (same work either way). */
export const DUMMY_SECRET_HASH = hashSecret('wki_unknown', 'wks_unknown');

export const KEY_ID_PATTERN = /^wki_[A-Za-z0-9_-]{20}$/;
