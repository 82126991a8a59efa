import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { DEFAULT_ARTIFACT_LIMITS, type ArtifactLimits } from './artifact-limits';
import {
  buildRawZip,
  buildZipWithYazl,
  centralHeaderOffsets,
  makeTempDir,
  manifestJson,
  unicodePathExtra,
  validManifest,
  writeTempFile,
  type RawEntry,
  type YazlEntry,
} from './test-support/zip-fixtures';
import { checkEntryName, inspectZip, type ZipInspectionResult } from './zip-inspect';

const MANIFEST = 'webkernel-module.json';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(async () => {
  await cleanup();
});

function limits(overrides: Partial<ArtifactLimits> = {}): ArtifactLimits {
  return { ...DEFAULT_ARTIFACT_LIMITS, ...overrides };
}

/** The files every valid fixture needs besides the manifest (the update scripts it names). */
const SCRIPTS: YazlEntry[] = [
  { name: 'migrations/up.php', data: '<?php // up' },
  { name: 'migrations/down.php', data: '<?php // down' },
];

async function inspectBuffer(zip: Buffer, l: ArtifactLimits = limits()): Promise<ZipInspectionResult> {
  return inspectZip(await writeTempFile(dir, zip), l);
}

async function inspectYazl(entries: YazlEntry[], l?: ArtifactLimits): Promise<ZipInspectionResult> {
  return inspectBuffer(await buildZipWithYazl(entries), l);
}

/** Raw zip whose first entry is `bad`, followed by a valid manifest + scripts. */
function rawWith(bad: RawEntry[]): Buffer {
  return buildRawZip([
    ...bad,
    { name: MANIFEST, data: manifestJson() },
    { name: 'migrations/up.php', data: 'up' },
    { name: 'migrations/down.php', data: 'down' },
  ]);
}

function expectFailure(
  result: ZipInspectionResult,
  code: string,
  entry?: string,
): asserts result is Extract<ZipInspectionResult, { ok: false }> {
  if (result.ok) throw new Error(`expected ${code}, got ok`);
  expect(result.code).toBe(code);
  expect(typeof result.message).toBe('string');
  expect(result.message.length).toBeGreaterThan(0);
  if (entry !== undefined) expect(result.entry).toBe(entry);
}

describe('inspectZip: happy path', () => {
  it('accepts a valid artifact and reports entries, files, real uncompressed size and the manifest', async () => {
    const readme = 'hello '.repeat(1000);
    const binary = randomBytes(4096);
    const result = await inspectYazl([
      { name: MANIFEST, data: manifestJson({ extra: 'ignored' }) },
      { name: 'src/', directory: true },
      { name: 'src/Module.php', data: readme },
      { name: 'assets/logo.bin', data: binary, compress: false },
      ...SCRIPTS,
    ]);
    if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
    expect(result.entries).toBe(6);
    expect(result.files).toEqual([MANIFEST, 'src/Module.php', 'assets/logo.bin', 'migrations/up.php', 'migrations/down.php']);
    expect(result.uncompressedBytes).toBe(
      Buffer.byteLength(manifestJson({ extra: 'ignored' })) + readme.length + binary.length + '<?php // up'.length + '<?php // down'.length,
    );
    expect(result.manifest).toEqual(validManifest); // unknown "extra" field dropped
  });

  it('accepts a hand-built archive (stored + deflated, "./" prefixed names)', async () => {
    const zip = buildRawZip([
      { name: `./${MANIFEST}`, data: manifestJson({ update: undefined, dependencies: undefined }), method: 0 },
      { name: 'lib/a.txt', data: 'a'.repeat(100) },
    ]);
    const result = await inspectBuffer(zip);
    if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
    expect(result.files).toEqual([MANIFEST, 'lib/a.txt']);
    expect(result.manifest.slug).toBe('acme-blog');
  });
});

describe('inspectZip: not a zip / too large', () => {
  it('refuses a text file', async () => {
    expectFailure(await inspectBuffer(Buffer.from('this is definitely not a zip archive, just text')), 'ARTIFACT_NOT_ZIP');
  });
  it('refuses an empty file', async () => {
    expectFailure(await inspectBuffer(Buffer.alloc(0)), 'ARTIFACT_NOT_ZIP');
  });
  it('refuses a truncated zip (no end of central directory)', async () => {
    const zip = await buildZipWithYazl([{ name: MANIFEST, data: manifestJson() }, ...SCRIPTS]);
    expectFailure(await inspectBuffer(zip.subarray(0, Math.floor(zip.length / 2))), 'ARTIFACT_NOT_ZIP');
  });
  it('refuses data prepended to a zip (polyglot / self-extractor)', async () => {
    const zip = buildRawZip([{ name: MANIFEST, data: manifestJson() }], { prefix: Buffer.from('#!/bin/sh\nexit 0\n') });
    expectFailure(await inspectBuffer(zip), 'ARTIFACT_NOT_ZIP');
  });
  it('refuses an archive bigger than maxUploadBytes', async () => {
    const zip = await buildZipWithYazl([{ name: MANIFEST, data: manifestJson() }, ...SCRIPTS]);
    expectFailure(await inspectBuffer(zip, limits({ maxUploadBytes: 100 })), 'ARTIFACT_TOO_LARGE');
  });
});

describe('inspectZip: entry names', () => {
  it.each([
    ['/abs.txt', 'ARTIFACT_ABSOLUTE_PATH'],
    ['/etc/passwd', 'ARTIFACT_ABSOLUTE_PATH'],
    ['C:\\Windows\\evil.dll', 'ARTIFACT_ABSOLUTE_PATH'],
    ['c:/evil.txt', 'ARTIFACT_ABSOLUTE_PATH'],
    ['\\\\server\\share\\evil.txt', 'ARTIFACT_ABSOLUTE_PATH'],
    ['\\evil.txt', 'ARTIFACT_ABSOLUTE_PATH'],
    ['../evil', 'ARTIFACT_PATH_TRAVERSAL'],
    ['a/../../evil', 'ARTIFACT_PATH_TRAVERSAL'],
    ['a/b/../c', 'ARTIFACT_PATH_TRAVERSAL'],
    ['..\\evil', 'ARTIFACT_PATH_TRAVERSAL'],
    ['a\\..\\..\\evil', 'ARTIFACT_PATH_TRAVERSAL'],
    ['a/..', 'ARTIFACT_PATH_TRAVERSAL'],
    ['.. /evil', 'ARTIFACT_PATH_TRAVERSAL'],
    ['a/.../evil', 'ARTIFACT_PATH_TRAVERSAL'],
    ['dir\\file.txt', 'ARTIFACT_INVALID_PATH'],
    ['a\u0000b.txt', 'ARTIFACT_INVALID_PATH'],
    ['bad\nname', 'ARTIFACT_INVALID_PATH'],
  ])('refuses entry %j with %s', async (name, code) => {
    expectFailure(await inspectBuffer(rawWith([{ name, data: 'pwned' }])), code, name);
  });

  it('refuses a traversal hidden in an Info-ZIP Unicode Path extra field', async () => {
    const zip = rawWith([{ name: 'benign.txt', data: 'x', centralExtra: unicodePathExtra('benign.txt', '../evil.txt') }]);
    expectFailure(await inspectBuffer(zip), 'ARTIFACT_PATH_TRAVERSAL', '../evil.txt');
  });

  it('refuses duplicate entries, including after normalisation', async () => {
    expectFailure(
      await inspectBuffer(
        rawWith([
          { name: 'a.txt', data: '1' },
          { name: 'a.txt', data: '2' },
        ]),
      ),
      'ARTIFACT_DUPLICATE_ENTRY',
      'a.txt',
    );
    expectFailure(
      await inspectBuffer(
        rawWith([
          { name: 'a.txt', data: '1' },
          { name: './a.txt', data: '2' },
        ]),
      ),
      'ARTIFACT_DUPLICATE_ENTRY',
      './a.txt',
    );
    // A second manifest is the classic "which one wins" ambiguity.
    expectFailure(
      await inspectBuffer(rawWith([{ name: MANIFEST, data: manifestJson({ slug: 'other' }) }])),
      'ARTIFACT_DUPLICATE_ENTRY',
      MANIFEST,
    );
  });

  it('checkEntryName accepts ordinary names', () => {
    for (const name of ['a.txt', 'src/Module.php', 'dir/', './x', 'a/./b', 'a..b/c', '.hidden', 'x/.well-known/y']) {
      expect(checkEntryName(name)).toBeNull();
    }
  });
});

describe('inspectZip: entry types and flags', () => {
  it('refuses a symlink entry (yazl mode 0o120777)', async () => {
    const result = await inspectYazl([
      { name: MANIFEST, data: manifestJson() },
      ...SCRIPTS,
      { name: 'link', data: '/etc/passwd', mode: 0o120777 },
    ]);
    expectFailure(result, 'ARTIFACT_SYMLINK', 'link');
  });

  it('refuses an entry with the traditional encryption flag (bit 0)', async () => {
    expectFailure(
      await inspectBuffer(rawWith([{ name: 'secret.php', data: 'x'.repeat(50), flags: 0x0801 }])),
      'ARTIFACT_ENCRYPTED',
      'secret.php',
    );
  });

  it('refuses an entry with the strong encryption flag (bit 6)', async () => {
    expectFailure(await inspectBuffer(rawWith([{ name: 'secret.php', data: 'x', flags: 0x0841 }])), 'ARTIFACT_ENCRYPTED');
  });

  it('refuses an entry encrypted only according to its local header', async () => {
    expectFailure(
      await inspectBuffer(rawWith([{ name: 'secret.php', data: 'x', localFlags: 0x0801 }])),
      'ARTIFACT_ENCRYPTED',
      'secret.php',
    );
  });

  it('refuses an unsupported compression method', async () => {
    expectFailure(await inspectBuffer(rawWith([{ name: 'a.bz2', data: 'x', method: 12 }])), 'ARTIFACT_UNSUPPORTED_COMPRESSION', 'a.bz2');
  });
});

describe('inspectZip: size limits and zip bombs', () => {
  it('refuses more entries than maxEntries from the central directory count, before reading any data', async () => {
    // The entries' data is garbage: if any were read, the result would be ARTIFACT_CORRUPT.
    const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff]);
    const zip = buildRawZip(Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.txt`, data: 'hello', storedBytes: garbage })));
    expectFailure(await inspectBuffer(zip, limits({ maxEntries: 3 })), 'ARTIFACT_TOO_MANY_ENTRIES');
    // Same archive under the default limit is read and found corrupt.
    expectFailure(await inspectBuffer(zip), 'ARTIFACT_CORRUPT');
  });

  it('refuses more entries than maxEntries (yazl archive)', async () => {
    const files = Array.from({ length: 10 }, (_, i) => ({ name: `f${i}.txt`, data: `file ${i}` }));
    expectFailure(
      await inspectYazl([{ name: MANIFEST, data: manifestJson() }, ...SCRIPTS, ...files], limits({ maxEntries: 5 })),
      'ARTIFACT_TOO_MANY_ENTRIES',
    );
  });

  it('refuses a declared total uncompressed size above the limit', async () => {
    const result = await inspectYazl(
      [
        { name: MANIFEST, data: manifestJson() },
        ...SCRIPTS,
        { name: 'a.bin', data: randomBytes(3000) },
        { name: 'b.bin', data: randomBytes(3000) },
      ],
      limits({ maxUncompressedBytes: 5000 }),
    );
    expectFailure(result, 'ARTIFACT_TOO_LARGE_UNCOMPRESSED', 'b.bin');
  });

  it('refuses a zip bomb by per-entry compression ratio (20 MB of zeros) without inflating it', async () => {
    const zip = await buildZipWithYazl([
      { name: MANIFEST, data: manifestJson() },
      ...SCRIPTS,
      { name: 'zeros.bin', data: Buffer.alloc(20 * 1024 * 1024) },
    ]);
    expect(zip.length).toBeLessThan(100 * 1024); // it really is a bomb
    const started = Date.now();
    const result = await inspectBuffer(zip);
    expectFailure(result, 'ARTIFACT_COMPRESSION_RATIO', 'zeros.bin');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a zip bomb by whole-archive ratio (many entries each under the per-entry threshold)', async () => {
    const entries: YazlEntry[] = Array.from({ length: 12 }, (_, i) => ({ name: `z${i}.bin`, data: Buffer.alloc(1000 * 1000) }));
    const result = await inspectYazl([{ name: MANIFEST, data: manifestJson() }, ...SCRIPTS, ...entries]);
    expectFailure(result, 'ARTIFACT_COMPRESSION_RATIO');
    expect(result.entry).toBeUndefined();
    expect(result.message).toMatch(/archive of \d+ bytes expands to/);
  });

  it('does not flag small, highly compressible files', async () => {
    const result = await inspectYazl([
      { name: MANIFEST, data: manifestJson() },
      ...SCRIPTS,
      { name: 'spaces.txt', data: ' '.repeat(200_000) },
    ]);
    expect(result.ok).toBe(true);
  });
});

describe('inspectZip: lying sizes', () => {
  /** Builds a yazl zip and rewrites the declared uncompressed size of `target`. */
  async function patchedYazlZip(
    target: string,
    data: Buffer,
    patch: (zip: Buffer, localOffset: number, centralOffset: number) => void,
  ): Promise<Buffer> {
    const zip = Buffer.from(await buildZipWithYazl([{ name: MANIFEST, data: manifestJson() }, ...SCRIPTS, { name: target, data }]));
    for (const cdOffset of centralHeaderOffsets(zip)) {
      const nameLen = zip.readUInt16LE(cdOffset + 28);
      if (zip.toString('utf8', cdOffset + 46, cdOffset + 46 + nameLen) === target) {
        patch(zip, zip.readUInt32LE(cdOffset + 42), cdOffset);
        return zip;
      }
    }
    throw new Error('target not found');
  }

  it('detects data longer than the declared size (central + local both lie: caught while counting bytes)', async () => {
    const data = Buffer.from('A'.repeat(5000));
    const zip = await patchedYazlZip('lies.txt', data, (z, local, central) => {
      z.writeUInt32LE(100, central + 24);
      z.writeUInt32LE(100, local + 22);
    });
    expectFailure(await inspectBuffer(zip), 'ARTIFACT_SIZE_MISMATCH', 'lies.txt');
  });

  it('detects data shorter than the declared size', async () => {
    const data = Buffer.from('B'.repeat(5000));
    const zip = await patchedYazlZip('short.txt', data, (z, local, central) => {
      z.writeUInt32LE(6000, central + 24);
      z.writeUInt32LE(6000, local + 22);
    });
    expectFailure(await inspectBuffer(zip), 'ARTIFACT_SIZE_MISMATCH', 'short.txt');
  });

  it('detects a central directory that disagrees with the local header', async () => {
    const zip = await patchedYazlZip('cd-lies.txt', Buffer.from('C'.repeat(5000)), (z, _local, central) => {
      z.writeUInt32LE(100, central + 24);
    });
    expectFailure(await inspectBuffer(zip), 'ARTIFACT_SIZE_MISMATCH', 'cd-lies.txt');
  });

  it('detects a STORED entry whose compressed and uncompressed sizes differ', async () => {
    const zip = rawWith([{ name: 'stored.bin', data: 'x'.repeat(64), method: 0, centralUncompressedSize: 10, localUncompressedSize: 10 }]);
    expectFailure(await inspectBuffer(zip), 'ARTIFACT_SIZE_MISMATCH');
  });

  it('detects a "lying" bomb: 20 MB of zeros declared as 1 KB (ratio looks harmless)', async () => {
    const zip = rawWith([
      { name: 'tiny.txt', data: Buffer.alloc(20 * 1024 * 1024), centralUncompressedSize: 1024, localUncompressedSize: 1024 },
    ]);
    const started = Date.now();
    expectFailure(await inspectBuffer(zip), 'ARTIFACT_SIZE_MISMATCH', 'tiny.txt');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('inspectZip: corrupt data', () => {
  it('detects a CRC-32 mismatch', async () => {
    expectFailure(await inspectBuffer(rawWith([{ name: 'a.txt', data: 'hello world', crc: 0x12345678 }])), 'ARTIFACT_CORRUPT', 'a.txt');
  });
  it('detects invalid deflate data', async () => {
    expectFailure(
      await inspectBuffer(rawWith([{ name: 'a.txt', data: 'hello', storedBytes: Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]) }])),
      'ARTIFACT_CORRUPT',
      'a.txt',
    );
  });
  it('detects a local header naming a different file than the central directory', async () => {
    expectFailure(await inspectBuffer(rawWith([{ name: 'a.txt', localName: '../x.tx', data: 'hello' }])), 'ARTIFACT_CORRUPT', 'a.txt');
  });
});

describe('inspectZip: archive layout', () => {
  it('accepts entries written with data descriptors (yazl addReadStream)', async () => {
    const result = await inspectYazl([
      { name: MANIFEST, data: manifestJson(), stream: true },
      { name: 'migrations/up.php', data: 'up', stream: true },
      { name: 'migrations/down.php', data: randomBytes(5000), stream: true, compress: false },
    ]);
    if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
    expect(result.entries).toBe(3);
  });

  it('refuses a local entry hidden from the central directory (seen by streaming extractors)', async () => {
    const zip = rawWith([
      { name: 'a.txt', data: 'a' },
      { name: '../../evil.php', data: '<?php system($_GET["c"]);', hidden: true },
      { name: 'b.txt', data: 'b' },
    ]);
    const result = await inspectBuffer(zip);
    expectFailure(result, 'ARTIFACT_CORRUPT', 'b.txt');
    expect(result.message).toMatch(/unreferenced bytes precede entry "b.txt"/);
  });

  it('refuses unreferenced bytes before the central directory', async () => {
    const zip = buildRawZip([{ name: MANIFEST, data: manifestJson({ update: undefined }) }], { beforeCentral: Buffer.from('smuggled') });
    const result = await inspectBuffer(zip);
    expectFailure(result, 'ARTIFACT_CORRUPT');
    expect(result.message).toMatch(/8 unreferenced bytes precede the central directory/);
  });

  it("refuses overlapping entries (one entry's data contains the next entry)", async () => {
    const b = { name: 'b.txt', data: 'bbbb', method: 0 };
    const spanned = 4 + 30 + b.name.length + b.data.length; // A's data swallows B's header + data
    const zip = buildRawZip([
      {
        name: 'a.txt',
        data: 'aaaa',
        method: 0,
        centralCompressedSize: spanned,
        centralUncompressedSize: spanned,
        localCompressedSize: spanned,
        localUncompressedSize: spanned,
      },
      b,
      { name: MANIFEST, data: manifestJson({ update: undefined }) },
    ]);
    const result = await inspectBuffer(zip);
    expectFailure(result, 'ARTIFACT_CORRUPT', 'b.txt');
    expect(result.message).toMatch(/overlaps the data of "a.txt"/);
  });
});

describe('inspectZip: manifest', () => {
  it('MANIFEST_MISSING when there is no manifest', async () => {
    const result = await inspectYazl([{ name: 'README.md', data: 'hi' }]);
    expectFailure(result, 'MANIFEST_MISSING');
  });

  it('MANIFEST_MISSING names a manifest that is not at the root', async () => {
    const result = await inspectYazl([{ name: `pkg/${MANIFEST}`, data: manifestJson() }]);
    expectFailure(result, 'MANIFEST_MISSING');
    expect(result.message).toContain(`pkg/${MANIFEST}`);
  });

  it('MANIFEST_INVALID for invalid JSON', async () => {
    const result = await inspectYazl([{ name: MANIFEST, data: '{"slug": ' }]);
    expectFailure(result, 'MANIFEST_INVALID', MANIFEST);
    expect(result.message).toMatch(/not valid JSON/);
  });

  it('MANIFEST_INVALID names the bad field', async () => {
    const result = await inspectYazl([
      { name: MANIFEST, data: manifestJson({ core: [{ software: 'Web Kernel', min: '1.0.0' }] }) },
      ...SCRIPTS,
    ]);
    expectFailure(result, 'MANIFEST_INVALID');
    expect(result.field).toBe('core[0].software');
    expect(result.message).toContain('core[0].software');
  });

  it('MANIFEST_INVALID when an update script is not in the archive', async () => {
    const result = await inspectYazl([{ name: MANIFEST, data: manifestJson() }, SCRIPTS[0]]);
    expectFailure(result, 'MANIFEST_INVALID');
    expect(result.field).toBe('update.rollbackScript');
    expect(result.message).toContain('migrations/down.php');
  });

  it('MANIFEST_INVALID when an update script names a directory', async () => {
    const result = await inspectYazl([
      { name: MANIFEST, data: manifestJson({ update: { migrationScript: 'migrations/' } }) },
      { name: 'migrations/', directory: true },
    ]);
    expectFailure(result, 'MANIFEST_INVALID');
    expect(result.field).toBe('update.migrationScript');
  });

  it('MANIFEST_INVALID when the manifest exceeds 64 KiB', async () => {
    const big = manifestJson({ padding: 'x'.repeat(70 * 1024) });
    const result = await inspectYazl([{ name: MANIFEST, data: big }, ...SCRIPTS]);
    expectFailure(result, 'MANIFEST_INVALID');
    expect(result.message).toMatch(/larger than 65536 bytes/);
  });
});

describe('inspectZip: resources', () => {
  function openFds(): number {
    return readdirSync('/proc/self/fd').length;
  }

  it('never leaves file descriptors open, on success or on any failure path', async () => {
    const fixtures: Buffer[] = [
      await buildZipWithYazl([{ name: MANIFEST, data: manifestJson() }, ...SCRIPTS]),
      Buffer.from('not a zip at all, not at all'),
      rawWith([{ name: '../evil', data: 'x' }]),
      rawWith([{ name: 'a.txt', data: 'hello', storedBytes: Buffer.from([0xff, 0xff, 0xff]) }]),
      rawWith([{ name: 'tiny.txt', data: Buffer.alloc(2 * 1024 * 1024), centralUncompressedSize: 10, localUncompressedSize: 10 }]),
      await buildZipWithYazl([{ name: 'zeros.bin', data: Buffer.alloc(5 * 1024 * 1024) }]),
      await buildZipWithYazl([{ name: MANIFEST, data: '[]' }]),
    ];
    const paths = await Promise.all(fixtures.map((f) => writeTempFile(dir, f)));
    // Warm up (lazy module loading may open files once).
    for (const p of paths) await inspectZip(p, limits());
    const before = openFds();
    for (let round = 0; round < 3; round++) {
      for (const p of paths) await inspectZip(p, limits());
    }
    expect(openFds()).toBeLessThanOrEqual(before);
  });

  it('rejects (does not resolve a failure) when the file does not exist', async () => {
    await expect(inspectZip(`${dir}/does-not-exist.zip`, limits())).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
