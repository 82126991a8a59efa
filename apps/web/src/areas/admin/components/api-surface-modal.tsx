import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { Button, Code, FileButton, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUpload } from '@tabler/icons-react';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { SoftwareCoreApiSurfaceSetMutation } from '../graphql/software-core-api-surface-set.mutation';

const EXAMPLE = `{
  "classes": { "Webkernel\\\\Http\\\\Router": ["get", "post", "group"] },
  "functions": ["Webkernel\\\\config"],
  "hooks": ["app.boot"]
}`;

/**
 * Registers (or replaces) a core release's public API surface from a JSON file or pasted JSON;
 * the compatibility check verifies every module's references against it.
 */
export function ApiSurfaceModal({ core, onClose }: { core: { id: number; label: string } | null; onClose: () => void }) {
  const [text, setText] = useState('');
  const errors = useFormErrors(['surface']);
  const [save, saving] = useMutation(SoftwareCoreApiSurfaceSetMutation, { refetchQueries: ['AdminSoftwares'] });
  const close = () => {
    setText('');
    errors.clear();
    onClose();
  };
  const submit = async () => {
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
        // `surface.classes.X` → shown on the JSON field, with the path in the message.
        return errors.setFromPayload(errs.map((e) => ({ ...e, field: e.field?.startsWith('surface') ? 'surface' : e.field })));
      const s = data?.softwareCoreApiSurfaceSet.surface;
      notifications.show({
        color: 'green',
        title: `API surface of ${core.label} registered`,
        message: s ? `${s.classes} classes, ${s.functions} functions, ${s.hooks} hooks.` : 'Saved.',
      });
      close();
    } catch (e) {
      errors.setFromException(e);
    }
  };
  return (
    <Modal opened={!!core} onClose={close} title={core ? `API surface of ${core.label}` : ''} centered size="lg">
      <Stack>
        <Text size="sm">
          The public classes (with their methods), functions and hooks of this core release. The compatibility check reports every
          reference a module makes into the core&apos;s namespace that is missing here. Uploading replaces the registered surface.
        </Text>
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
          onChange={(e) => setText(e.currentTarget.value)}
          error={errors.field('surface')}
          autosize
          minRows={6}
          maxRows={16}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          placeholder={EXAMPLE}
        />
        <Text size="xs" c="dimmed">
          Format: <Code fz="xs">{'{ "classes": { "Ns\\Class": ["method"] }, "functions": ["Ns\\fn"], "hooks": ["name"] }'}</Code>
        </Text>
        <FormErrorAlert errors={errors.general} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button loading={saving.loading} onClick={submit} disabled={!text.trim()}>
            Register the surface
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
