/**
 * Reads a module archive's files for the checks, in memory and without extracting anything to
 * disk. Only archives that passed inspection are read (entry names, sizes and ratios are safe);
 * files above `maxTextBytes` or with binary content are listed but not scanned as text.
 */
import * as yauzl from 'yauzl';
import { normaliseEntryName } from '../artifacts';
import type { TextFile } from './review-findings';

export interface ArchiveFile {
  path: string;
  size: number;
}

export interface ArchiveContents {
  files: ArchiveFile[];
  texts: TextFile[];
}

const TEXT_SNIFF = 8000;

function openZip(filePath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(filePath, { lazyEntries: true, autoClose: false, decodeStrings: true }, (err, zip) => (err ? reject(err) : resolve(zip!))),
  );
}

/** `include`: which files to read as text (default: all); the others are only listed. */
export async function readArchive(
  filePath: string,
  maxTextBytes: number,
  include: (path: string) => boolean = () => true,
): Promise<ArchiveContents> {
  const zip = await openZip(filePath);
  const files: ArchiveFile[] = [];
  const texts: TextFile[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = normaliseEntryName(entry.fileName);
        if (name.endsWith('/')) return void zip.readEntry();
        files.push({ path: name, size: entry.uncompressedSize });
        if (entry.uncompressedSize > maxTextBytes || !include(name)) return void zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error('unreadable entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            const buf = Buffer.concat(chunks);
            if (!buf.subarray(0, TEXT_SNIFF).includes(0)) {
              const text = buf.toString('utf8').replace(/\r\n?/g, '\n');
              texts.push({ path: name, text, lines: text.split('\n') });
            }
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return { files, texts };
}
