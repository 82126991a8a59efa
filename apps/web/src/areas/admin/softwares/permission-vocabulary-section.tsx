import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { ActionIcon, Alert, Badge, Button, Group, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconPencil, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import type { AdminSoftwaresQuery as Data } from '../../../gql/graphql';
import { SoftwarePermissionCreateMutation } from './graphql/software-permission-create.mutation';
import { SoftwarePermissionDeleteMutation } from './graphql/software-permission-delete.mutation';
import { SoftwarePermissionUpdateMutation } from './graphql/software-permission-update.mutation';

type Software = Data['adminSoftwares'][number];
type Entry = Software['permissions'][number];

const refetch = { refetchQueries: ['AdminSoftwares'], awaitRefetchQueries: true };

/**
 * The permission vocabulary of one software (seed 001 module permissions): the codes module
 * manifests may ask for, each with what it lets a module do. Buyers read these descriptions on the
 * module page and org admins consent to them at activation. An entry a version declares stays.
 */
export function PermissionVocabularySection({ software }: { software: Software }) {
  const [code, setCode] = useState('');
  const [description, setDescription] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [create, creating] = useMutation(SoftwarePermissionCreateMutation, refetch);
  const [remove, removing] = useMutation(SoftwarePermissionDeleteMutation, refetch);

  const onAdd = async () => {
    setError(null);
    setFieldErrors({});
    const { data } = await create({ variables: { input: { softwareId: software.id, code, description } } });
    const errs = data?.softwarePermissionCreate.errors ?? [];
    if (errs.length) return setFieldErrors(Object.fromEntries(errs.map((e) => [e.field ?? '', e.message])));
    notifications.show({ color: 'green', title: 'Permission added', message: `${software.name} modules may now ask for ${code.trim()}.` });
    setCode('');
    setDescription('');
  };

  const onRemove = async (p: Entry) => {
    setError(null);
    const { data } = await remove({ variables: { input: { id: p.id } } });
    const err = data?.softwarePermissionDelete.errors[0];
    if (err) return setError(err.message);
    notifications.show({ color: 'green', title: 'Permission removed', message: `${p.code} is no longer in the vocabulary.` });
  };

  return (
    <Stack gap="xs" mt="md" data-testid="permission-vocabulary">
      <Title order={3} fz="md">
        Permissions modules may ask for
      </Title>
      <Text size="sm" c="dimmed">
        Version manifests list the codes they need; buyers see the descriptions before purchase and org admins consent to them at
        activation. An entry that a pending or approved version declares cannot be removed.
      </Text>
      {software.permissions.length === 0 ? (
        <Text size="sm" c="dimmed">
          No permissions registered: modules of {software.name} cannot ask for any.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" aria-label={`${software.name} permissions`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Code</Table.Th>
                <Table.Th>What it allows</Table.Th>
                <Table.Th>Declared by</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {software.permissions.map((p) => (
                <PermissionRow key={p.id} entry={p} removing={removing.loading} onRemove={() => onRemove(p)} onError={setError} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          label="Code"
          placeholder="calendar.write"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={fieldErrors.code}
          w={200}
        />
        <TextInput
          label="What it allows"
          placeholder="Create and move calendar events."
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fieldErrors.description}
          style={{ flex: 1, minWidth: 220 }}
        />
        <Button mt={25} leftSection={<IconPlus size={14} aria-hidden />} variant="light" loading={creating.loading} onClick={onAdd}>
          Add permission
        </Button>
      </Group>
      {error && (
        <Alert color="red" variant="light" role="alert" title="Not changed">
          {error}
        </Alert>
      )}
    </Stack>
  );
}

function PermissionRow({
  entry,
  removing,
  onRemove,
  onError,
}: {
  entry: Entry;
  removing: boolean;
  onRemove: () => void;
  onError: (m: string | null) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(entry.description);
  const [update, updating] = useMutation(SoftwarePermissionUpdateMutation, refetch);
  const save = async () => {
    onError(null);
    const { data } = await update({ variables: { input: { id: entry.id, description: text } } });
    const err = data?.softwarePermissionUpdate.errors[0];
    if (err) return onError(err.message);
    setEditing(false);
  };
  return (
    <Table.Tr data-testid="permission-entry">
      <Table.Td>
        <Text ff="monospace" size="sm" fw={600}>
          {entry.code}
        </Text>
      </Table.Td>
      <Table.Td>
        {editing ? (
          <Group gap={4} wrap="nowrap">
            <TextInput
              size="xs"
              aria-label={`Description of ${entry.code}`}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <ActionIcon variant="light" color="green" aria-label="Save" loading={updating.loading} onClick={save}>
              <IconCheck size={14} />
            </ActionIcon>
            <ActionIcon variant="subtle" color="gray" aria-label="Cancel" onClick={() => setEditing(false)}>
              <IconX size={14} />
            </ActionIcon>
          </Group>
        ) : (
          <Text size="sm">{entry.description}</Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge size="sm" variant="light" color={entry.versionCount ? 'blue' : 'gray'}>
          {entry.versionCount} version{entry.versionCount === 1 ? '' : 's'}
        </Badge>
      </Table.Td>
      <Table.Td ta="right">
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <ActionIcon variant="subtle" aria-label={`Edit ${entry.code}`} onClick={() => setEditing(true)}>
            <IconPencil size={14} />
          </ActionIcon>
          <Tooltip label={entry.versionCount ? 'Declared by a version: it stays' : `Remove ${entry.code}`}>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove ${entry.code}`}
              disabled={entry.versionCount > 0}
              loading={removing}
              onClick={onRemove}
            >
              <IconTrash size={14} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
