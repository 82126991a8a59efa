/**
 * Uploads a core release's zip to POST /api/admin/software-cores/:id/api-surface, where the API
 * surface is extracted from the archive's PHP code. The session cookie authenticates; the
 * `x-wk-upload` header is the CSRF guard the server requires. XMLHttpRequest (not fetch) so the
 * page can show the upload's progress.
 */
import type { PayloadError } from '../../../shared/components/form-errors';

export interface SurfaceCounts {
  coreId: number;
  classes: number;
  functions: number;
  hooks: number;
}

/** What the server's extraction read: PHP files parsed, public methods, whether webkernel-api.json added names. */
export interface SurfaceExtraction {
  files: number;
  methods: number;
  manifest: boolean;
}

export type CoreSurfaceUploadResult =
  { ok: true; surface: SurfaceCounts; extraction: SurfaceExtraction | null } | { ok: false; errors: PayloadError[] };

/** `onProgress(fraction)` while the file is sent (0 → 1); after 1 the server is extracting. */
export function uploadCoreSurface(coreId: number, file: File, onProgress?: (fraction: number) => void): Promise<CoreSurfaceUploadResult> {
  const fd = new FormData();
  fd.append('file', file, file.name);
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/admin/software-cores/${coreId}/api-surface`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('x-wk-upload', '1');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress?.(1);
    xhr.onerror = () =>
      resolve({
        ok: false,
        errors: [{ code: 'NETWORK', field: null, message: 'The upload failed: check your connection and try again.' }],
      });
    xhr.onload = () => {
      type Body = { surface?: SurfaceCounts | null; extraction?: SurfaceExtraction | null; errors?: PayloadError[] };
      const body = ((): Body | null => {
        try {
          return JSON.parse(xhr.responseText) as Body;
        } catch {
          return null;
        }
      })();
      if (xhr.status >= 200 && xhr.status < 300 && body?.surface)
        return resolve({ ok: true, surface: body.surface, extraction: body.extraction ?? null });
      if (body?.errors?.length) return resolve({ ok: false, errors: body.errors });
      resolve({
        ok: false,
        errors: [
          {
            code: 'UPLOAD_FAILED',
            field: 'file',
            message: xhr.status === 413 ? 'The file is larger than the upload limit.' : `The upload failed (HTTP ${xhr.status}).`,
          },
        ],
      });
    };
    xhr.send(fd);
  });
}
