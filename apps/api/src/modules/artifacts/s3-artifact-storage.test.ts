import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ArtifactNotFoundError, S3ArtifactStorage, S3StorageError, MIN_PART_SIZE } from '.';
import { makeTempDir } from './test-support/zip-fixtures';
import { startProxy, startS3rver } from './test-support/s3-server';
import { waitFor } from '../../test/wait';

/**
 * S3ArtifactStorage (AWS SDK) against a real S3-compatible server started here (npm `s3rver`,
 * which checks SigV4 signatures with its account S3RVER/S3RVER). Requests go through a TCP proxy
 * the test can cut, to make an S3 outage in the middle of an upload.
 */
const BUCKET = 'artifacts';
const SHA = 'b'.repeat(64);
const keyOf = (n: number) => `modules/acme-blog/1.${n}.0/${SHA}.zip`;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

describe('S3ArtifactStorage against a real S3-compatible server (s3rver)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let s3: { port: number; close(): Promise<void> };
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let storage: S3ArtifactStorage;
  const storageWith = (over: Partial<ConstructorParameters<typeof S3ArtifactStorage>[0]> = {}) =>
    new S3ArtifactStorage({
      endpoint: `http://127.0.0.1:${proxy.port}`,
      region: 'us-east-1',
      bucket: BUCKET,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
      partSizeBytes: MIN_PART_SIZE,
      maxAttempts: 2,
      ...over,
    });
  const objects = async () => ((await storage.client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key);

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('wk-s3-'));
    s3 = await startS3rver(path.join(dir, 's3rver'), BUCKET);
    proxy = await startProxy(s3.port);
    storage = storageWith();
  });
  afterAll(async () => {
    await proxy?.close();
    await s3?.close();
    await cleanup?.();
  });

  it('stores, sizes, lists, downloads byte for byte and deletes (a multipart upload for a 12 MB artifact)', async () => {
    const small = randomBytes(100_000);
    const big = randomBytes(12 * 1024 * 1024);
    await writeFile(path.join(dir, 'small.zip'), small);
    await writeFile(path.join(dir, 'big.zip'), big);
    await storage.put(keyOf(1), path.join(dir, 'small.zip'));
    await storage.put(keyOf(2), path.join(dir, 'big.zip'));

    expect(await storage.exists(keyOf(1))).toBe(true);
    expect(await storage.size(keyOf(1))).toBe(100_000);
    expect(await storage.size(keyOf(2))).toBe(big.length);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(await readAll(await storage.createReadStream(keyOf(2))))).toBe(sha(big));
    expect((await readAll(await storage.createReadStream(keyOf(1)))).equals(small)).toBe(true);

    const listed: string[] = [];
    for await (const o of storage.list('modules/')) listed.push(o.key);
    expect(listed.sort()).toEqual([keyOf(1), keyOf(2)]);

    await storage.delete(keyOf(1));
    await storage.delete(keyOf(2));
    await storage.delete(keyOf(2)); // deleting a missing object is fine
    expect(await storage.exists(keyOf(1))).toBe(false);
    await expect(storage.createReadStream(keyOf(1))).rejects.toBeInstanceOf(ArtifactNotFoundError);
    await expect(storage.size(keyOf(1))).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });

  it('signs every request with the configured account: an unknown access key is refused and stores nothing', async () => {
    // s3rver checks the SigV4 Authorization header's access key (not the signature value itself; the
    // signing is the AWS SDK's own, maintained code).
    await writeFile(path.join(dir, 'a.zip'), 'abc');
    const unknownKey = storageWith({ accessKeyId: 'NOBODY', secretAccessKey: 'whatever' });
    const err = await unknownKey.put(keyOf(3), path.join(dir, 'a.zip')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3StorageError);
    expect((err as S3StorageError).s3Code).toBe('InvalidAccessKeyId');
    expect((err as S3StorageError).status).toBe(403);
    expect(((await unknownKey.exists(keyOf(3)).catch((e: unknown) => e)) as S3StorageError).status).toBe(403);
    expect(await objects()).toEqual([]);
    // The right credentials work on the same object.
    await storage.put(keyOf(3), path.join(dir, 'a.zip'));
    expect((await readAll(await storage.createReadStream(keyOf(3)))).toString()).toBe('abc');
    await storage.delete(keyOf(3));
  });

  it('an S3 outage in the middle of a multipart upload: the put fails, and nothing is left in the bucket', async () => {
    const big = randomBytes(16 * 1024 * 1024);
    await writeFile(path.join(dir, 'outage.zip'), big);
    const before = proxy.bytes();
    const upload = storage.put(keyOf(4), path.join(dir, 'outage.zip')).catch((e: unknown) => e);
    // Cut the connection once the first part (5 MiB) has gone through.
    await waitFor('the first part to pass the proxy', () => proxy.bytes() - before >= MIN_PART_SIZE + 100_000, { intervalMs: 5 });
    proxy.cut();
    const err = await upload;
    expect(err).toBeInstanceOf(S3StorageError);
    proxy.restore();

    expect(await storage.exists(keyOf(4))).toBe(false);
    expect(await objects()).toEqual([]);
    // And after the outage, the same upload goes through.
    await storage.put(keyOf(4), path.join(dir, 'outage.zip'));
    expect(await storage.size(keyOf(4))).toBe(big.length);
    await storage.delete(keyOf(4));
  });
});
