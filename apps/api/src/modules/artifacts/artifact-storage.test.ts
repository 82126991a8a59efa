import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  S3StorageError,
  type ArtifactStorage,
} from './artifact-storage';
import { parseAmzDate, signV4 } from './aws-sigv4';
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
// A tiny S3 look-alike on 127.0.0.1 that verifies SigV4 signatures of incoming requests.
// ---------------------------------------------------------------------------------------------

interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

const CREDS = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local/secret+key', region: 'eu-west-3' };

function xmlError(code: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>x</Message></Error>`;
}

/** Recomputes the signature from what actually arrived on the wire. */
function verifySignature(req: IncomingMessage): string | null {
  const auth = req.headers.authorization ?? '';
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request,SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
    auth,
  );
  if (!m) return 'malformed Authorization header';
  const [, accessKeyId, , region, signedHeaders, signature] = m;
  if (accessKeyId !== CREDS.accessKeyId) return 'unknown access key';
  const date = parseAmzDate(String(req.headers['x-amz-date']));
  if (!date) return 'missing x-amz-date';
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) {
    const value = req.headers[name];
    if (value === undefined) return `signed header ${name} not sent`;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const expected = signV4({
    method: req.method ?? 'GET',
    url: `http://${req.headers.host}${req.url}`,
    headers,
    payloadHash: String(req.headers['x-amz-content-sha256']),
    region,
    service: 's3',
    accessKeyId,
    secretAccessKey: CREDS.secretAccessKey,
    date,
  });
  return expected.signature === signature ? null : 'signature mismatch';
}

function startFakeS3(): Promise<{ server: Server; port: number; objects: Map<string, Buffer>; requests: RecordedRequest[] }> {
  const objects = new Map<string, Buffer>();
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const problem = verifySignature(req);
      if (problem) {
        res.writeHead(403, { 'content-type': 'application/xml' }).end(xmlError('SignatureDoesNotMatch'));
        return;
      }
      const sha = String(req.headers['x-amz-content-sha256']);
      if (sha !== 'UNSIGNED-PAYLOAD' && createHash('sha256').update(body).digest('hex') !== sha) {
        res.writeHead(400).end(xmlError('XAmzContentSHA256Mismatch'));
        return;
      }
      const objectPath = decodeURIComponent((req.url ?? '').split('?')[0]);
      if (objectPath.includes('forbidden')) {
        res.writeHead(403, { 'content-type': 'application/xml' }).end(xmlError('AccessDenied'));
        return;
      }
      const obj = objects.get(objectPath);
      switch (req.method) {
        case 'PUT':
          if (Number(req.headers['content-length']) !== body.length) {
            res.writeHead(400).end(xmlError('IncompleteBody'));
            return;
          }
          objects.set(objectPath, body);
          res.writeHead(200, { etag: '"x"' }).end();
          return;
        case 'GET':
        case 'HEAD':
          if (!obj) {
            res.writeHead(404, { 'content-type': 'application/xml' }).end(req.method === 'GET' ? xmlError('NoSuchKey') : undefined);
            return;
          }
          res.writeHead(200, { 'content-length': obj.length, 'content-type': 'application/zip' });
          res.end(req.method === 'GET' ? obj : undefined);
          return;
        case 'DELETE':
          objects.delete(objectPath);
          res.writeHead(204).end();
          return;
        default:
          res.writeHead(405).end();
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, objects, requests }));
  });
}

describe('S3ArtifactStorage (against a local SigV4-verifying server)', () => {
  let fake: Awaited<ReturnType<typeof startFakeS3>>;
  let storage: S3ArtifactStorage;
  let source: string;
  const content = randomBytes(300_000);
  const key = `modules/acme-blog/1.0.0+build.7/${SHA}.zip`;

  beforeAll(async () => {
    fake = await startFakeS3();
    storage = new S3ArtifactStorage({
      endpoint: `http://127.0.0.1:${fake.port}`,
      bucket: 'artifacts',
      forcePathStyle: true,
      ...CREDS,
    });
    source = path.join(dir, 's3-source.zip');
    await writeFile(source, content);
  });
  afterAll(async () => {
    fake.server.closeAllConnections();
    await new Promise((r) => fake.server.close(r));
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it('PUT streams the file with Content-Length, UNSIGNED-PAYLOAD and a valid signature', async () => {
    await storage.put(key, source);
    expect(fake.requests).toHaveLength(1);
    const [put] = fake.requests;
    expect(put.method).toBe('PUT');
    expect(put.url).toBe(`/artifacts/modules/acme-blog/1.0.0%2Bbuild.7/${SHA}.zip`);
    expect(put.headers['content-length']).toBe(String(content.length));
    expect(put.headers['transfer-encoding']).toBeUndefined();
    expect(put.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(put.headers['content-type']).toBe('application/zip');
    expect(put.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST\/\d{8}\/eu-west-3\/s3\/aws4_request,SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date,Signature=[0-9a-f]{64}$/,
    );
    expect(put.body.equals(content)).toBe(true);
    expect(fake.objects.get(`/artifacts/${key}`)?.equals(content)).toBe(true);
  });

  it('HEAD for exists / size, GET for createReadStream, DELETE for delete', async () => {
    await storage.put(key, source);
    expect(await storage.exists(key)).toBe(true);
    expect(await storage.size(key)).toBe(content.length);
    expect((await readAll(await storage.createReadStream(key))).equals(content)).toBe(true);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    await storage.delete(key); // 204 again, idempotent
    const methods = fake.requests.map((r) => r.method);
    expect(methods).toEqual(['PUT', 'HEAD', 'HEAD', 'GET', 'DELETE', 'HEAD', 'DELETE']);
    for (const r of fake.requests.filter((x) => x.method !== 'PUT')) {
      expect(r.headers['x-amz-content-sha256']).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    }
  });

  it('missing objects: createReadStream and size reject with ArtifactNotFoundError', async () => {
    const missing = `modules/nope/1.0.0/${SHA}.zip`;
    await expect(storage.createReadStream(missing)).rejects.toBeInstanceOf(ArtifactNotFoundError);
    await expect(storage.size(missing)).rejects.toBeInstanceOf(ArtifactNotFoundError);
    expect(await storage.exists(missing)).toBe(false);
  });

  it('surfaces S3 errors with status and code', async () => {
    const err = await storage.exists(`modules/forbidden/1.0.0/${SHA}.zip`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3StorageError);
    expect(err).toMatchObject({ status: 403 });
    const getErr = await storage.createReadStream(`modules/forbidden/1.0.0/${SHA}.zip`).catch((e: unknown) => e);
    expect(getErr).toMatchObject({ status: 403, s3Code: 'AccessDenied' });
  });

  it('a wrong secret is rejected by the server (the signature is really checked)', async () => {
    const wrong = new S3ArtifactStorage({
      endpoint: `http://127.0.0.1:${fake.port}`,
      bucket: 'artifacts',
      forcePathStyle: true,
      ...CREDS,
      secretAccessKey: 'not-the-secret',
    });
    await expect(wrong.put(key, source)).rejects.toMatchObject({ status: 403, s3Code: 'SignatureDoesNotMatch' });
  });

  it('refuses invalid keys without sending anything', async () => {
    await expect(storage.put('../x.zip', source)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    await expect(storage.exists('/abs.zip')).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    expect(fake.requests).toHaveLength(0);
  });

  it('builds virtual-hosted-style URLs when forcePathStyle is false (no request sent)', () => {
    const vh = new S3ArtifactStorage({ endpoint: 'https://s3.eu-west-3.amazonaws.com', bucket: 'my-bucket', ...CREDS });
    expect(vh.objectUrl(KEY).toString()).toBe(`https://my-bucket.s3.eu-west-3.amazonaws.com/${KEY}`);
    const ps = new S3ArtifactStorage({ endpoint: 'http://minio.local:9000/', bucket: 'my-bucket', forcePathStyle: true, ...CREDS });
    expect(ps.objectUrl(KEY).toString()).toBe(`http://minio.local:9000/my-bucket/${KEY}`);
  });
});

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
  it('builds an S3 storage from S3_* variables', () => {
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
    expect((s as S3ArtifactStorage).objectUrl(KEY).toString()).toBe(`http://127.0.0.1:9000/artifacts/${KEY}`);
  });
  it('defaults the S3 endpoint from the region, virtual-hosted style', () => {
    const s = createArtifactStorageFromEnv({
      ARTIFACT_STORAGE: 's3',
      S3_REGION: 'eu-west-3',
      S3_BUCKET: 'b-1',
      S3_ACCESS_KEY_ID: 'AK',
      S3_SECRET_ACCESS_KEY: 'SK',
    });
    expect((s as S3ArtifactStorage).objectUrl(KEY).toString()).toBe(`https://b-1.s3.eu-west-3.amazonaws.com/${KEY}`);
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
