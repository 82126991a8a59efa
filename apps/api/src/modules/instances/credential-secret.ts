import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Instance API credentials: a public key id (`wki_…`) and a random secret (`wks_…`, 256 bits).
 *
 * The instance API is called at high frequency, so the secret is stored as a fast keyed hash
 * (HMAC-SHA-256 over key id + secret, keyed with INSTANCE_CREDENTIAL_PEPPER, `config.instanceCredentialPepper`) rather than a slow
 * password hash: the secret is random and long, so a dictionary attack on a leaked hash is
 * pointless, and argon2 on every request would be a self-inflicted denial of service. Binding the
 * key id into the MAC stops a hash from being moved onto another credential row.
 * Changing the pepper invalidates every existing credential (documented in the README).
 */
const SCHEME = 'hmac-sha256';

export function newKeyId(): string {
  return `wki_${randomBytes(15).toString('base64url')}`;
}

export function newSecret(): string {
  return `wks_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(pepper: string, keyId: string, secret: string): string {
  return `${SCHEME}$${createHmac('sha256', pepper).update(`${keyId}:${secret}`).digest('hex')}`;
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function verifySecret(pepper: string, stored: string | null, keyId: string, secret: string): boolean {
  // An unknown key id is compared against a valid-looking hash: the same work either way.
  const expected = Buffer.from(stored ?? hashSecret(pepper, 'wki_unknown', 'wks_unknown'), 'utf8');
  const actual = Buffer.from(hashSecret(pepper, keyId, secret), 'utf8');
  const same = expected.length === actual.length && timingSafeEqual(expected, actual);
  return same && stored !== null;
}

export const KEY_ID_PATTERN = /^wki_[A-Za-z0-9_-]{20}$/;
