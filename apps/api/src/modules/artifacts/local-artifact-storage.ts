/** Artifacts in a local directory (ARTIFACT_STORAGE=local, the default; one machine only). */
import { randomUUID } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import {
  ArtifactNotFoundError,
  assertValidArtifactKey,
  InvalidArtifactKeyError,
  type ArtifactStorage,
  type StoredObject,
} from './artifact-storage';

function isErrno(err: unknown, ...codes: string[]): boolean {
  return typeof err === 'object' && err !== null && codes.includes((err as NodeJS.ErrnoException).code ?? '');
}

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

  async *list(prefix: string): AsyncIterable<StoredObject> {
    const walk = async function* (dir: string, rel: string): AsyncGenerator<StoredObject> {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if (isErrno(err, 'ENOENT', 'ENOTDIR')) return;
        throw err;
      }
      for (const e of entries) {
        if (e.name.startsWith('.')) continue; // temp files of put()
        const key = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) yield* walk(path.join(dir, e.name), key);
        else if (e.isFile() && key.startsWith(prefix)) yield { key, lastModified: (await stat(path.join(dir, e.name))).mtime };
      }
    };
    yield* walk(this.rootDir, '');
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
