/**
 * Test-only helpers: build real zip archives, either with yazl or byte-by-byte (for archives
 * that yazl refuses to produce: traversal names, lying sizes, encrypted flags, odd methods...).
 * Not imported by production code.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { crc32, deflateRawSync } from 'node:zlib';
import * as yazl from 'yazl';

export interface YazlEntry {
  name: string;
  data?: Buffer | string;
  /** Unix mode, e.g. 0o100644, 0o120777 (symlink). */
  mode?: number;
  compress?: boolean;
  directory?: boolean;
  /** Add through addReadStream (sizes unknown up-front → data descriptor, flag bit 3). */
  stream?: boolean;
}

/** Builds a zip in memory with yazl. */
export function buildZipWithYazl(entries: YazlEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    if (e.directory) {
      zip.addEmptyDirectory(e.name, e.mode !== undefined ? { mode: e.mode } : {});
      continue;
    }
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : (e.data ?? Buffer.alloc(0));
    const opts: Partial<yazl.Options> = {};
    if (e.mode !== undefined) opts.mode = e.mode;
    if (e.compress !== undefined) opts.compress = e.compress;
    if (e.stream) zip.addReadStream(Readable.from([data]), e.name, opts);
    else zip.addBuffer(data, e.name, opts);
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

export interface RawEntry {
  name: string | Buffer;
  data: Buffer | string;
  /** 0 = stored, 8 = deflate (default), anything else is written as-is with deflate bytes. */
  method?: number;
  /** General purpose flags (default 0x0800, UTF-8 names). */
  flags?: number;
  localFlags?: number;
  externalAttributes?: number;
  versionMadeBy?: number;
  /** Overrides of the declared values (default: the real ones). */
  crc?: number;
  centralCompressedSize?: number;
  centralUncompressedSize?: number;
  localCompressedSize?: number;
  localUncompressedSize?: number;
  localName?: string | Buffer;
  /** Raw bytes stored as the entry's data (default: data, deflated when method is 8). */
  storedBytes?: Buffer;
  /** Extra field bytes written in the central directory record. */
  centralExtra?: Buffer;
  /** Write the local header + data only: the entry is absent from the central directory. */
  hidden?: boolean;
}

/**
 * Builds a zip byte-by-byte: local header + data for each entry, then the central directory
 * and the end-of-central-directory record.
 */
export function buildRawZip(entries: RawEntry[], opts: { entryCount?: number; prefix?: Buffer; beforeCentral?: Buffer } = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  if (opts.prefix) {
    parts.push(opts.prefix);
    offset += opts.prefix.length;
  }
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : e.data;
    const method = e.method ?? 8;
    const stored = e.storedBytes ?? (method === 0 ? data : deflateRawSync(data));
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const localName = e.localName === undefined ? name : typeof e.localName === 'string' ? Buffer.from(e.localName) : e.localName;
    const flags = e.flags ?? 0x0800;
    const crc = e.crc ?? crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.localFlags ?? flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x5821, 12); // date 2024-01-01
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(e.localCompressedSize ?? stored.length, 18);
    local.writeUInt32LE(e.localUncompressedSize ?? data.length, 22);
    local.writeUInt16LE(localName.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, localName, stored);
    if (e.hidden) {
      offset += local.length + localName.length + stored.length;
      continue;
    }

    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(e.versionMadeBy ?? 0x031e, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(0, 12);
    cd.writeUInt16LE(0x5821, 14);
    cd.writeUInt32LE(crc >>> 0, 16);
    cd.writeUInt32LE(e.centralCompressedSize ?? stored.length, 20);
    cd.writeUInt32LE(e.centralUncompressedSize ?? data.length, 24);
    const extra = e.centralExtra ?? Buffer.alloc(0);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt16LE(extra.length, 30);
    cd.writeUInt16LE(0, 32);
    cd.writeUInt16LE(0, 34);
    cd.writeUInt16LE(0, 36);
    cd.writeUInt32LE((e.externalAttributes ?? 0o100644 << 16) >>> 0, 38);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name, extra);

    offset += local.length + localName.length + stored.length;
  }
  if (opts.beforeCentral) {
    parts.push(opts.beforeCentral);
    offset += opts.beforeCentral.length;
  }
  const cdBuf = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(0, 4);
  eocd.writeUInt16LE(0, 6);
  const listed = entries.filter((e) => !e.hidden).length;
  eocd.writeUInt16LE(opts.entryCount ?? listed, 8);
  eocd.writeUInt16LE(opts.entryCount ?? listed, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(0, 20);
  return Buffer.concat([...parts, cdBuf, eocd]);
}

/** Offsets of every central directory file header in a zip buffer. */
export function centralHeaderOffsets(zip: Buffer): number[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no EOCD');
  const count = zip.readUInt16LE(eocd + 10);
  let pos = zip.readUInt32LE(eocd + 16);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(pos) !== 0x02014b50) throw new Error('bad central header');
    out.push(pos);
    pos += 46 + zip.readUInt16LE(pos + 28) + zip.readUInt16LE(pos + 30) + zip.readUInt16LE(pos + 32);
  }
  return out;
}

/** Info-ZIP Unicode Path extra field (0x7075) overriding `rawName` with `unicodeName`. */
export function unicodePathExtra(rawName: string, unicodeName: string): Buffer {
  const nameBuf = Buffer.from(unicodeName, 'utf8');
  const data = Buffer.alloc(5 + nameBuf.length);
  data.writeUInt8(1, 0);
  data.writeUInt32LE(crc32(Buffer.from(rawName, 'utf8')) >>> 0, 1);
  nameBuf.copy(data, 5);
  const header = Buffer.alloc(4);
  header.writeUInt16LE(0x7075, 0);
  header.writeUInt16LE(data.length, 2);
  return Buffer.concat([header, data]);
}

export const validManifest = {
  slug: 'acme-blog',
  version: '1.2.3',
  core: [{ software: 'webkernel', min: '2.0.0', max: null }],
  dependencies: [{ module: 'acme-seo', minVersion: '1.0.0', required: false, type: 'integration' }],
  update: { migrationScript: 'migrations/up.php', rollbackScript: 'migrations/down.php' },
};

export function manifestJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...validManifest, ...overrides });
}

export async function makeTempDir(prefix = 'wk-artifacts-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

let counter = 0;
export async function writeTempFile(dir: string, data: Buffer, name?: string): Promise<string> {
  const p = path.join(dir, name ?? `fixture-${process.pid}-${++counter}.zip`);
  await writeFile(p, data);
  return p;
}
