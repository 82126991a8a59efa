import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { Badge, Button, Code, Group, Modal, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlugConnected } from '@tabler/icons-react';
import type { InstanceDetailQuery } from '../../../../gql/graphql';
import { DateText } from '../../../../shared/components/date-text';
import { PageEmpty } from '../../../../shared/components/page-states';
import { FormErrorAlert, payloadErrorsFromException, type PayloadError } from '../../../../shared/components/form-errors';
import { InstanceDeactivateModuleMutation } from '../graphql/instance-deactivate-module.mutation';
import { shortHash } from './format';

type Instance = NonNullable<InstanceDetailQuery['instance']>;
type Mod = Instance['modules'][number];

/** The modules active on an instance: version, license and its seats, who activated it and when. */
export function ModulesPanel({ instance, canManage, onActivate }: { instance: Instance; canManage: boolean; onActivate: () => void }) {
  const [target, setTarget] = useState<Mod | null>(null);
  const [errors, setErrors] = useState<PayloadError[]>([]);
  const [deactivate, { loading }] = useMutation(InstanceDeactivateModuleMutation, {
    refetchQueries: ['InstanceDetail', 'InstanceActivationLog', 'AvailableUpdates'],
  });

  if (!instance.modules.length) {
    return (
      <PageEmpty
        icon={<IconPlugConnected aria-hidden />}
        title="No module is active on this instance"
        description="Activate a module your organization holds a license for."
        action={canManage && instance.isActive ? <Button onClick={onActivate}>Activate module</Button> : undefined}
      />
    );
  }

  const confirm = async () => {
    if (!target) return;
    try {
      const { data } = await deactivate({ variables: { input: { instanceId: instance.id, moduleId: target.module.id } } });
      const p = data?.instanceDeactivateModule;
      if (p?.errors.length) return setErrors(p.errors);
      notifications.show({
        color: 'green',
        title: 'Module deactivated',
        message: `${target.module.name} is no longer active on ${instance.name}.`,
      });
      setTarget(null);
    } catch (e) {
      setErrors(payloadErrorsFromException(e));
    }
  };

  return (
    <>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="sm" striped aria-label="Active modules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Module</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>License</Table.Th>
              <Table.Th>Activated</Table.Th>
              <Table.Th>Reported hash</Table.Th>
              {canManage && (
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {instance.modules.map((m) => (
              <Table.Tr key={m.id} data-testid="active-module-row">
                <Table.Td>
                  <Text fw={600} size="sm">
                    {m.module.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {m.module.vendorName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500} data-testid="module-version">
                      {m.version.version}
                    </Text>
                    {m.version.status === 'beta' && (
                      <Badge size="xs" color="orange.9" variant="outline">
                        beta
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Code fz="xs">{m.license.licenseKey}</Code>
                  <Text size="xs" c="dimmed" mt={2}>
                    {m.license.planName ?? 'No plan'} · {m.license.activeInstances}
                    {m.license.maxInstances !== null ? ` of ${m.license.maxInstances}` : ''} instance
                    {m.license.activeInstances === 1 && m.license.maxInstances === null ? '' : 's'}
                    {!m.license.usable && (
                      <Badge ml={6} size="xs" color="red.9" variant="filled">
                        {m.license.status === 'active' ? 'expired' : m.license.status}
                      </Badge>
                    )}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <DateText value={m.activatedAt} />
                  </Text>
                  {m.activatedByName && (
                    <Text size="xs" c="dimmed">
                      by {m.activatedByName}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Tooltip label={m.moduleHash} withArrow>
                    <Code fz="xs" tabIndex={0}>
                      {shortHash(m.moduleHash)}
                    </Code>
                  </Tooltip>
                </Table.Td>
                {canManage && (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red.8"
                      onClick={() => {
                        setErrors([]);
                        setTarget(m);
                      }}
                      aria-label={`Deactivate ${m.module.name}`}
                    >
                      Deactivate
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={!!target} onClose={() => setTarget(null)} title={target ? `Deactivate ${target.module.name}?` : ''} centered>
        <Stack>
          <Text size="sm">
            {target?.module.name} stops running on {instance.name} and frees one instance of its license. The attempt is recorded in the
            activity log.
          </Text>
          <FormErrorAlert errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setTarget(null)}>
              Cancel
            </Button>
            <Button color="red.8" loading={loading} onClick={confirm}>
              Deactivate
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
