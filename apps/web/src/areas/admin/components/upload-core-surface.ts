/**
 * Uploads a core release's zip to POST /api/admin/software-cores/:id/api-surface, where the API
 * surface is derived from the archive's webkernel-api.json. The session cookie authenticates; the
 * `x-wk-upload` header is the CSRF guard the server requires.
 */
import type { PayloadError } from '../../../shared/components/form-errors';

export interface SurfaceCounts {
  coreId: number;
  classes: number;
  functions: number;
  hooks: number;
}

export type CoreSurfaceUploadResult = { ok: true; surface: SurfaceCounts } | { ok: false; errors: PayloadError[] };

export async function uploadCoreSurface(coreId: number, file: File): Promise<CoreSurfaceUploadResult> {
  const fd = new FormData();
  fd.append('file', file, file.name);
  try {
    const res = await fetch(`/api/admin/software-cores/${coreId}/api-surface`, {
      method: 'POST',
      body: fd,
      credentials: 'same-origin',
      headers: { 'x-wk-upload': '1' },
    });
    const body = (await res.json().catch(() => null)) as { surface?: SurfaceCounts | null; errors?: PayloadError[] } | null;
    if (res.ok && body?.surface) return { ok: true, surface: body.surface };
    if (body?.errors?.length) return { ok: false, errors: body.errors };
    return {
      ok: false,
      errors: [
        {
          code: 'UPLOAD_FAILED',
          field: 'file',
          message: res.status === 413 ? 'The file is larger than the upload limit.' : `The upload failed (HTTP ${res.status}).`,
        },
      ],
    };
  } catch {
    return { ok: false, errors: [{ code: 'NETWORK', field: null, message: 'The upload failed: check your connection and try again.' }] };
  }
}
