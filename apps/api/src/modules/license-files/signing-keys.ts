/**
 * The platform's signing keys (Ed25519): one active key signs new artifact signatures and license
 * files; retired keys stay published so that what they signed still verifies (rotation).
 *
 * The key ring is JSON: `{ "keys": [{ "kid", "status": "active"|"retired", "createdAt", "privateKeyPem" }] }`,
 * from SIGNING_KEYS or the file SIGNING_KEYS_FILE (default .data/signing-keys.json). In production it
 * must be configured; in development it is generated on first use (file mode 0600).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { publicJwk, type KeySet } from '@wk/verify';

export interface SigningKey {
  kid: string;
  status: 'active' | 'retired';
  createdAt: string;
  privateKey: KeyObject;
}

export interface SigningKeyRing {
  /** The key that signs new documents. */
  active: SigningKey;
  all: SigningKey[];
  /** The public key set (JWKS) that verifiers use: every key, active first. */
  keySet(): KeySet;
}

interface StoredKey {
  kid: string;
  status: 'active' | 'retired';
  createdAt: string;
  privateKeyPem: string;
}

/** The ring the services were built with (services.signing). */
export function signingKeysOf(services: { signing?: SigningKeyRing }): SigningKeyRing {
  if (!services.signing) throw new Error('the signing key ring is not configured (services.signing)');
  return services.signing;
}

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

function newStoredKey(now: Date): StoredKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    kid: `wk-${now.toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`,
    status: 'active',
    createdAt: now.toISOString(),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

function parseRing(json: string, where: string): SigningKeyRing {
  let doc: { keys?: StoredKey[] };
  try {
    doc = JSON.parse(json);
  } catch {
    throw new SigningKeyError(`${where} is not JSON`);
  }
  if (!Array.isArray(doc.keys) || doc.keys.length === 0) throw new SigningKeyError(`${where} has no keys`);
  const all = doc.keys.map((k, i): SigningKey => {
    if (!k || typeof k.kid !== 'string' || !k.kid || typeof k.privateKeyPem !== 'string') {
      throw new SigningKeyError(`${where}: key ${i + 1} needs a kid and a privateKeyPem`);
    }
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(k.privateKeyPem);
    } catch {
      throw new SigningKeyError(`${where}: key ${k.kid} is not a PEM private key`);
    }
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`${where}: key ${k.kid} is not an Ed25519 key`);
    return { kid: k.kid, status: k.status === 'retired' ? 'retired' : 'active', createdAt: k.createdAt ?? '', privateKey };
  });
  if (new Set(all.map((k) => k.kid)).size !== all.length) throw new SigningKeyError(`${where}: two keys share a kid`);
  const actives = all.filter((k) => k.status === 'active');
  if (actives.length !== 1) throw new SigningKeyError(`${where} must have exactly one active key (it has ${actives.length})`);
  const active = actives[0]!;
  const ordered = [active, ...all.filter((k) => k !== active)];
  return {
    active,
    all: ordered,
    keySet: () => ({ keys: ordered.map((k) => publicJwk(k.privateKey, k.kid, { status: k.status, createdAt: k.createdAt || undefined })) }),
  };
}

/** Writes `json` to `file` only if it does not exist yet (several processes may start at once). */
function createExclusive(file: string, json: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, json, { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

export function loadSigningKeys(cfg: { keysJson: string | null; keysFile: string; generate: boolean }, now = new Date()): SigningKeyRing {
  if (cfg.keysJson) return parseRing(cfg.keysJson, 'SIGNING_KEYS');
  if (!fs.existsSync(cfg.keysFile)) {
    if (!cfg.generate) throw new SigningKeyError(`the signing key file ${cfg.keysFile} does not exist`);
    createExclusive(cfg.keysFile, `${JSON.stringify({ keys: [newStoredKey(now)] }, null, 2)}\n`);
  }
  return parseRing(fs.readFileSync(cfg.keysFile, 'utf8'), cfg.keysFile);
}

/**
 * Rotation: a new active key is added and the previous active key retired (kept, so what it signed
 * still verifies). Returns the new key's id.
 */
export function rotateSigningKeys(file: string, now = new Date()): string {
  const doc: { keys: StoredKey[] } = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { keys: [] };
  const next = newStoredKey(now);
  doc.keys = [next, ...doc.keys.map((k) => ({ ...k, status: 'retired' as const }))];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
  parseRing(fs.readFileSync(file, 'utf8'), file);
  return next.kid;
}
