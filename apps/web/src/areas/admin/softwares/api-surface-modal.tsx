import { useState } from 'react';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { Alert, Button, Code, FileButton, FileInput, Group, List, Modal, Progress, Stack, Tabs, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileZip, IconUpload } from '@tabler/icons-react';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { SoftwareCoreApiSurfaceSetMutation } from './graphql/software-core-api-surface-set.mutation';
import { uploadCoreSurface, type SurfaceCounts, type SurfaceExtraction } from './upload-core-surface';

const EXAMPLE = `{
  "classes": { "Webkernel\\\\Http\\\\Router": ["get", "post", "group"] },
  "functions": ["Webkernel\\\\config"],
  "hooks": ["app.boot"]
}`;
const FIELDS = ['surface', 'file'] as const;
type Mode = 'zip' | 'json';

/**
 * Registers (or replaces) a core release's public API surface: extracted from the core's zip (its
 * PHP code is parsed on the server; the upload's progress, then the extraction's result, are shown
 * here), or from a JSON file or pasted JSON. The compatibility check verifies every module's
 * references against it.
 */
export function ApiSurfaceModal({
  core,
  onClose,
}: {
  core: { id: number; label: string; version: string; softwareSlug: string; namespace: string } | null;
  onClose: () => void;
}) {
  const [mode, setMode] = useState<Mode>('zip');
  const [text, setText] = useState('');
  const [zip, setZip] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  /** null: not uploading; 0..1: the file is being sent; 1: sent, the server is extracting. */
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<{ surface: SurfaceCounts; extraction: SurfaceExtraction | null; file: string } | null>(null);
  const errors = useFormErrors(FIELDS);
  const client = useApolloClient();
  const [save, saving] = useMutation(SoftwareCoreApiSurfaceSetMutation, { refetchQueries: ['AdminSoftwares'] });
  const close = () => {
    setText('');
    setZip(null);
    setResult(null);
    setProgress(null);
    setMode('zip');
    errors.clear();
    onClose();
  };
  const done = (s: SurfaceCounts | null | undefined, from: string) => {
    if (!core) return;
    notifications.show({
      color: 'green',
      title: `API surface of ${core.label} registered`,
      message: s ? `${s.classes} classes, ${s.functions} functions, ${s.hooks} hooks, from ${from}.` : 'Saved.',
    });
    close();
  };
  const submitJson = async () => {
    if (!core) return;
    errors.clear();
    let surface: unknown;
    try {
      surface = JSON.parse(text);
    } catch {
      return errors.setFromPayload([{ code: 'INVALID_JSON', field: 'surface', message: 'This is not valid JSON.' }]);
    }
    try {
      const { data } = await save({ variables: { input: { coreId: core.id, surface } } });
      const errs = data?.softwareCoreApiSurfaceSet.errors ?? [];
      if (errs.length)
        // `surface.classes.X` → shown on the JSON field; the message names the class.
        return errors.setFromPayload(errs.map((e) => ({ ...e, field: e.field?.startsWith('surface') ? 'surface' : e.field })));
      done(data?.softwareCoreApiSurfaceSet.surface, 'the JSON');
    } catch (e) {
      errors.setFromException(e);
    }
  };
  const submitZip = async () => {
    if (!core) return;
    errors.clear();
    if (!zip) return errors.setFromPayload([{ code: 'REQUIRED', field: 'file', message: "Choose the core release's zip." }]);
    setResult(null);
    setUploading(true);
    setProgress(0);
    const r = await uploadCoreSurface(core.id, zip, setProgress);
    setUploading(false);
    setProgress(null);
    if (!r.ok) return errors.setFromPayload(r.errors);
    await client.refetchQueries({ include: ['AdminSoftwares'] });
    notifications.show({
      color: 'green',
      title: `API surface of ${core.label} registered`,
      message: `${r.surface.classes} classes, ${r.surface.functions} functions, ${r.surface.hooks} hooks, from ${zip.name}.`,
    });
    setResult({ surface: r.surface, extraction: r.extraction, file: zip.name });
    setZip(null);
  };
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return (
    <Modal opened={!!core} onClose={close} title={core ? `API surface of ${core.label}` : ''} centered size="lg">
      <Stack>
        <Text size="sm">
          The public classes (with their methods), functions and hooks of this core release. The compatibility check reports every reference
          a module makes into the core&apos;s namespace that is missing here. Registering replaces the current surface.
        </Text>
        <Tabs
          value={mode}
          onChange={(v) => {
            errors.clear();
            setMode((v as Mode) ?? 'zip');
          }}
        >
          <Tabs.List>
            <Tabs.Tab value="zip">From the core&apos;s zip</Tabs.Tab>
            <Tabs.Tab value="json">From JSON</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="zip" pt="md">
            <Stack>
              <FileInput
                label="Core release zip"
                placeholder="Choose a .zip"
                accept=".zip,application/zip"
                leftSection={<IconFileZip size={16} aria-hidden />}
                value={zip}
                onChange={(f) => {
                  errors.clearField('file');
                  setZip(f);
                }}
                error={errors.field('file')}
                clearable
              />
              {progress !== null && (
                <Stack gap={4} data-testid="core-surface-progress">
                  <Text size="sm">
                    {progress < 1 ? `Uploading ${Math.round(progress * 100)}%…` : 'Extracting the public surface from the PHP code…'}
                  </Text>
                  <Progress
                    value={progress < 1 ? progress * 100 : 100}
                    animated={progress >= 1}
                    striped={progress >= 1}
                    aria-label={progress < 1 ? 'Upload progress' : 'Extracting the surface'}
                  />
                </Stack>
              )}
              {result && (
                <Alert color="green" variant="light" title={`Extracted from ${result.file}`} data-testid="core-surface-result">
                  <Text size="sm" data-testid="core-surface-result-counts">
                    {plural(result.surface.classes, 'class', 'classes')} · {plural(result.surface.functions, 'function', 'functions')} ·{' '}
                    {plural(result.surface.hooks, 'hook', 'hooks')}
                  </Text>
                  {result.extraction && (
                    <Text size="xs" c="dimmed" mt={4}>
                      {plural(result.extraction.methods, 'public method', 'public methods')} in{' '}
                      {plural(result.extraction.files, 'PHP file', 'PHP files')} parsed
                      {result.extraction.manifest ? ', with the names webkernel-api.json adds' : ''}. Registered: the compatibility check
                      uses it from now on.
                    </Text>
                  )}
                </Alert>
              )}
              <Text size="xs" c="dimmed" component="div">
                The zip&apos;s PHP code is parsed on the server:
                <List size="xs" mt={4} spacing={2}>
                  <List.Item>
                    the classes, interfaces, traits and enums of the namespace <Code fz="xs">{core?.namespace}</Code> with their public
                    methods, inherited ones included;
                  </List.Item>
                  <List.Item>its functions;</List.Item>
                  <List.Item>
                    the hooks it fires: <Code fz="xs">Hooks::emit(&apos;name&apos;)</Code> calls and <Code fz="xs">@hook name</Code> tags.
                  </List.Item>
                </List>
                <Code fz="xs">vendor/</Code> and <Code fz="xs">tests/</Code> are not read; a PHP file that does not parse refuses the
                upload. An optional <Code fz="xs">webkernel-api.json</Code> at the root, for version <Code fz="xs">{core?.version}</Code>,
                may add names the code cannot show (a hook fired under a computed name). The archive is inspected like a module upload and
                not kept.
              </Text>
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="json" pt="md">
            <Stack>
              <Group>
                <FileButton onChange={(f) => void f?.text().then(setText)} accept="application/json,.json">
                  {(props) => (
                    <Button {...props} variant="default" leftSection={<IconUpload size={16} aria-hidden />}>
                      Choose a JSON file
                    </Button>
                  )}
                </FileButton>
                <Text size="xs" c="dimmed">
                  or paste it below
                </Text>
              </Group>
              <Textarea
                label="API surface (JSON)"
                required
                value={text}
                onChange={(e) => {
                  errors.clearField('surface');
                  setText(e.currentTarget.value);
                }}
                error={errors.field('surface')}
                autosize
                minRows={6}
                maxRows={16}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
                placeholder={EXAMPLE}
              />
              <Text size="xs" c="dimmed">
                Format:{' '}
                <Code fz="xs" style={{ wordBreak: 'break-all' }}>
                  {'{ "classes": { "Ns\\Class": ["method"] }, "functions": ["Ns\\fn"], "hooks": ["name"] }'}
                </Code>
              </Text>
            </Stack>
          </Tabs.Panel>
        </Tabs>
        <FormErrorAlert errors={errors.general} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {result ? 'Done' : 'Cancel'}
          </Button>
          {mode === 'zip' ? (
            <Button loading={uploading} onClick={submitZip} disabled={!!result && !zip}>
              Extract and register the surface
            </Button>
          ) : (
            <Button loading={saving.loading} onClick={submitJson} disabled={!text.trim()}>
              Register the surface
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
