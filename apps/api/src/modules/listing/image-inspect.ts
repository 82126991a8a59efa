import { open } from 'node:fs/promises';
import type Sharp from 'sharp';
import { ListingErrorCode as E, SCREENSHOT_BOX, SCREENSHOT_MAX_PIXELS, SCREENSHOT_MAX_SIDE, SCREENSHOT_MIN_SIDE } from './listing.errors';

export type ImageKind = 'png' | 'jpeg' | 'webp';

/** The image type from the file's first bytes (never from its name or declared type). */
export function sniffImage(head: Buffer): ImageKind | null {
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

export type ProcessedImage =
  | { ok: true; kind: ImageKind; width: number; height: number; bytes: number; sourceWidth: number; sourceHeight: number }
  | { ok: false; code: string; message: string };

/**
 * Checks a screenshot and re-encodes it: the content must be PNG, JPEG or WebP; the header's
 * dimensions are checked before any pixel is decoded (a small file declaring a huge canvas is a
 * decompression bomb), then sharp decodes it with a pixel limit, applies EXIF orientation, strips
 * metadata, fits it into SCREENSHOT_BOX and writes WebP to `outPath`.
 */
let sharpModule: Promise<typeof Sharp> | undefined;
/**
 * sharp (libvips) is loaded by the first image, not at start: about 20 MiB of memory that a process
 * which never sees an upload does not pay (issue 16). libvips' operation cache is off: every
 * screenshot is a new file read once, so the cache would only hold memory.
 */
function loadSharp(): Promise<typeof Sharp> {
  return (sharpModule ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    return sharp;
  }));
}

export async function processScreenshot(inPath: string, outPath: string): Promise<ProcessedImage> {
  const fh = await open(inPath, 'r');
  const head = Buffer.alloc(16);
  try {
    await fh.read(head, 0, 16, 0);
  } finally {
    await fh.close();
  }
  const kind = sniffImage(head);
  if (!kind)
    return { ok: false, code: E.IMAGE_TYPE_UNSUPPORTED, message: 'Upload a PNG, JPEG or WebP image (the file content is not one).' };
  const sharp = await loadSharp();
  let meta: Sharp.Metadata;
  try {
    // Reads the header only; limitInputPixels: false so that the size check below gives the clear error.
    meta = await sharp(inPath, { limitInputPixels: false }).metadata();
  } catch {
    return { ok: false, code: E.IMAGE_INVALID, message: 'This image could not be read; it may be damaged.' };
  }
  if (meta.format !== kind || !meta.width || !meta.height)
    return { ok: false, code: E.IMAGE_INVALID, message: 'This image could not be read; it may be damaged.' };
  if (meta.width > SCREENSHOT_MAX_SIDE || meta.height > SCREENSHOT_MAX_SIDE || meta.width * meta.height > SCREENSHOT_MAX_PIXELS)
    return {
      ok: false,
      code: E.IMAGE_DIMENSIONS_TOO_LARGE,
      message: `The image is ${meta.width} × ${meta.height} pixels; at most ${SCREENSHOT_MAX_SIDE} pixels a side and ${SCREENSHOT_MAX_PIXELS / 1_000_000} megapixels.`,
    };
  if (meta.width < SCREENSHOT_MIN_SIDE || meta.height < SCREENSHOT_MIN_SIDE)
    return {
      ok: false,
      code: E.IMAGE_TOO_SMALL,
      message: `The image is ${meta.width} × ${meta.height} pixels; screenshots need at least ${SCREENSHOT_MIN_SIDE} pixels a side.`,
    };
  try {
    const info = await sharp(inPath, { limitInputPixels: SCREENSHOT_MAX_PIXELS, failOn: 'error', pages: 1 })
      .rotate()
      .resize({ width: SCREENSHOT_BOX.width, height: SCREENSHOT_BOX.height, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toFile(outPath);
    return { ok: true, kind, width: info.width, height: info.height, bytes: info.size, sourceWidth: meta.width, sourceHeight: meta.height };
  } catch {
    return { ok: false, code: E.IMAGE_INVALID, message: 'This image could not be read; it may be damaged.' };
  }
}
