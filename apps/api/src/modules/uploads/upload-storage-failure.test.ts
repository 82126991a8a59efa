/**
 * When the artifact storage fails, the upload answers a masked JSON 500 and leaves no version row
 * and no temp file behind.
 */
import type { ArtifactStorage } from '../artifacts';
import { useTestApp } from '../../test/harness';
import { captureLogs } from '../../test/log-capture';
import { createModule, moduleZip, publishingSandbox, uploadArtifact } from '../publishing/test-support/publishing-fixtures';

const sandbox = publishingSandbox();
const failing: ArtifactStorage = {
  put: async () => {
    throw new Error('disk full at /var/secret/path');
  },
  createReadStream: async () => {
    throw new Error('unavailable');
  },
  exists: async () => false,
  delete: async () => undefined,
  size: async () => 0,
  // eslint-disable-next-line require-yield
  list: async function* () {
    return;
  },
};
const log = captureLogs();
const t = useTestApp({ ...sandbox.options, logger: log.logger, services: { ...sandbox.options.services, storage: failing } });
afterAll(() => sandbox.cleanup());

it('answers 500 without internals, and stores no row and no temp file', async () => {
  const moduleId = await createModule(t, 'alice@acme.test', 2, 'storage-down');
  const r = await uploadArtifact(t, moduleId, await moduleZip({ slug: 'storage-down', version: '1.0.0' }), {
    as: 'alice@acme.test',
    fields: { changelog: 'x', submit: 'true' },
  });
  expect(r.status).toBe(500);
  const requestId = r.headers.get('x-request-id');
  expect(r.body).toEqual({
    errors: [
      {
        code: 'INTERNAL_SERVER_ERROR',
        message: `The upload could not be processed. Try again in a moment (request id ${requestId}).`,
        field: null,
      },
    ],
  });
  expect(JSON.stringify(r.body)).not.toContain('/var/secret');
  expect(await t.prisma.moduleVersion.count({ where: { moduleId } })).toBe(0);
  expect(await t.prisma.moduleValidation.count({ where: { version: { moduleId } } })).toBe(0);
  expect(sandbox.tempFiles()).toEqual([]);
  const logged = log.lines.find((l) => l.reqId === requestId && l.msg === 'upload failed');
  expect(logged?.err?.stack).toContain('disk full at /var/secret/path');
});
