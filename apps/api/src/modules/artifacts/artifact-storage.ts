/**
 * Where validated artifacts live: a local directory or an S3-compatible bucket.
 *
 * Keys look like `modules/<slug>/<version>/<sha256>.zip` (see artifactKey()). Keys are validated
 * by every backend: no "..", no absolute paths, no backslashes, no empty or dot-leading segments.
 */
import type { StorageConfig } from '../../core/config';
import { randomUUID } from 'node:crypto';
import { createReadStream as fsCreateReadStream, constants as fsConstants } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { EMPTY_PAYLOAD_SHA256, encodeKeyPath, signV4, UNSIGNED_PAYLOAD } from './aws-sigv4';
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

function isErrno(err: unknown, ...codes: string[]): boolean {
  return typeof err === 'object' && err !== null && codes.includes((err as NodeJS.ErrnoException).code ?? '');
}

// ---------------------------------------------------------------------------------------------
// Local filesystem
// ---------------------------------------------------------------------------------------------

export class LocalArtifactStorage implements ArtifactStorage {
  readonly rootDir: string;

  constructor(rootDir: string) {
    this.rootDir = path.resolve(rootDir);
  }

  /** Absolute path of a key inside rootDir (validated; never escapes rootDir). */
  pathFor(key: string): string {
    assertValidArtifactKey(key);
    const full = path.resolve(this.rootDir, ...key.split('/'));
    if (!full.startsWith(this.rootDir + path.sep)) throw new InvalidArtifactKeyError(key, 'resolves outside the storage root');
    return full;
  }

  async put(key: string, sourceFilePath: string): Promise<void> {
    const dest = this.pathFor(key);
    const dir = path.dirname(dest);
    await mkdir(dir, { recursive: true });
    // Temp name starts with "." so it can never collide with a valid key.
    const tmp = path.join(dir, `.${path.basename(dest)}.${randomUUID()}.tmp`);
    try {
      await copyFile(sourceFilePath, tmp, fsConstants.COPYFILE_EXCL);
      const fh = await open(tmp, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, dest);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    await syncDirectory(dir);
  }

  async createReadStream(key: string): Promise<Readable> {
    const p = this.pathFor(key);
    // Open first so a missing file is reported here rather than as a stream error.
    try {
      const fh = await open(p, 'r');
      return fh.createReadStream(); // autoClose: the handle is closed when the stream ends or is destroyed
    } catch (err) {
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) throw new ArtifactNotFoundError(key);
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathFor(key))).isFile();
    } catch (err) {
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) return false;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathFor(key));
    } catch (err) {
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) return;
      throw err;
    }
  }

  async size(key: string): Promise<number> {
    try {
      const st = await stat(this.pathFor(key));
      if (!st.isFile()) throw new ArtifactNotFoundError(key);
      return st.size;
    } catch (err) {
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) throw new ArtifactNotFoundError(key);
      throw err;
    }
  }
}

/** fsync a directory so a rename inside it is durable (best effort; not supported everywhere). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // ignore: durability hint only
  }
}

// ---------------------------------------------------------------------------------------------
// S3 / S3-compatible
// ---------------------------------------------------------------------------------------------

export interface S3StorageConfig {
  /** e.g. https://s3.eu-west-3.amazonaws.com or http://127.0.0.1:9000 (MinIO). */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** true: <endpoint>/<bucket>/<key>; false: <bucket>.<endpoint host>/<key>. */
  forcePathStyle?: boolean;
  sessionToken?: string;
}

export interface S3StorageOptions {
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Clock used for signing (tests). */
  now?: () => Date;
  /** Timeout for HEAD / DELETE requests (ms). PUT and GET bodies are not time-limited. */
  metadataTimeoutMs?: number;
}

export class S3StorageError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly s3Code?: string,
  ) {
    super(message);
    this.name = 'S3StorageError';
  }
}

interface S3Request {
  method: 'GET' | 'PUT' | 'HEAD' | 'DELETE';
  key: string;
  headers?: Record<string, string>;
  body?: WebReadableStream<Uint8Array>;
  payloadHash: string;
  timeoutMs?: number;
}

export class S3ArtifactStorage implements ArtifactStorage {
  private readonly endpoint: URL;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => Date;
  private readonly metadataTimeoutMs: number;

  constructor(
    private readonly config: S3StorageConfig,
    options: S3StorageOptions = {},
  ) {
    for (const field of ['endpoint', 'region', 'bucket', 'accessKeyId', 'secretAccessKey'] as const) {
      if (!config[field]) throw new Error(`S3ArtifactStorage: ${field} is required`);
    }
    this.endpoint = new URL(config.endpoint);
    if (this.endpoint.protocol !== 'http:' && this.endpoint.protocol !== 'https:') {
      throw new Error(`S3ArtifactStorage: endpoint must be an http(s) URL, got ${config.endpoint}`);
    }
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(config.bucket)) {
      throw new Error(`S3ArtifactStorage: invalid bucket name ${JSON.stringify(config.bucket)}`);
    }
    this.fetchImpl = options.fetch ?? fetch;
    this.now = options.now ?? (() => new Date());
    this.metadataTimeoutMs = options.metadataTimeoutMs ?? 30_000;
  }

  /** URL of an object (path-style or virtual-hosted-style). */
  objectUrl(key: string): URL {
    assertValidArtifactKey(key);
    const base = this.endpoint.pathname.replace(/\/+$/, '');
    const encodedKey = encodeKeyPath(key);
    if (this.config.forcePathStyle) {
      return new URL(`${this.endpoint.protocol}//${this.endpoint.host}${base}/${this.config.bucket}/${encodedKey}`);
    }
    return new URL(`${this.endpoint.protocol}//${this.config.bucket}.${this.endpoint.host}${base}/${encodedKey}`);
  }

  private async send(req: S3Request): Promise<Response> {
    const url = this.objectUrl(req.key);
    const signed = signV4({
      method: req.method,
      url,
      headers: req.headers,
      payloadHash: req.payloadHash,
      region: this.config.region,
      service: 's3',
      accessKeyId: this.config.accessKeyId,
      secretAccessKey: this.config.secretAccessKey,
      sessionToken: this.config.sessionToken,
      date: this.now(),
    });
    const headers: Record<string, string> = { ...signed.headers };
    delete headers.host; // fetch derives Host from the URL (same value as signed)
    const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, redirect: 'manual' };
    if (req.body) {
      init.body = req.body as unknown as RequestInit['body'];
      init.duplex = 'half';
    }
    if (req.timeoutMs) init.signal = AbortSignal.timeout(req.timeoutMs);
    return this.fetchImpl(url, init);
  }

  private async failure(res: Response, action: string, key: string): Promise<S3StorageError> {
    let body = '';
    try {
      body = await res.text();
    } catch {
      // ignore
    }
    const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
    return new S3StorageError(`S3 ${action} ${key} failed: HTTP ${res.status}${code ? ` ${code}` : ''}`, res.status, code);
  }

  async put(key: string, sourceFilePath: string): Promise<void> {
    assertValidArtifactKey(key);
    const { size } = await stat(sourceFilePath);
    const file = fsCreateReadStream(sourceFilePath);
    try {
      const res = await this.send({
        method: 'PUT',
        key,
        headers: { 'content-length': String(size), 'content-type': 'application/zip' },
        body: Readable.toWeb(file) as WebReadableStream<Uint8Array>,
        payloadHash: UNSIGNED_PAYLOAD,
      });
      if (!res.ok) throw await this.failure(res, 'PUT', key);
      await res.arrayBuffer().catch(() => undefined); // drain
    } finally {
      // The server may answer (or the connection fail) before the body was fully read.
      file.destroy();
    }
  }

  async createReadStream(key: string): Promise<Readable> {
    const res = await this.send({ method: 'GET', key, payloadHash: EMPTY_PAYLOAD_SHA256 });
    if (res.status === 404) {
      await res.arrayBuffer().catch(() => undefined);
      throw new ArtifactNotFoundError(key);
    }
    if (!res.ok || !res.body) throw await this.failure(res, 'GET', key);
    return Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
  }

  private async head(key: string): Promise<Response | null> {
    const res = await this.send({ method: 'HEAD', key, payloadHash: EMPTY_PAYLOAD_SHA256, timeoutMs: this.metadataTimeoutMs });
    if (res.status === 404) return null;
    if (!res.ok) throw await this.failure(res, 'HEAD', key);
    return res;
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  async size(key: string): Promise<number> {
    const res = await this.head(key);
    if (!res) throw new ArtifactNotFoundError(key);
    const length = Number(res.headers.get('content-length'));
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new S3StorageError(`S3 HEAD ${key}: missing or invalid Content-Length`, res.status);
    }
    return length;
  }

  async delete(key: string): Promise<void> {
    const res = await this.send({ method: 'DELETE', key, payloadHash: EMPTY_PAYLOAD_SHA256, timeoutMs: this.metadataTimeoutMs });
    if (res.status === 404) return;
    if (!res.ok) throw await this.failure(res, 'DELETE', key);
    await res.arrayBuffer().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Factory
// ---------------------------------------------------------------------------------------------

/**
 * The storage of `config.storage` (README "Configuration": ARTIFACT_STORAGE, ARTIFACT_DIR, S3_*,
 * parsed and checked in core/config.ts).
 */
export function createArtifactStorage(config: StorageConfig): ArtifactStorage {
  if (config.kind === 'local') return new LocalArtifactStorage(config.dir);
  const { kind: _kind, ...s3 } = config;
  return new S3ArtifactStorage(s3);
}
