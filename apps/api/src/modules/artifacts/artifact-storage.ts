/**
 * Where validated artifacts live: a local directory (local-artifact-storage.ts) or an S3-compatible
 * bucket (s3-artifact-storage.ts, on the AWS SDK).
 *
 * Keys look like `modules/<slug>/<version>/<sha256>.zip` (see artifactKey()). Keys are validated
 * by every backend: no "..", no absolute paths, no backslashes, no empty or dot-leading segments.
 */
import type { Readable } from 'node:stream';
import { isSlug, isStrictSemver } from './module-manifest';

export interface ArtifactStorage {
  /** Stores a copy of the local file `sourceFilePath` under `key` (overwrites atomically). */
  put(key: string, sourceFilePath: string): Promise<void>;
  /** Opens the object for reading. Rejects with ArtifactNotFoundError when absent. */
  createReadStream(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** Deletes the object; deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Size in bytes. Rejects with ArtifactNotFoundError when absent. */
  size(key: string): Promise<number>;
  /** Every stored object under `prefix` (e.g. "modules/"), with its last modification time. */
  list(prefix: string): AsyncIterable<StoredObject>;
}

export interface StoredObject {
  key: string;
  lastModified: Date;
}

export class ArtifactNotFoundError extends Error {
  readonly code = 'ARTIFACT_NOT_FOUND';
  constructor(readonly key: string) {
    super(`artifact not found: ${key}`);
    this.name = 'ArtifactNotFoundError';
  }
}

export class InvalidArtifactKeyError extends Error {
  readonly code = 'ARTIFACT_INVALID_KEY';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid artifact key ${JSON.stringify(key)}: ${reason}`);
    this.name = 'InvalidArtifactKeyError';
  }
}

const KEY_MAX_LENGTH = 1024;
const KEY_SEGMENT = /^[A-Za-z0-9_+-][A-Za-z0-9._+-]*$/;
const SHA256_HEX = /^[a-f0-9]{64}$/;

/** Throws InvalidArtifactKeyError unless `key` is a safe relative object key. */
export function assertValidArtifactKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidArtifactKeyError(String(key), 'empty key');
  if (key.length > KEY_MAX_LENGTH) throw new InvalidArtifactKeyError(key, `longer than ${KEY_MAX_LENGTH} characters`);
  if (key.includes('..')) throw new InvalidArtifactKeyError(key, 'contains ".."');
  if (key.startsWith('/') || /^[a-zA-Z]:/.test(key) || key.includes('\\')) {
    throw new InvalidArtifactKeyError(key, 'absolute paths and backslashes are not allowed');
  }
  for (const segment of key.split('/')) {
    if (!KEY_SEGMENT.test(segment)) {
      throw new InvalidArtifactKeyError(
        key,
        `segment ${JSON.stringify(segment)} must be non-empty, use only A-Z a-z 0-9 . _ + - and not start with "."`,
      );
    }
  }
}

/** `modules/<slug>/<version>/<sha256>.zip` */
export function artifactKey(slug: string, version: string, sha256: string): string {
  if (!isSlug(slug)) throw new InvalidArtifactKeyError(`modules/${slug}`, 'slug is not a valid slug');
  if (!isStrictSemver(version)) throw new InvalidArtifactKeyError(`modules/${slug}/${version}`, 'version is not strict semver');
  if (!SHA256_HEX.test(sha256))
    throw new InvalidArtifactKeyError(`modules/${slug}/${version}/${sha256}`, 'sha256 must be 64 lowercase hex characters');
  const key = `modules/${slug}/${version}/${sha256}.zip`;
  assertValidArtifactKey(key);
  return key;
}
