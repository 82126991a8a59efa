import { useState } from 'react';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { Button, Code, FileButton, FileInput, Group, List, Modal, Stack, Tabs, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileZip, IconUpload } from '@tabler/icons-react';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { SoftwareCoreApiSurfaceSetMutation } from '../graphql/software-core-api-surface-set.mutation';
import { uploadCoreSurface, type SurfaceCounts } from './upload-core-surface';

const EXAMPLE = `{
  "classes": { "Webkernel\\\\Http\\\\Router": ["get", "post", "group"] },
  "functions": ["Webkernel\\\\config"],
  "hooks": ["app.boot"]
}`;
const FIELDS = ['surface', 'file'] as const;
type Mode = 'zip' | 'json';

/**
 * Registers (or replaces) a core release's public API surface: derived from the core's zip (its
 * webkernel-api.json, checked against its PHP code), or from a JSON file or pasted JSON. The
 * compatibility check verifies every module's references against it.
 */
export function ApiSurfaceModal({
  core,
  onClose,
}: {
  core: { id: number; label: string; version: string; softwareSlug: string } | null;
  onClose: () => void;
}) {
  const [mode, setMode] = useState<Mode>('zip');
  const [text, setText] = useState('');
  const [zip, setZip] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const errors = useFormErrors(FIELDS);
  const client = useApolloClient();
  const [save, saving] = useMutation(SoftwareCoreApiSurfaceSetMutation, { refetchQueries: ['AdminSoftwares'] });
  const close = () => {
    setText('');
    setZip(null);
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
    setUploading(true);
    const r = await uploadCoreSurface(core.id, zip);
    setUploading(false);
    if (!r.ok) return errors.setFromPayload(r.errors);
    await client.refetchQueries({ include: ['AdminSoftwares'] });
    done(r.surface, zip.name);
  };
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
              <Text size="xs" c="dimmed" component="div">
                The zip must carry <Code fz="xs">webkernel-api.json</Code> at its root:
                <List size="xs" mt={4} spacing={2}>
                  <List.Item>
                    <Code fz="xs">&quot;version&quot;: &quot;{core?.version}&quot;</Code> (this release) and optionally{' '}
                    <Code fz="xs">&quot;software&quot;: &quot;{core?.softwareSlug}&quot;</Code>;
                  </List.Item>
                  <List.Item>
                    <Code fz="xs">classes</Code>, <Code fz="xs">functions</Code> and <Code fz="xs">hooks</Code> as in the JSON format;
                  </List.Item>
                  <List.Item>every class, method and function it lists must be declared in the zip&apos;s PHP code.</List.Item>
                </List>
                The archive is inspected like a module upload and not kept.
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
            Cancel
          </Button>
          {mode === 'zip' ? (
            <Button loading={uploading} onClick={submitZip}>
              Derive and register the surface
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
