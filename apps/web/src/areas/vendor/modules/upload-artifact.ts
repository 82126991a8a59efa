/**
 * Uploads a version's zip to POST /api/vendor/modules/:id/artifacts with XMLHttpRequest, whose
 * upload progress events drive a real progress bar (fetch has none for request bodies).
 * The session cookie authenticates; the `x-wk-upload` header is the CSRF guard the server requires.
 */
export interface UploadedVersion {
  id: number;
  moduleId: number;
  moduleSlug: string;
  version: string;
  channel: string;
  status: string;
  stage: 'DRAFT' | 'IN_REVIEW' | 'APPROVED' | 'REJECTED';
  sha256: string;
  sizeBytes: number;
  filename: string;
  entries: number;
  uncompressedBytes: number;
  manifest: Record<string, unknown>;
}

export interface UploadError {
  code: string;
  field: string | null;
  message: string;
  entry?: string;
}

export type UploadResult =
  { ok: true; version: UploadedVersion; submitted: boolean } | { ok: false; status: number; errors: UploadError[] };

export interface UploadHandle {
  promise: Promise<UploadResult>;
  abort: () => void;
}

export function uploadArtifact(
  moduleId: number,
  file: File,
  fields: Record<string, string>,
  onProgress: (loaded: number, total: number) => void,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadResult>((resolve) => {
    xhr.open('POST', `/api/vendor/modules/${moduleId}/artifacts`);
    xhr.setRequestHeader('x-wk-upload', '1');
    xhr.withCredentials = true;
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as { version?: UploadedVersion; submitted?: boolean; errors?: UploadError[] } | null;
      if (xhr.status === 201 && body?.version) resolve({ ok: true, version: body.version, submitted: !!body.submitted });
      else {
        const errors = body?.errors?.length
          ? body.errors
          : [
              {
                code: 'UPLOAD_FAILED',
                field: null,
                message: xhr.status === 413 ? 'The file is larger than the upload limit.' : `The upload failed (HTTP ${xhr.status}).`,
              },
            ];
        resolve({ ok: false, status: xhr.status, errors });
      }
    };
    xhr.onerror = () =>
      resolve({
        ok: false,
        status: 0,
        errors: [{ code: 'NETWORK', field: null, message: 'The connection was lost during the upload. Check your network and try again.' }],
      });
    xhr.onabort = () => resolve({ ok: false, status: 0, errors: [{ code: 'ABORTED', field: null, message: 'Upload cancelled.' }] });
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) if (v !== '') form.append(k, v);
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
