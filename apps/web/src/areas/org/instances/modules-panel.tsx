import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { Badge, Button, Code, Group, Modal, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock, IconPlugConnected } from '@tabler/icons-react';
import type { InstanceDetailQuery } from '../../../gql/graphql';
import { DateText } from '../../../shared/components/date-text';
import { formatDateTime, formatRelative } from '../../../shared/format/date.format';
import { PageEmpty } from '../../../shared/components/page-states';
import { FormErrorAlert, payloadErrorsFromException, type PayloadError } from '../../../shared/components/form-errors';
import { InstanceDeactivateModuleMutation } from './graphql/instance-deactivate-module.mutation';
import { shortHash } from './format';

type Instance = NonNullable<InstanceDetailQuery['instance']>;
type Mod = Instance['modules'][number];

/**
 * The modules active on an instance: the core modules of its software first (built in: always
 * active, no license, never deactivated), then the activated ones with version, license and its
 * seats, who activated them and when.
 */
export function ModulesPanel({ instance, canManage, onActivate }: { instance: Instance; canManage: boolean; onActivate: () => void }) {
  const [target, setTarget] = useState<Mod | null>(null);
  const [errors, setErrors] = useState<PayloadError[]>([]);
  const [deactivate, { loading }] = useMutation(InstanceDeactivateModuleMutation, {
    refetchQueries: ['InstanceDetail', 'InstanceActivationLog', 'AvailableUpdates'],
  });

  const coreIds = new Set(instance.builtInModules.map((b) => b.module.id));
  const builtInOnly = instance.builtInModules.filter((b) => !instance.modules.some((m) => m.module.id === b.module.id));

  if (!instance.modules.length && !builtInOnly.length) {
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
              <Table.Th>Heartbeat</Table.Th>
              <Table.Th>Reported hash</Table.Th>
              {canManage && (
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {builtInOnly.map((b) => (
              <Table.Tr key={`core-${b.module.id}`} data-testid="built-in-module-row">
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text fw={600} size="sm">
                      {b.module.name}
                    </Text>
                    <CoreBadge />
                  </Group>
                  <Text size="xs" c="dimmed">
                    {b.module.vendorName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {b.version?.version ?? 'No version for this core'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">Built in: no license needed</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">Always active</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                </Table.Td>
                {canManage && <Table.Td />}
              </Table.Tr>
            ))}
            {instance.modules.map((m) => (
              <Table.Tr key={m.id} data-testid="active-module-row">
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text fw={600} size="sm">
                      {m.module.name}
                    </Text>
                    {coreIds.has(m.module.id) && <CoreBadge />}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {m.module.vendorName}
                  </Text>
                  <ConsentLine m={m} />
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
                <Table.Td data-testid="heartbeat-cell">
                  <HeartbeatText m={m} />
                </Table.Td>
                <Table.Td>
                  <Tooltip label={m.moduleHash} withArrow>
                    <Code fz="xs" tabIndex={0}>
                      {shortHash(m.moduleHash)}
                    </Code>
                  </Tooltip>
                </Table.Td>
                {canManage && coreIds.has(m.module.id) && <Table.Td />}
                {canManage && !coreIds.has(m.module.id) && (
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

/**
 * The activation's last heartbeat and what it means for its seat, in words that stay true: a
 * node-locked seat is held until deactivation; a floating one is freed when no heartbeat arrives
 * within the plan's window (past the deadline it no longer counts against the plan's instances).
 */
export function HeartbeatText({ m }: { m: Mod }) {
  const last = m.lastHeartbeatAt;
  const s = m.seat;
  return (
    <>
      <Text size="sm">
        {last ? (
          <>
            Last heartbeat{' '}
            <time dateTime={last} title={formatDateTime(last)}>
              {formatRelative(last)}
            </time>
          </>
        ) : (
          'No heartbeat yet'
        )}
      </Text>
      <Text size="xs" c={s.stale ? 'red.8' : 'dimmed'}>
        {s.policy === 'node_locked'
          ? 'Node-locked seat: held until deactivated'
          : s.stale
            ? `Floating seat: no heartbeat for ${s.heartbeatWindowMinutes} min, so it is free for another instance`
            : s.freesAt && (
                <>
                  Floating seat: freed{' '}
                  <time dateTime={s.freesAt} title={formatDateTime(s.freesAt)}>
                    {formatRelative(s.freesAt)}
                  </time>{' '}
                  ({formatDateTime(s.freesAt)}) unless a heartbeat arrives
                </>
              )}
      </Text>
    </>
  );
}

/** The permissions consented to for this activation: which, by whom, when (seed 001 module permissions). */
function ConsentLine({ m }: { m: Mod }) {
  const c = m.permissionConsent;
  if (!c) return null;
  return (
    <Stack gap={2} mt={4} data-testid="permission-consent">
      <Group gap={4} wrap="wrap" maw={220}>
        {c.permissions.map((p) => (
          <Tooltip key={p.code} label={p.description} withArrow multiline w={260}>
            <Text span size="xs" ff="monospace" px={4} bg="var(--mantine-color-gray-1)" style={{ borderRadius: 4 }} tabIndex={0}>
              {p.code}
            </Text>
          </Tooltip>
        ))}
      </Group>
      <Text size="xs" c="dimmed">
        Consented by {c.consentedByName}, <DateText value={c.consentedAt} />
      </Text>
    </Stack>
  );
}

function CoreBadge() {
  return (
    <Tooltip label="A core module of this software: always active, no license needed, cannot be deactivated." withArrow>
      <Badge size="xs" variant="light" color="grape" leftSection={<IconLock size={10} aria-hidden />} tabIndex={0}>
        Built in
      </Badge>
    </Tooltip>
  );
}
