/**
 * Safe inspection of an uploaded module artifact (zip) WITHOUT extracting it to disk.
 *
 * Three phases over a single yauzl handle (lazyEntries, autoClose off, closed on every path):
 *
 *  1. Metadata (central directory only, no file data is read): entry count, entry names
 *     (absolute / traversal / invalid / duplicate), symlinks, encryption, compression method,
 *     declared total uncompressed size and declared compression ratios (per entry and for the
 *     whole archive, relative to the archive's size on disk).
 *  2. Layout: every local file header is read and compared with its central directory record
 *     (name, method, encryption, sizes, CRC), and the entries must tile the file with no overlap
 *     and no unreferenced bytes.
 *  3. Data: every entry is streamed through yauzl (inflate + validateEntrySizes) while we count
 *     the real bytes and compute the CRC-32, so archives whose declared sizes lie are caught
 *     (ARTIFACT_SIZE_MISMATCH). The root manifest is buffered (bounded by maxManifestBytes) and
 *     validated at the end.
 */
import { open as openFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import * as yauzl from 'yauzl';
import type { ArtifactLimits } from './artifact-limits';
import { MANIFEST_FILENAME, type ModuleManifest, parseManifest } from './module-manifest';

export type { ModuleManifest } from './module-manifest';

export type ArtifactErrorCode =
  | 'ARTIFACT_NOT_ZIP'
  | 'ARTIFACT_TOO_LARGE'
  | 'ARTIFACT_CORRUPT'
  | 'ARTIFACT_ABSOLUTE_PATH'
  | 'ARTIFACT_PATH_TRAVERSAL'
  | 'ARTIFACT_INVALID_PATH'
  | 'ARTIFACT_DUPLICATE_ENTRY'
  | 'ARTIFACT_SYMLINK'
  | 'ARTIFACT_TOO_MANY_ENTRIES'
  | 'ARTIFACT_TOO_LARGE_UNCOMPRESSED'
  | 'ARTIFACT_COMPRESSION_RATIO'
  | 'ARTIFACT_ENCRYPTED'
  | 'ARTIFACT_UNSUPPORTED_COMPRESSION'
  | 'ARTIFACT_SIZE_MISMATCH'
  | 'MANIFEST_MISSING'
  | 'MANIFEST_INVALID';

export interface ZipInspectionSuccess {
  ok: true;
  /** Number of entries (files and directories) in the central directory. */
  entries: number;
  /** Real (counted) total uncompressed bytes of all entries. */
  uncompressedBytes: number;
  manifest: ModuleManifest;
  /** Normalised paths of the file (non-directory) entries, in archive order. */
  files: string[];
}

export interface ZipInspectionFailure {
  ok: false;
  code: ArtifactErrorCode;
  message: string;
  /** Offending entry name, when the problem is tied to one entry. */
  entry?: string;
  /** Offending manifest field path (e.g. "core[0].software"), for MANIFEST_INVALID. */
  field?: string;
}

export type ZipInspectionResult = ZipInspectionSuccess | ZipInspectionFailure;

export type EntryNameProblem = {
  code: 'ARTIFACT_ABSOLUTE_PATH' | 'ARTIFACT_PATH_TRAVERSAL' | 'ARTIFACT_INVALID_PATH';
  message: string;
};

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const ZIP64_MARKER = 0xffffffff;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
const CLOSE_TIMEOUT_MS = 5000;

class InspectionError extends Error {
  constructor(
    readonly code: ArtifactErrorCode,
    message: string,
    readonly entry?: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** True for a path segment made only of dots/spaces with at least two dots ("..", "...", ".. "). */
function isDotDotLike(segment: string): boolean {
  if (!/^[. ]+$/.test(segment)) return false;
  let dots = 0;
  for (const ch of segment) if (ch === '.') dots++;
  return dots >= 2;
}

/**
 * Classifies a raw (decoded, un-normalised) entry name. Returns null when the name is safe.
 * Backslashes are treated as separators for the absolute/traversal checks (Windows extractors
 * do), and any remaining backslash is refused (same policy as yauzl's strictFileNames).
 */
export function checkEntryName(name: string): EntryNameProblem | null {
  if (name.length === 0) return { code: 'ARTIFACT_INVALID_PATH', message: 'archive contains an entry with an empty name' };
  // eslint-disable-next-line no-control-regex -- control characters in entry names are refused
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    return { code: 'ARTIFACT_INVALID_PATH', message: `entry name ${JSON.stringify(name)} contains control characters` };
  }
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed)) {
    return { code: 'ARTIFACT_ABSOLUTE_PATH', message: `entry name ${JSON.stringify(name)} is an absolute path` };
  }
  const normalised = path.posix.normalize(slashed);
  if (slashed.split('/').some(isDotDotLike) || normalised === '..' || normalised.startsWith('../')) {
    return {
      code: 'ARTIFACT_PATH_TRAVERSAL',
      message: `entry name ${JSON.stringify(name)} contains a ".." path segment (path traversal)`,
    };
  }
  if (name.includes('\\')) {
    return { code: 'ARTIFACT_INVALID_PATH', message: `entry name ${JSON.stringify(name)} contains a backslash` };
  }
  if (normalised === '.' || normalised === './') {
    return { code: 'ARTIFACT_INVALID_PATH', message: `entry name ${JSON.stringify(name)} refers to the archive root` };
  }
  return null;
}

/** Normalised form of a safe entry name: "./a//b" → "a/b"; directories keep their trailing "/". */
export function normaliseEntryName(name: string): string {
  let out = path.posix.normalize(name);
  while (out.startsWith('./')) out = out.slice(2);
  return out;
}

function formatBytes(n: number): string {
  return `${n} bytes`;
}

interface CollectedEntry {
  entry: yauzl.Entry;
  name: string;
  normalised: string;
  isDirectory: boolean;
}

/** Promise wrapper around a lazyEntries yauzl ZipFile that never loses an 'error' event. */
class ZipHandle {
  private pendingError: Error | null = null;
  private waiter: { resolve: (e: yauzl.Entry | null) => void; reject: (err: Error) => void } | null = null;
  private readonly closed: Promise<void>;

  constructor(readonly zipfile: yauzl.ZipFile) {
    this.closed = new Promise<void>((resolve) => zipfile.once('close', () => resolve()));
    zipfile.on('entry', (entry: yauzl.Entry) => this.settle((w) => w.resolve(entry)));
    zipfile.on('end', () => this.settle((w) => w.resolve(null)));
    zipfile.on('error', (err: Error) => {
      if (this.waiter) this.settle((w) => w.reject(err));
      else this.pendingError ??= err;
    });
  }

  private settle(fn: (w: NonNullable<ZipHandle['waiter']>) => void): void {
    const w = this.waiter;
    this.waiter = null;
    if (w) fn(w);
  }

  nextEntry(): Promise<yauzl.Entry | null> {
    if (this.pendingError) return Promise.reject(this.pendingError);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.zipfile.readEntry();
    });
  }

  readLocalHeader(entry: yauzl.Entry): Promise<yauzl.LocalFileHeader> {
    return new Promise((resolve, reject) => {
      this.zipfile.readLocalFileHeader(entry, { minimal: false }, (err, header) => (err ? reject(err) : resolve(header)));
    });
  }

  openStream(entry: yauzl.Entry): Promise<Readable> {
    return new Promise((resolve, reject) => {
      try {
        this.zipfile.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream)));
      } catch (err) {
        reject(err as Error);
      }
    });
  }

  /** Closes the zipfile and waits until the underlying file descriptor is really closed. */
  async close(): Promise<void> {
    this.zipfile.close();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.closed,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
        timer.unref();
      }),
    ]);
    if (timer) clearTimeout(timer);
  }
}

function openZip(filePath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      filePath,
      {
        lazyEntries: true,
        autoClose: false,
        // Names are decoded (with yauzl's own decoder, strict mode) and validated by us so that we
        // can report precise codes; yauzl's built-in validation would only raise a generic error.
        decodeStrings: false,
        strictFileNames: true,
        validateEntrySizes: true,
      },
      (err, zipfile) => {
        if (err) {
          // yauzl closes the fd itself when open fails.
          reject(new InspectionError('ARTIFACT_NOT_ZIP', `file is not a readable zip archive: ${err.message}`));
        } else resolve(zipfile);
      },
    );
  });
}

/** Checks size and magic bytes before handing the file to yauzl. Returns the file size. */
async function preflight(filePath: string, limits: Readonly<ArtifactLimits>): Promise<number> {
  const fh = await openFile(filePath, 'r');
  try {
    const { size } = await fh.stat();
    if (size > limits.maxUploadBytes) {
      throw new InspectionError(
        'ARTIFACT_TOO_LARGE',
        `archive is ${formatBytes(size)}, more than the ${formatBytes(limits.maxUploadBytes)} allowed`,
      );
    }
    // Smallest possible zip is an empty one: a 22-byte end-of-central-directory record.
    if (size < 22) throw new InspectionError('ARTIFACT_NOT_ZIP', 'file is too small to be a zip archive');
    const magic = Buffer.alloc(4);
    await fh.read(magic, 0, 4, 0);
    const sig = magic.readUInt32LE(0);
    // A clean archive starts with a local file header (or is an empty archive). Anything else
    // (self-extracting executables, polyglots with prepended data) is refused.
    if (sig !== 0x04034b50 && sig !== 0x06054b50) {
      throw new InspectionError('ARTIFACT_NOT_ZIP', 'file is not a zip archive (bad signature)');
    }
    return size;
  } finally {
    await fh.close();
  }
}

function decodeName(entry: yauzl.Entry): string {
  // decodeStrings:false → fileName is the raw buffer; decode it like yauzl would in strict mode.
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
}

function mapZipError(err: Error, entryName?: string): InspectionError {
  if (err instanceof InspectionError) return err;
  const msg = err.message ?? String(err);
  if (/strong encryption/i.test(msg)) {
    return new InspectionError('ARTIFACT_ENCRYPTED', 'archive contains strongly-encrypted entries', entryName);
  }
  if (/compressed\/uncompressed size mismatch|too many bytes in the stream|not enough bytes in the stream/.test(msg)) {
    return new InspectionError(
      'ARTIFACT_SIZE_MISMATCH',
      `declared entry size does not match its data${entryName ? ` (${entryName})` : ''}: ${msg}`,
      entryName,
    );
  }
  const zcode = (err as NodeJS.ErrnoException).code;
  if (typeof zcode === 'string' && zcode.startsWith('Z_')) {
    return new InspectionError('ARTIFACT_CORRUPT', `invalid compressed data${entryName ? ` in ${entryName}` : ''}: ${msg}`, entryName);
  }
  return new InspectionError('ARTIFACT_CORRUPT', `archive is corrupt${entryName ? ` at ${entryName}` : ''}: ${msg}`, entryName);
}

function ratioExceeded(uncompressed: number, compressed: number, limits: Readonly<ArtifactLimits>): boolean {
  if (uncompressed <= limits.compressionRatioMinBytes) return false;
  return uncompressed / Math.max(compressed, 1) > limits.maxCompressionRatio;
}

/**
 * Inspects a zip artifact on disk. Resolves with a failure object for any problem with the
 * archive or its manifest; rejects only for environmental errors (e.g. the file cannot be opened).
 */
export async function inspectZip(filePath: string, limits: Readonly<ArtifactLimits>): Promise<ZipInspectionResult> {
  try {
    return await inspectOrThrow(filePath, limits);
  } catch (err) {
    if (err instanceof InspectionError) {
      const failure: ZipInspectionFailure = { ok: false, code: err.code, message: err.message };
      if (err.entry !== undefined) failure.entry = err.entry;
      if (err.field !== undefined) failure.field = err.field;
      return failure;
    }
    throw err;
  }
}

async function inspectOrThrow(filePath: string, limits: Readonly<ArtifactLimits>): Promise<ZipInspectionSuccess> {
  const r = await inspectArchiveOrThrow(filePath, limits, { name: MANIFEST_FILENAME, maxBytes: limits.maxManifestBytes });
  const manifest = checkManifest(r.collected, r.rootFile, r.files, limits);
  return { ok: true, entries: r.entries, uncompressedBytes: r.uncompressedBytes, manifest, files: r.files };
}

/** A file read from the archive's root during inspection (bounded), for archives that are not modules. */
export interface RootFileSpec {
  /** Normalised entry name at the root, e.g. "webkernel-api.json". */
  name: string;
  /** Larger files are reported as 'too-large' (and not kept in memory). */
  maxBytes: number;
}

export interface ArchiveInspectionSuccess {
  ok: true;
  entries: number;
  uncompressedBytes: number;
  /** Normalised paths of the file (non-directory) entries, in archive order. */
  files: string[];
  /** The root file's bytes; null when the archive has no such file at its root. */
  rootFile: Buffer | null | 'too-large';
}

/**
 * The same three phases as `inspectZip` (every zip-slip, symlink, bomb and lying-size defence),
 * for an archive that is not a module (e.g. a core release): no module manifest is required, and
 * the root file `rootFile.name` is returned for the caller to parse.
 */
export async function inspectArchive(
  filePath: string,
  limits: Readonly<ArtifactLimits>,
  rootFile: RootFileSpec,
): Promise<ArchiveInspectionSuccess | ZipInspectionFailure> {
  try {
    const r = await inspectArchiveOrThrow(filePath, limits, rootFile);
    return { ok: true, entries: r.entries, uncompressedBytes: r.uncompressedBytes, files: r.files, rootFile: r.rootFile };
  } catch (err) {
    if (err instanceof InspectionError) {
      const failure: ZipInspectionFailure = { ok: false, code: err.code, message: err.message };
      if (err.entry !== undefined) failure.entry = err.entry;
      return failure;
    }
    throw err;
  }
}

async function inspectArchiveOrThrow(
  filePath: string,
  limits: Readonly<ArtifactLimits>,
  rootFile: RootFileSpec,
): Promise<Omit<ArchiveInspectionSuccess, 'ok'> & { collected: CollectedEntry[] }> {
  const archiveSize = await preflight(filePath, limits);
  const handle = new ZipHandle(await openZip(filePath));
  try {
    const zipfile = handle.zipfile;
    if (zipfile.entryCount > limits.maxEntries) {
      throw new InspectionError(
        'ARTIFACT_TOO_MANY_ENTRIES',
        `archive has ${zipfile.entryCount} entries, more than the ${limits.maxEntries} allowed`,
      );
    }
    // yauzl keeps the central directory offset in readEntryCursor until the first readEntry().
    const centralDirectoryOffset = (zipfile as unknown as { readEntryCursor: unknown }).readEntryCursor;
    const collected = await readCentralDirectory(handle, archiveSize, limits);
    await checkLayout(handle, collected, typeof centralDirectoryOffset === 'number' ? centralDirectoryOffset : null);
    const { uncompressedBytes, manifestBytes } = await readAllData(handle, collected, limits, rootFile);
    const files = collected.filter((c) => !c.isDirectory).map((c) => c.normalised);
    return { entries: collected.length, uncompressedBytes, files, rootFile: manifestBytes, collected };
  } catch (err) {
    throw mapZipError(err as Error);
  } finally {
    await handle.close();
  }
}

/** Phase 1: central directory only. */
async function readCentralDirectory(handle: ZipHandle, archiveSize: number, limits: Readonly<ArtifactLimits>): Promise<CollectedEntry[]> {
  const collected: CollectedEntry[] = [];
  const seen = new Set<string>();
  let declaredTotal = 0;

  for (;;) {
    const entry = await handle.nextEntry();
    if (entry === null) break;
    if (collected.length >= limits.maxEntries) {
      // Defensive: yauzl reads exactly entryCount records, which we already bounded.
      throw new InspectionError('ARTIFACT_TOO_MANY_ENTRIES', `archive has more than ${limits.maxEntries} entries`);
    }

    const name = decodeName(entry);
    const names = [name];
    // If an Info-ZIP Unicode Path extra field overrode the name, the plain header name must be
    // safe too: other extractors may use it.
    const plainName = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, [], true);
    if (plainName !== name) names.push(plainName);
    for (const n of names) {
      const problem = checkEntryName(n);
      if (problem) throw new InspectionError(problem.code, problem.message, n);
    }

    const normalised = normaliseEntryName(name);
    const isDirectory = normalised.endsWith('/');
    const key = isDirectory ? normalised.slice(0, -1) : normalised;
    if (seen.has(key)) {
      throw new InspectionError('ARTIFACT_DUPLICATE_ENTRY', `archive contains ${JSON.stringify(key)} more than once`, name);
    }
    seen.add(key);

    const unixMode = entry.externalFileAttributes >>> 16;
    if ((unixMode & S_IFMT) === S_IFLNK) {
      throw new InspectionError('ARTIFACT_SYMLINK', `entry ${JSON.stringify(name)} is a symbolic link`, name);
    }
    if (entry.generalPurposeBitFlag & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) {
      throw new InspectionError('ARTIFACT_ENCRYPTED', `entry ${JSON.stringify(name)} is encrypted`, name);
    }
    if (entry.compressionMethod !== METHOD_STORED && entry.compressionMethod !== METHOD_DEFLATED) {
      throw new InspectionError(
        'ARTIFACT_UNSUPPORTED_COMPRESSION',
        `entry ${JSON.stringify(name)} uses unsupported compression method ${entry.compressionMethod} (only stored and deflate are accepted)`,
        name,
      );
    }

    declaredTotal += entry.uncompressedSize;
    if (declaredTotal > limits.maxUncompressedBytes) {
      throw new InspectionError(
        'ARTIFACT_TOO_LARGE_UNCOMPRESSED',
        `archive declares more than ${formatBytes(limits.maxUncompressedBytes)} of uncompressed data`,
        name,
      );
    }
    if (ratioExceeded(entry.uncompressedSize, entry.compressedSize, limits)) {
      throw new InspectionError(
        'ARTIFACT_COMPRESSION_RATIO',
        `entry ${JSON.stringify(name)} expands ${formatBytes(entry.compressedSize)} to ${formatBytes(entry.uncompressedSize)}, a compression ratio above ${limits.maxCompressionRatio}`,
        name,
      );
    }

    collected.push({ entry, name, normalised, isDirectory });
  }

  if (ratioExceeded(declaredTotal, archiveSize, limits)) {
    throw new InspectionError(
      'ARTIFACT_COMPRESSION_RATIO',
      `archive of ${formatBytes(archiveSize)} expands to ${formatBytes(declaredTotal)}, a compression ratio above ${limits.maxCompressionRatio}`,
    );
  }
  return collected;
}

/** Phase 3: stream every entry, counting real bytes. */
async function readAllData(
  handle: ZipHandle,
  collected: CollectedEntry[],
  limits: Readonly<ArtifactLimits>,
  rootFile: RootFileSpec,
): Promise<{ uncompressedBytes: number; manifestBytes: Buffer | null | 'too-large' }> {
  let total = 0;
  let manifestBytes: Buffer | null | 'too-large' = null;

  for (const c of collected) {
    const { entry, name } = c;
    try {
      const isManifest = !c.isDirectory && c.normalised === rootFile.name;
      const manifestChunks: Buffer[] = [];
      let manifestTooLarge = false;
      let count = 0;
      let crc = 0;

      const stream = await handle.openStream(entry);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        count += chunk.length;
        total += chunk.length;
        if (total > limits.maxUncompressedBytes) {
          throw new InspectionError(
            'ARTIFACT_TOO_LARGE_UNCOMPRESSED',
            `archive expands to more than ${formatBytes(limits.maxUncompressedBytes)}`,
            name,
          );
        }
        if (count > entry.uncompressedSize) {
          throw new InspectionError(
            'ARTIFACT_SIZE_MISMATCH',
            `entry ${JSON.stringify(name)} declares ${formatBytes(entry.uncompressedSize)} but contains more`,
            name,
          );
        }
        if (ratioExceeded(count, entry.compressedSize, limits)) {
          throw new InspectionError(
            'ARTIFACT_COMPRESSION_RATIO',
            `entry ${JSON.stringify(name)} expands beyond a compression ratio of ${limits.maxCompressionRatio}`,
            name,
          );
        }
        crc = crc32(chunk, crc);
        if (isManifest && !manifestTooLarge) {
          if (count > rootFile.maxBytes) {
            manifestTooLarge = true;
            manifestChunks.length = 0;
          } else manifestChunks.push(chunk);
        }
      }

      if (count !== entry.uncompressedSize) {
        throw new InspectionError(
          'ARTIFACT_SIZE_MISMATCH',
          `entry ${JSON.stringify(name)} declares ${formatBytes(entry.uncompressedSize)} but contains ${formatBytes(count)}`,
          name,
        );
      }
      if (crc >>> 0 !== entry.crc32 >>> 0) {
        throw new InspectionError('ARTIFACT_CORRUPT', `entry ${JSON.stringify(name)} fails its CRC-32 check`, name);
      }
      if (isManifest) manifestBytes = manifestTooLarge ? 'too-large' : Buffer.concat(manifestChunks);
    } catch (err) {
      throw mapZipError(err as Error, name);
    }
  }
  return { uncompressedBytes: total, manifestBytes };
}

interface EntryLayout {
  name: string;
  /** Offset of the local file header. */
  start: number;
  /** End of the entry's compressed data (a data descriptor may follow). */
  dataEnd: number;
  hasDataDescriptor: boolean;
}

/** Sizes a data descriptor can have: with/without signature, 32-bit or zip64 sizes. */
const DATA_DESCRIPTOR_SIZES = new Set([12, 16, 20, 24]);

/**
 * Reads every local file header (checking it against the central directory), then checks that
 * the entries tile the file from offset 0 up to the central directory, with neither overlaps
 * (overlapping-entry zip bombs, one entry's data hiding another's header) nor unreferenced bytes
 * (entries hidden from the central directory that a streaming extractor would still extract).
 */
async function checkLayout(handle: ZipHandle, collected: CollectedEntry[], centralDirectoryOffset: number | null): Promise<void> {
  const layouts: EntryLayout[] = [];
  for (const c of collected) {
    try {
      layouts.push(await checkLocalHeader(handle, c));
    } catch (err) {
      throw mapZipError(err as Error, c.name);
    }
  }
  layouts.sort((a, b) => a.start - b.start);
  let expected = 0;
  let previous: EntryLayout | null = null;
  const checkGap = (actual: number, where: string, entry?: string): void => {
    const gap = actual - expected;
    if (gap < 0) {
      throw new InspectionError(
        'ARTIFACT_CORRUPT',
        `${where} overlaps the data of ${previous ? JSON.stringify(previous.name) : 'the previous entry'}`,
        entry,
      );
    }
    if (gap > 0 && !(previous?.hasDataDescriptor && DATA_DESCRIPTOR_SIZES.has(gap))) {
      throw new InspectionError('ARTIFACT_CORRUPT', `${gap} unreferenced bytes precede ${where}`, entry);
    }
  };
  for (const l of layouts) {
    checkGap(l.start, `entry ${JSON.stringify(l.name)}`, l.name);
    expected = l.dataEnd;
    previous = l;
  }
  if (centralDirectoryOffset !== null) checkGap(centralDirectoryOffset, 'the central directory');
}

/** The local file header must agree with the central directory record. */
async function checkLocalHeader(handle: ZipHandle, c: CollectedEntry): Promise<EntryLayout> {
  const { entry, name } = c;
  const local = await handle.readLocalHeader(entry);
  const layout: EntryLayout = {
    name,
    start: entry.relativeOffsetOfLocalHeader,
    dataEnd: local.fileDataStart + entry.compressedSize,
    hasDataDescriptor: (local.generalPurposeBitFlag & FLAG_DATA_DESCRIPTOR) !== 0,
  };
  if (!local.fileName.equals(entry.fileNameRaw)) {
    throw new InspectionError(
      'ARTIFACT_CORRUPT',
      `local header of ${JSON.stringify(name)} names a different file (${JSON.stringify(local.fileName.toString('utf8'))})`,
      name,
    );
  }
  if (local.generalPurposeBitFlag & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) {
    throw new InspectionError('ARTIFACT_ENCRYPTED', `entry ${JSON.stringify(name)} is encrypted`, name);
  }
  if (local.compressionMethod !== entry.compressionMethod) {
    throw new InspectionError(
      'ARTIFACT_CORRUPT',
      `local header of ${JSON.stringify(name)} declares compression method ${local.compressionMethod}, central directory ${entry.compressionMethod}`,
      name,
    );
  }
  if (layout.hasDataDescriptor) return layout; // sizes/CRC live in the data descriptor
  const pairs: Array<[string, number, number]> = [
    ['compressed size', local.compressedSize, entry.compressedSize],
    ['uncompressed size', local.uncompressedSize, entry.uncompressedSize],
  ];
  for (const [label, localValue, centralValue] of pairs) {
    if (localValue === ZIP64_MARKER) continue; // real value is in the zip64 extra field
    if (localValue !== centralValue) {
      throw new InspectionError(
        'ARTIFACT_SIZE_MISMATCH',
        `entry ${JSON.stringify(name)}: local header declares ${label} ${localValue}, central directory ${centralValue}`,
        name,
      );
    }
  }
  if (local.crc32 >>> 0 !== entry.crc32 >>> 0) {
    throw new InspectionError(
      'ARTIFACT_CORRUPT',
      `entry ${JSON.stringify(name)}: local header and central directory disagree on CRC-32`,
      name,
    );
  }
  return layout;
}

function checkManifest(
  collected: CollectedEntry[],
  manifestBytes: Buffer | null | 'too-large',
  files: string[],
  limits: Readonly<ArtifactLimits>,
): ModuleManifest {
  if (manifestBytes === null) {
    const nested = collected.find((c) => !c.isDirectory && path.posix.basename(c.normalised) === MANIFEST_FILENAME);
    throw new InspectionError(
      'MANIFEST_MISSING',
      nested
        ? `${MANIFEST_FILENAME} must be at the root of the archive (found ${JSON.stringify(nested.normalised)})`
        : `archive does not contain ${MANIFEST_FILENAME} at its root`,
    );
  }
  if (manifestBytes === 'too-large') {
    throw new InspectionError(
      'MANIFEST_INVALID',
      `${MANIFEST_FILENAME} is larger than ${formatBytes(limits.maxManifestBytes)}`,
      MANIFEST_FILENAME,
      '$',
    );
  }
  const result = parseManifest(manifestBytes, new Set(files));
  if (!result.ok) throw new InspectionError('MANIFEST_INVALID', result.message, MANIFEST_FILENAME, result.field);
  return result.manifest;
}
