/** Budgets and timeouts of the automated checks (REVIEW_* variables, read in core/config.ts; README "Automated review"). */
import { KiB, MiB } from '../artifacts';

export interface ReviewLimits {
  /** Budget: the archive's size (bytes). REVIEW_MAX_ARCHIVE_BYTES. */
  maxArchiveBytes: number;
  /** Budget: number of files. REVIEW_MAX_FILES. */
  maxFiles: number;
  /** Budget: the largest file (bytes, uncompressed). REVIEW_MAX_FILE_BYTES. */
  maxFileBytes: number;
  /** Dangerous code: a code line longer than this is a minified blob. REVIEW_MAX_LINE_CHARS. */
  maxLineChars: number;
  /** Files larger than this are not scanned as text (they are still listed and budgeted). */
  maxTextBytes: number;
  /** A check that runs longer than this errors (and counts as failed). REVIEW_CHECK_TIMEOUT_MS. */
  checkTimeoutMs: number;
}

export const DEFAULT_REVIEW_LIMITS: Readonly<ReviewLimits> = Object.freeze({
  maxArchiveBytes: 20 * MiB,
  maxFiles: 2000,
  maxFileBytes: 5 * MiB,
  maxLineChars: 5000,
  maxTextBytes: 2 * MiB,
  checkTimeoutMs: 120_000,
});

export const formatBytes = (n: number) => (n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : n >= KiB ? `${(n / KiB).toFixed(1)} KiB` : `${n} B`);
