import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import {
  ArtifactNotFoundError,
  artifactKey,
  assertValidArtifactKey,
  createArtifactStorage,
  InvalidArtifactKeyError,
  LocalArtifactStorage,
  S3ArtifactStorage,
  type ArtifactStorage,
} from '.';
import { makeTempDir } from './test-support/zip-fixtures';
import { loadConfig } from '../../core/config';

/** ARTIFACT_STORAGE/ARTIFACT_DIR/S3_* as core/config.ts reads them, then the storage they select. */
const createArtifactStorageFromEnv = (env: Record<string, string>, cwd?: string) => createArtifactStorage(loadConfig(env, { cwd }).storage);

const SHA = 'a'.repeat(64);
const KEY = `modules/acme-blog/1.2.3/${SHA}.zip`;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('wk-storage-'));
});
afterAll(async () => {
  await cleanup();
});

describe('keys', () => {
  it('artifactKey builds modules/<slug>/<version>/<sha256>.zip', () => {
    expect(artifactKey('acme-blog', '1.2.3-rc.1+build.5', SHA)).toBe(`modules/acme-blog/1.2.3-rc.1+build.5/${SHA}.zip`);
  });
  it('artifactKey refuses bad parts', () => {
    expect(() => artifactKey('../x', '1.2.3', SHA)).toThrow(InvalidArtifactKeyError);
    expect(() => artifactKey('acme', '1.2', SHA)).toThrow(InvalidArtifactKeyError);
    expect(() => artifactKey('acme', '1.2.3', 'ABC')).toThrow(InvalidArtifactKeyError);
  });
  it.each([
    '',
    '../etc/passwd',
    'modules/../../x.zip',
    'modules/a..b/x.zip',
    '/abs/x.zip',
    'C:/x.zip',
    'modules\\x.zip',
    'modules//x.zip',
    'modules/x/',
    'modules/.hidden.zip',
    'modules/./x.zip',
    'modules/x y.zip',
    'modules/x\u0000.zip',
    'a'.repeat(1025),
  ])('refuses key %j', (key) => {
    expect(() => assertValidArtifactKey(key)).toThrow(InvalidArtifactKeyError);
  });
});

describe('LocalArtifactStorage', () => {
  let storage: LocalArtifactStorage;
  let root: string;
  let source: string;
  const content = randomBytes(200_000);

  beforeAll(async () => {
    root = path.join(dir, 'local-root');
    storage = new LocalArtifactStorage(root);
    source = path.join(dir, 'source.zip');
    await writeFile(source, content);
  });

  it('put / exists / size / createReadStream / delete round-trip', async () => {
    expect(await storage.exists(KEY)).toBe(false);
    await storage.put(KEY, source);
    expect(await storage.exists(KEY)).toBe(true);
    expect(await storage.size(KEY)).toBe(content.length);
    expect((await readAll(await storage.createReadStream(KEY))).equals(content)).toBe(true);
    expect(await readFile(path.join(root, 'modules', 'acme-blog', '1.2.3', `${SHA}.zip`))).toEqual(content);
    // The source file is left in place (the caller owns it).
    expect((await readFile(source)).equals(content)).toBe(true);
    await storage.delete(KEY);
    expect(await storage.exists(KEY)).toBe(false);
    await expect(storage.delete(KEY)).resolves.toBeUndefined(); // idempotent
  });

  it('put overwrites atomically and leaves no temp files behind', async () => {
    const other = path.join(dir, 'other.zip');
    await writeFile(other, 'second version');
    await storage.put(KEY, source);
    await Promise.all([storage.put(KEY, other), storage.put(KEY, other), storage.put(KEY, other)]);
    expect((await readFile(storage.pathFor(KEY))).toString()).toBe('second version');
    expect(await readdir(path.dirname(storage.pathFor(KEY)))).toEqual([`${SHA}.zip`]);
  });

  it('a failed put leaves no temp file and no object', async () => {
    const key = `modules/acme-blog/9.9.9/${SHA}.zip`;
    await expect(storage.put(key, path.join(dir, 'missing-source.zip'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await storage.exists(key)).toBe(false);
    expect(await readdir(path.dirname(storage.pathFor(key)))).toEqual([]);
  });

  it('missing objects: createReadStream and size reject with ArtifactNotFoundError', async () => {
    const key = `modules/nope/1.0.0/${SHA}.zip`;
    await expect(storage.createReadStream(key)).rejects.toBeInstanceOf(ArtifactNotFoundError);
    await expect(storage.size(key)).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });

  it('refuses invalid keys on every operation', async () => {
    const bad = '../../outside.zip';
    await expect(storage.put(bad, source)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    await expect(storage.createReadStream(bad)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    await expect(storage.exists(bad)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    await expect(storage.delete(bad)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    await expect(storage.size(bad)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    expect(readdirSync(dir)).not.toContain('outside.zip');
  });

  it('read streams release their file descriptor when consumed or destroyed', async () => {
    await storage.put(KEY, source);
    const before = readdirSync('/proc/self/fd').length;
    await readAll(await storage.createReadStream(KEY));
    const s = await storage.createReadStream(KEY);
    await new Promise<void>((resolve) => {
      s.once('close', () => resolve());
      s.destroy();
    });
    expect(readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
describe('createArtifactStorage from the configuration', () => {
  it('defaults to local storage in <cwd>/.data/artifacts', () => {
    const s = createArtifactStorageFromEnv({}, '/srv/app');
    expect(s).toBeInstanceOf(LocalArtifactStorage);
    expect((s as LocalArtifactStorage).rootDir).toBe(path.resolve('/srv/app/.data/artifacts'));
  });
  it('honours ARTIFACT_DIR (relative to cwd)', () => {
    const s = createArtifactStorageFromEnv(
      { ARTIFACT_STORAGE: 'local', ARTIFACT_DIR: 'var/artifacts' },
      '/srv/app',
    ) as LocalArtifactStorage;
    expect(s.rootDir).toBe(path.resolve('/srv/app/var/artifacts'));
  });
  it('builds an S3 storage from S3_* variables', async () => {
    const s: ArtifactStorage = createArtifactStorageFromEnv({
      ARTIFACT_STORAGE: 's3',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_REGION: 'eu-west-3',
      S3_BUCKET: 'artifacts',
      S3_ACCESS_KEY_ID: 'AK',
      S3_SECRET_ACCESS_KEY: 'SK',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(s).toBeInstanceOf(S3ArtifactStorage);
    expect((s as S3ArtifactStorage).bucket).toBe('artifacts');
    expect(await (s as S3ArtifactStorage).client.config.region()).toBe('eu-west-3');
    expect((s as S3ArtifactStorage).client.config.forcePathStyle).toBe(true);
    const creds = await (s as S3ArtifactStorage).client.config.credentials();
    expect(creds).toMatchObject({ accessKeyId: 'AK', secretAccessKey: 'SK' });
  });
  it('without static keys, uses the AWS SDK credential chain (here: AWS_* environment variables)', async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'FROM_ENV';
    process.env.AWS_SECRET_ACCESS_KEY = 'SECRET_FROM_ENV';
    try {
      const s = createArtifactStorageFromEnv({ ARTIFACT_STORAGE: 's3', S3_REGION: 'eu-west-3', S3_BUCKET: 'b-1' }) as S3ArtifactStorage;
      expect(await s.client.config.credentials()).toMatchObject({ accessKeyId: 'FROM_ENV', secretAccessKey: 'SECRET_FROM_ENV' });
    } finally {
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      else process.env.AWS_ACCESS_KEY_ID = saved.id;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    }
  });
  it('throws on missing S3 settings, bad booleans and unknown storage kinds', () => {
    expect(() => createArtifactStorageFromEnv({ ARTIFACT_STORAGE: 's3', S3_BUCKET: 'b-1', S3_ACCESS_KEY_ID: 'AK' })).toThrow(
      /S3_SECRET_ACCESS_KEY is required/,
    );
    expect(() =>
      createArtifactStorageFromEnv({
        ARTIFACT_STORAGE: 's3',
        S3_BUCKET: 'b-1',
        S3_ACCESS_KEY_ID: 'AK',
        S3_SECRET_ACCESS_KEY: 'SK',
        S3_FORCE_PATH_STYLE: 'maybe',
      }),
    ).toThrow(/S3_FORCE_PATH_STYLE/);
    expect(() => createArtifactStorageFromEnv({ ARTIFACT_STORAGE: 'ftp' })).toThrow(/ARTIFACT_STORAGE/);
  });
});
