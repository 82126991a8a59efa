import { defineUserErrorType } from '../../core/errors';
/** Expected failures of listing operations (links and screenshots), payload and upload `errors[].code`. */
export const ListingErrorCode = {
  INVALID_URL: 'INVALID_URL',
  INVALID_EMAIL: 'INVALID_EMAIL',
  ALT_TEXT_REQUIRED: 'ALT_TEXT_REQUIRED',
  ALT_TEXT_TOO_LONG: 'ALT_TEXT_TOO_LONG',
  SCREENSHOT_LIMIT: 'SCREENSHOT_LIMIT',
  IMAGE_TYPE_UNSUPPORTED: 'IMAGE_TYPE_UNSUPPORTED',
  IMAGE_INVALID: 'IMAGE_INVALID',
  IMAGE_DIMENSIONS_TOO_LARGE: 'IMAGE_DIMENSIONS_TOO_LARGE',
  IMAGE_TOO_SMALL: 'IMAGE_TOO_SMALL',
  ORDER_MISMATCH: 'ORDER_MISMATCH',
} as const;
export type ListingErrorCode = (typeof ListingErrorCode)[keyof typeof ListingErrorCode];

export const MAX_SCREENSHOTS = 8;
export const SCREENSHOT_MAX_BYTES = 2 * 1024 * 1024;
export const ALT_TEXT_MAX = 200;
/** Larger sides are refused before decoding (decompression bombs); 40 megapixels at most. */
export const SCREENSHOT_MAX_SIDE = 10_000;
export const SCREENSHOT_MAX_PIXELS = 40_000_000;
export const SCREENSHOT_MIN_SIDE = 200;
/** Stored screenshots fit in this box (never enlarged). */
export const SCREENSHOT_BOX = { width: 1600, height: 1200 } as const;

export const ListingError = defineUserErrorType('Listing', ListingErrorCode);
