import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { Alert, Badge, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock, IconPlus } from '@tabler/icons-react';
import type { AdminSoftwaresQuery as Data } from '../../../gql/graphql';
import { DateText } from '../../../shared/components/date-text';
import { CoreModuleMarkMutation } from './graphql/core-module-mark.mutation';
import { CoreModuleUnmarkMutation } from './graphql/core-module-unmark.mutation';

type Software = Data['adminSoftwares'][number];

/**
 * The core modules of one software (seed 001 "core modules cannot be disabled"): always active on
 * every instance of the software, no license, never deactivated. Admins mark official modules
 * core here and make them ordinary again (the API refuses while instances rely on one).
 */
export function CoreModulesSection({ software }: { software: Software }) {
  const [picked, setPicked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mark, marking] = useMutation(CoreModuleMarkMutation, { refetchQueries: ['AdminSoftwares'], awaitRefetchQueries: true });
  const [unmark, unmarking] = useMutation(CoreModuleUnmarkMutation, { refetchQueries: ['AdminSoftwares'], awaitRefetchQueries: true });

  const onMark = async () => {
    if (!picked) return setError('Choose a module to make core.');
    setError(null);
    const { data } = await mark({ variables: { input: { softwareId: software.id, moduleId: Number(picked) } } });
    const err = data?.coreModuleMark.errors[0];
    if (err) return setError(err.message);
    const name = software.coreModuleCandidates.find((m) => String(m.id) === picked)?.name ?? 'The module';
    setPicked(null);
    notifications.show({ color: 'green', title: 'Core module', message: `${name} is now built into every ${software.name} instance.` });
  };

  const onUnmark = async (moduleId: number, name: string) => {
    setError(null);
    const { data } = await unmark({ variables: { input: { softwareId: software.id, moduleId } } });
    const err = data?.coreModuleUnmark.errors[0];
    if (err) return setError(err.message);
    notifications.show({ color: 'green', title: 'Core module removed', message: `${name} is an ordinary module again.` });
  };

  return (
    <Stack gap="xs" mt="md" data-testid="core-modules">
      <Title order={3} fz="md">
        Core modules
      </Title>
      <Text size="sm" c="dimmed">
        Built into every {software.name} instance: always active, no license needed, never deactivated.
      </Text>
      {software.coreModules.length === 0 ? (
        <Text size="sm" c="dimmed">
          No core modules.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs" aria-label={`${software.name} core modules`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Module</Table.Th>
                <Table.Th>Vendor</Table.Th>
                <Table.Th>Core since</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {software.coreModules.map((c) => (
                <Table.Tr key={c.id} data-testid="core-module-row">
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Badge size="sm" variant="light" color="grape" leftSection={<IconLock size={10} aria-hidden />}>
                        Core
                      </Badge>
                      <Text fw={600} size="sm">
                        {c.module.name}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>{c.module.vendorName}</Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      <DateText value={c.markedAt} /> by {c.markedByName}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      loading={unmarking.loading}
                      onClick={() => onUnmark(c.module.id, c.module.name)}
                      aria-label={`Make ${c.module.name} an ordinary module`}
                    >
                      Remove from core
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {software.coreModuleCandidates.length > 0 ? (
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label="Make a module core"
            description="Official modules with an approved version for this software."
            placeholder="Choose a module"
            data={software.coreModuleCandidates.map((m) => ({ value: String(m.id), label: m.name }))}
            value={picked}
            onChange={setPicked}
            w={280}
          />
          <Button leftSection={<IconPlus size={14} aria-hidden />} variant="light" loading={marking.loading} onClick={onMark}>
            Make core
          </Button>
        </Group>
      ) : (
        <Text size="xs" c="dimmed">
          No other official module has an approved version for {software.name}.
        </Text>
      )}
      {error && (
        <Alert color="red" variant="light" role="alert" title="Not changed">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
