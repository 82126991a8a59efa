import { useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@apollo/client/react';
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Checkbox,
  Code,
  FileInput,
  Group,
  List,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconCircleCheck, IconFileZip, IconUpload } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { QueryStates } from '../../../shared/components/page-states';
import { NotFoundPage } from '../../../shared/pages/not-found.page';
import { hasErrorCode } from '../../../shared/errors/describe-error';
import { VendorModuleQuery } from './graphql/vendor-module.query';
import { MarkdownEditor } from '../components/markdown';
import { formatBytes, uploadArtifact, type UploadError, type UploadedVersion, type UploadHandle } from './upload-artifact';

interface ManifestShape {
  slug?: string;
  version?: string;
  core?: { software: string; min: string; max?: string | null }[];
  dependencies?: { module: string; minVersion: string; required: boolean; type: string }[];
  update?: { migrationScript?: string; rollbackScript?: string };
}

/** Upload a version's zip with a real progress bar, then see what the server read from it. */
export function VersionUploadPage() {
  const moduleId = Number(useParams().moduleId);
  const query = useQuery(VendorModuleQuery, { variables: { id: moduleId }, skip: !Number.isSafeInteger(moduleId) });
  if (!Number.isSafeInteger(moduleId) || hasErrorCode(query.error, 'NOT_FOUND')) return <NotFoundPage />;
  return (
    <QueryStates query={query}>
      {(d) => (
        <UploadForm
          moduleId={moduleId}
          moduleName={d.vendorModule.name}
          moduleSlug={d.vendorModule.slug}
          latest={d.vendorModule.versions[0]?.version ?? null}
        />
      )}
    </QueryStates>
  );
}

function UploadForm({
  moduleId,
  moduleName,
  moduleSlug,
  latest,
}: {
  moduleId: number;
  moduleName: string;
  moduleSlug: string;
  latest: string | null;
}) {
  // "Upload a fixed archive" from a draft's checks: the new archive replaces that draft.
  const replace = useSearchParams()[0].get('replace');
  const [file, setFile] = useState<File | null>(null);
  const [version, setVersion] = useState(replace ?? '');
  const [changelog, setChangelog] = useState('');
  const [channel, setChannel] = useState<'stable' | 'beta'>('stable');
  const [compatible, setCompatible] = useState(true);
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const [errors, setErrors] = useState<UploadError[]>([]);
  const [result, setResult] = useState<UploadedVersion | null>(null);
  const handle = useRef<UploadHandle | null>(null);

  const fieldError = (f: string) => errors.find((e) => e.field === f)?.message;
  const general = errors.filter((e) => !['file', 'version', 'changelog', 'channel'].includes(e.field ?? ''));
  const uploading = progress !== null && !result && errors.length === 0;

  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!file) return setErrors([{ code: 'REQUIRED', field: 'file', message: 'Choose the .zip of the version.' }]);
    setErrors([]);
    setResult(null);
    setProgress({ loaded: 0, total: file.size });
    handle.current = uploadArtifact(
      moduleId,
      file,
      {
        version: version.trim(),
        changelog,
        channel,
        isCompatibleWithPrevious: String(compatible),
        ...(replace ? { replaceDraft: 'true' } : {}),
      },
      (loaded, total) => setProgress({ loaded, total }),
    );
    const r = await handle.current.promise;
    handle.current = null;
    if (r.ok) {
      setResult(r.version);
      notifications.show({ color: 'green', title: 'Version uploaded', message: `${moduleName} ${r.version.version} is saved as a draft.` });
    } else {
      setErrors(r.errors);
      setProgress(null);
    }
  };

  const pct = progress && progress.total ? Math.round((progress.loaded / progress.total) * 100) : 0;
  const manifest = (result?.manifest ?? null) as ManifestShape | null;

  return (
    <>
      <Breadcrumbs mb="sm" aria-label="Breadcrumb">
        <Anchor component={Link} to="/vendor" size="sm">
          Vendor portal
        </Anchor>
        <Anchor component={Link} to={`/vendor/modules/${moduleId}`} size="sm">
          {moduleName}
        </Anchor>
        <span aria-current="page">Upload a version</span>
      </Breadcrumbs>
      <PageHeader
        title={`Upload a version of ${moduleName}`}
        description={
          <>
            A .zip with <Code>webkernel-module.json</Code> at its root (slug <Code>{moduleSlug}</Code>)
            {latest ? `; the version must be greater than ${latest}` : ''}. The server checks the archive, computes its SHA-256 and reads
            the manifest.
          </>
        }
      />
      {!result && (
        <form onSubmit={start} aria-label="Upload a version">
          <Stack gap="md" maw={760}>
            <FileInput
              label="Archive (.zip)"
              required
              accept=".zip,application/zip"
              placeholder="Choose a file"
              leftSection={<IconFileZip size={16} aria-hidden />}
              value={file}
              onChange={(f) => {
                setFile(f);
                setErrors([]);
              }}
              error={fieldError('file')}
              disabled={uploading}
              clearable
            />
            <Group grow align="flex-start" wrap="wrap">
              <TextInput
                label="Version"
                description="Optional: checked against the manifest."
                placeholder="1.2.0"
                value={version}
                onChange={(e) => setVersion(e.currentTarget.value)}
                error={fieldError('version')}
                disabled={uploading}
                miw={180}
              />
              <Stack gap={4} miw={180}>
                <Text size="sm" fw={500} id="channel-label">
                  Channel
                </Text>
                <SegmentedControl
                  aria-labelledby="channel-label"
                  value={channel}
                  onChange={(v) => setChannel(v as 'stable' | 'beta')}
                  data={[
                    { value: 'stable', label: 'Stable' },
                    { value: 'beta', label: 'Beta' },
                  ]}
                  disabled={uploading}
                />
              </Stack>
            </Group>
            <MarkdownEditor
              label="Changelog"
              description="What changed, in Markdown. Required before submitting."
              value={changelog}
              onChange={setChangelog}
              error={fieldError('changelog')}
              disabled={uploading}
            />
            <Checkbox
              label="Compatible with the previous version (no breaking change)"
              checked={compatible}
              onChange={(e) => setCompatible(e.currentTarget.checked)}
              disabled={uploading}
            />
            {progress && (
              <Stack gap={4} data-testid="upload-progress">
                <Group justify="space-between">
                  <Text size="sm">{pct < 100 ? 'Uploading…' : 'Checking the archive…'}</Text>
                  <Text size="sm" c="dimmed">
                    {formatBytes(progress.loaded)} / {formatBytes(progress.total)} · {pct} %
                  </Text>
                </Group>
                <Progress
                  value={pct}
                  size="lg"
                  striped
                  animated={pct < 100}
                  aria-label="Upload progress"
                  aria-valuenow={pct}
                  aria-valuemin={0}
                  aria-valuemax={100}
                />
              </Stack>
            )}
            {general.length > 0 && (
              <Alert
                color="red"
                variant="light"
                icon={<IconAlertCircle aria-hidden />}
                title="The archive was refused; nothing was stored"
                role="alert"
                data-testid="upload-errors"
              >
                <List size="sm">
                  {general.map((e, i) => (
                    <List.Item key={i}>
                      <Code>{e.code}</Code> {e.message}
                      {e.entry ? (
                        <>
                          {' '}
                          (entry <Code>{e.entry}</Code>)
                        </>
                      ) : null}
                      {e.field && e.field !== 'file' ? (
                        <>
                          {' '}
                          —{' '}
                          <Text span c="dimmed" size="xs">
                            {e.field}
                          </Text>
                        </>
                      ) : null}
                    </List.Item>
                  ))}
                </List>
              </Alert>
            )}
            <Group>
              <Button type="submit" leftSection={<IconUpload size={16} aria-hidden />} loading={uploading}>
                Upload
              </Button>
              {uploading && (
                <Button variant="default" onClick={() => handle.current?.abort()}>
                  Cancel
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      )}
      {result && manifest && (
        <Stack gap="md" data-testid="upload-result">
          <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title={`${moduleName} ${result.version} uploaded`}>
            It is a draft: check what the server read, adjust details if needed, then submit it for review.
          </Alert>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder padding="lg">
              <Title order={2} fz="md" mb="sm">
                Archive
              </Title>
              <Table variant="vertical" withRowBorders={false} aria-label="Archive">
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th w={140}>File</Table.Th>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{result.filename}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Size</Table.Th>
                    <Table.Td>
                      {formatBytes(result.sizeBytes)} ({result.entries} entries, {formatBytes(result.uncompressedBytes)} unpacked)
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>SHA-256</Table.Th>
                    <Table.Td>
                      <Code fz="xs" style={{ overflowWrap: 'anywhere' }} data-testid="upload-sha256">
                        {result.sha256}
                      </Code>
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Channel</Table.Th>
                    <Table.Td>{result.channel}</Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </Card>
            <Card withBorder padding="lg" data-testid="manifest">
              <Title order={2} fz="md" mb="sm">
                Manifest
              </Title>
              <Table variant="vertical" withRowBorders={false} aria-label="Manifest">
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th w={140}>Slug</Table.Th>
                    <Table.Td>{manifest.slug}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Version</Table.Th>
                    <Table.Td>{manifest.version}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Core</Table.Th>
                    <Table.Td>{(manifest.core ?? []).map((c) => `${c.software} ${c.min} – ${c.max ?? 'any'}`).join('; ')}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Dependencies</Table.Th>
                    <Table.Td>
                      {manifest.dependencies?.length
                        ? manifest.dependencies
                            .map((dep) => `${dep.module} ≥ ${dep.minVersion} (${dep.required ? 'required' : 'optional'}, ${dep.type})`)
                            .join('; ')
                        : 'none'}
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Update scripts</Table.Th>
                    <Table.Td>
                      {manifest.update
                        ? [manifest.update.migrationScript, manifest.update.rollbackScript].filter(Boolean).join(', ') || 'none'
                        : 'none'}
                    </Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </Card>
          </SimpleGrid>
          {errors.length > 0 && (
            <Alert color="red" variant="light" title="Not submitted" role="alert">
              <List size="sm">
                {errors.map((e, i) => (
                  <List.Item key={i}>{e.message}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Group>
            <Button component={Link} to={`/vendor/versions/${result.id}`}>
              See the automated checks and submit
            </Button>
            <Button component={Link} to={`/vendor/versions/${result.id}`} variant="default">
              Edit details first
            </Button>
          </Group>
        </Stack>
      )}
    </>
  );
}
