import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Badge, Button, Card, Checkbox, Group, List, Modal, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowRight, IconClockPause, IconKey, IconRefresh } from '@tabler/icons-react';
import type { AvailableUpdatesQuery, UpdateStatus } from '../../../gql/graphql';
import { DateText } from '../../../shared/components/date-text';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { PermissionList } from '../../../shared/components/permission-list';
import { FormErrorAlert, payloadErrorsFromException, useFormErrors, type PayloadError } from '../../../shared/components/form-errors';
import { AvailableUpdatesQuery as AvailableUpdatesDocument } from './graphql/available-updates.query';
import { InstanceModuleUpdatesQuery } from './graphql/instance-module-updates.query';
import { InstanceModuleUpdateStartMutation } from './graphql/update-start.mutation';
import { InstanceModuleUpdateReportMutation } from './graphql/update-report.mutation';
import { InstanceModuleUpdateRollbackMutation } from './graphql/update-rollback.mutation';
import { InstanceModulePermissionsConsentMutation } from './graphql/instance-module-permissions-consent.mutation';

type Entry = AvailableUpdatesQuery['availableUpdates'][number];
type Option = Entry['options'][number];

const REFETCH = ['AvailableUpdates', 'InstanceModuleUpdates', 'InstanceDetail', 'InstanceActivationLog'];

const statusColor: Record<UpdateStatus, string> = { in_progress: 'blue.8', success: 'green.9', failed: 'red.9', rolled_back: 'gray.8' };
const statusLabel: Record<UpdateStatus, string> = {
  in_progress: 'In progress',
  success: 'Applied',
  failed: 'Failed',
  rolled_back: 'Rolled back',
};

function Impact({ option }: { option: Option }) {
  const p = option.path;
  return (
    <Group gap={6} wrap="wrap">
      {p.flow && (
        <Badge variant="outline" color="gray.8" tt="none">
          {p.flow.updateType} update
        </Badge>
      )}
      {p.direct && (
        <Badge variant="outline" color="gray.8" tt="none">
          drop-in (compatible with the previous version)
        </Badge>
      )}
      {p.breaking ? (
        <Badge color="red.9" leftSection={<IconAlertTriangle size={12} aria-hidden />}>
          Breaking
        </Badge>
      ) : (
        <Badge color="green.9" variant="outline">
          Not breaking
        </Badge>
      )}
      {p.requiresDowntime ? (
        <Badge color="orange.9" leftSection={<IconClockPause size={12} aria-hidden />}>
          Downtime
        </Badge>
      ) : (
        <Badge color="green.9" variant="outline">
          No downtime
        </Badge>
      )}
      {p.estimatedDurationMinutes !== null && (
        <Badge variant="outline" color="gray.8" tt="none">
          ≈ {p.estimatedDurationMinutes} min
        </Badge>
      )}
    </Group>
  );
}

/**
 * What an update changes in the permissions the module holds: the new ones (an org admin consents
 * before the update can start) and the ones it no longer asks for.
 */
function PermissionChangeBox({
  entry,
  option,
  canConsent,
  onConsented,
  onErrors,
}: {
  entry: Entry;
  option: Option;
  canConsent: boolean;
  onConsented: () => void;
  onErrors: (e: PayloadError[]) => void;
}) {
  const [agreed, setAgreed] = useState(false);
  const [consent, consenting] = useMutation(InstanceModulePermissionsConsentMutation, {
    refetchQueries: REFETCH,
    awaitRefetchQueries: true,
  });
  const c = option.permissionChange;
  if (!c.added.length && !c.removed.length) return null;
  const doConsent = async () => {
    onErrors([]);
    try {
      const { data } = await consent({
        variables: {
          input: {
            instanceModuleId: entry.instanceModule.id,
            moduleVersionId: option.version.id,
            permissions: option.version.permissions.map((p) => p.code),
          },
        },
      });
      const r = data?.instanceModulePermissionsConsent;
      if (r?.errors.length) return onErrors(r.errors);
      onConsented();
    } catch (e) {
      onErrors(payloadErrorsFromException(e));
    }
  };
  return (
    <Stack gap={6} data-testid="permission-change">
      {c.added.length > 0 && (
        <>
          <Text size="sm" fw={600}>
            {option.version.version} asks for {c.added.length === 1 ? 'a new permission' : `${c.added.length} new permissions`}:
          </Text>
          <PermissionList permissions={c.added} tone="added" testId="permissions-added" />
        </>
      )}
      {c.removed.length > 0 && (
        <>
          <Text size="sm" fw={600}>
            No longer asked for:
          </Text>
          <PermissionList permissions={c.removed} tone="removed" testId="permissions-removed" />
        </>
      )}
      {c.consentRequired &&
        (canConsent ? (
          <Alert
            color="orange"
            variant="light"
            icon={<IconKey aria-hidden />}
            title="Waiting for your consent"
            data-testid="consent-required"
          >
            <Stack gap="xs">
              <Checkbox
                label={`I consent, for my organization, to ${entry.module.name} ${option.version.version} using ${c.added.length === 1 ? 'this new permission' : 'these new permissions'}.`}
                checked={agreed}
                onChange={(e) => setAgreed(e.currentTarget.checked)}
              />
              <Group>
                <Button size="xs" color="orange.8" disabled={!agreed} loading={consenting.loading} onClick={doConsent}>
                  Consent to {c.added.length === 1 ? 'the new permission' : 'the new permissions'}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <Alert color="orange" variant="light" icon={<IconKey aria-hidden />} title="Waiting for consent" data-testid="consent-required">
            An admin of your organization must consent to the new {c.added.length === 1 ? 'permission' : 'permissions'} before this update
            can start.
          </Alert>
        ))}
    </Stack>
  );
}

/** Updates available for each active module (one click), the update in progress, and the history with rollback. */
export function UpdatesPanel({
  instanceId,
  canManage,
  canConsent,
  active,
}: {
  instanceId: number;
  canManage: boolean;
  /** The viewer is an org admin: they may consent to permissions an update adds. */
  canConsent: boolean;
  active: boolean;
}) {
  const query = useQuery(AvailableUpdatesDocument, { variables: { instanceId } });
  const history = useQuery(InstanceModuleUpdatesQuery, { variables: { instanceId, first: 20 } });
  const [start, starting] = useMutation(InstanceModuleUpdateStartMutation, { refetchQueries: REFETCH });
  const [report, reporting] = useMutation(InstanceModuleUpdateReportMutation, { refetchQueries: REFETCH });
  const [rollback, rollingBack] = useMutation(InstanceModuleUpdateRollbackMutation, { refetchQueries: REFETCH });
  const [confirming, setConfirming] = useState<{ entry: Entry; option: Option } | null>(null);
  const [accepted, setAccepted] = useState(false);
  const [failing, setFailing] = useState<{ id: number; label: string } | null>(null);
  const [failMessage, setFailMessage] = useState('');
  const failErrors = useFormErrors(['errorMessage']);
  const [errors, setErrors] = useState<PayloadError[]>([]);

  const doStart = async (entry: Entry, option: Option, confirmBreaking: boolean) => {
    setErrors([]);
    try {
      const { data } = await start({
        variables: { input: { instanceModuleId: entry.instanceModule.id, toVersionId: option.version.id, confirmBreaking } },
      });
      const r = data?.instanceModuleUpdateStart;
      if (r?.errors.length) return setErrors(r.errors);
      setConfirming(null);
      notifications.show({
        color: 'blue',
        title: 'Update started',
        message: `${entry.module.name} ${entry.installedVersion.version} → ${option.version.version}: waiting for the instance to report.`,
      });
    } catch (e) {
      setErrors(payloadErrorsFromException(e));
    }
  };

  const doReport = async (id: number, status: 'success' | 'failed', errorMessage?: string) => {
    setErrors([]);
    try {
      const { data } = await report({ variables: { input: { updateId: id, status, errorMessage: errorMessage ?? null } } });
      const r = data?.instanceModuleUpdateReport;
      if (r?.errors.length) return status === 'failed' ? failErrors.setFromPayload(r.errors) : setErrors(r.errors);
      setFailing(null);
      setFailMessage('');
      notifications.show({
        color: status === 'success' ? 'green' : 'orange',
        title: status === 'success' ? 'Update applied' : 'Update marked as failed',
        message: status === 'success' ? 'The module now runs the new version.' : 'The module keeps its previous version.',
      });
    } catch (e) {
      setErrors(payloadErrorsFromException(e));
    }
  };

  const doRollback = async (id: number) => {
    setErrors([]);
    try {
      const { data } = await rollback({ variables: { input: { updateId: id } } });
      const r = data?.instanceModuleUpdateRollback;
      if (r?.errors.length) return setErrors(r.errors);
      notifications.show({ color: 'gray', title: 'Update rolled back', message: 'The module is back on its previous version.' });
    } catch (e) {
      setErrors(payloadErrorsFromException(e));
    }
  };

  const latestIds = new Set<number>();
  const seen = new Set<number>();
  for (const e of history.data?.instanceModuleUpdates.edges ?? []) {
    if (!seen.has(e.node.module.id)) {
      seen.add(e.node.module.id);
      latestIds.add(e.node.id);
    }
  }

  return (
    <Stack gap="xl">
      <FormErrorAlert errors={errors} title="The update could not be changed" />
      <QueryStates
        query={query}
        isEmpty={(d) => d.availableUpdates.length === 0}
        empty={<PageEmpty title="No active module" description="Activate a module to receive its updates here." />}
      >
        {(d) => (
          <Stack gap="md">
            {d.availableUpdates.map((entry) => {
              const rec = entry.options.find((o) => o.version.id === entry.recommended?.version.id) ?? null;
              return (
                <Card key={entry.instanceModule.id} withBorder padding="lg" data-testid="module-updates">
                  <Stack gap="sm">
                    <Group justify="space-between" wrap="wrap" gap="xs">
                      <Title order={3} fz="md">
                        {entry.module.name}
                      </Title>
                      <Text size="sm" c="dimmed">
                        Installed: <strong>{entry.installedVersion.version}</strong>
                      </Text>
                    </Group>
                    {entry.inProgress ? (
                      <Alert
                        color="blue"
                        variant="light"
                        icon={<IconRefresh aria-hidden />}
                        title={`Updating ${entry.inProgress.fromVersion.version} → ${entry.inProgress.toVersion.version}`}
                        data-testid="update-in-progress"
                      >
                        <Stack gap="xs">
                          <Text size="sm">
                            Started <DateText value={entry.inProgress.startedAt} withTime />. The instance reports the result through its
                            API; you can also record it here.
                          </Text>
                          {canManage && (
                            <Group gap="xs">
                              <Button
                                size="xs"
                                color="green.8"
                                loading={reporting.loading}
                                onClick={() => doReport(entry.inProgress!.id, 'success')}
                              >
                                Mark as applied
                              </Button>
                              <Button
                                size="xs"
                                variant="default"
                                onClick={() => {
                                  failErrors.clear();
                                  setFailing({
                                    id: entry.inProgress!.id,
                                    label: `${entry.module.name} ${entry.inProgress!.toVersion.version}`,
                                  });
                                }}
                              >
                                Mark as failed
                              </Button>
                            </Group>
                          )}
                        </Stack>
                      </Alert>
                    ) : entry.options.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        Up to date: no newer approved version runs on this core.
                      </Text>
                    ) : (
                      <Stack gap="sm">
                        {entry.options.map((o) => (
                          <Card
                            key={o.version.id}
                            withBorder
                            padding="sm"
                            bg={o === rec ? 'var(--mantine-color-indigo-0)' : undefined}
                            data-testid="update-option"
                          >
                            <Stack gap={6}>
                              <Group justify="space-between" wrap="wrap" gap="xs">
                                <Group gap={6}>
                                  <Text fw={600} size="sm">
                                    {entry.installedVersion.version}
                                  </Text>
                                  <IconArrowRight size={14} aria-label="to" />
                                  <Text fw={600} size="sm">
                                    {o.version.version}
                                  </Text>
                                  {o.version.status === 'beta' && (
                                    <Badge size="xs" color="orange.9" variant="outline">
                                      beta
                                    </Badge>
                                  )}
                                  {o === rec && (
                                    <Badge size="xs" color="indigo.8">
                                      Recommended
                                    </Badge>
                                  )}
                                </Group>
                                {canManage && active && o.path.allowed && (
                                  <Button
                                    size="xs"
                                    disabled={o.permissionChange.consentRequired}
                                    color={o.path.breaking ? 'red.8' : undefined}
                                    loading={starting.loading}
                                    onClick={() =>
                                      o.path.breaking ? (setAccepted(false), setConfirming({ entry, option: o })) : doStart(entry, o, false)
                                    }
                                  >
                                    Update to {o.version.version}
                                  </Button>
                                )}
                              </Group>
                              <Impact option={o} />
                              <PermissionChangeBox
                                entry={entry}
                                option={o}
                                canConsent={canConsent && active}
                                onErrors={setErrors}
                                onConsented={() =>
                                  notifications.show({
                                    color: 'green',
                                    title: 'Consent recorded',
                                    message: `${entry.module.name} ${o.version.version} may use its new permissions once updated.`,
                                  })
                                }
                              />
                              {!o.path.allowed && (
                                <Text size="sm" c="red.9">
                                  {o.path.message}
                                </Text>
                              )}
                              {o.version.changelog && (
                                <Text size="sm" c="dimmed" lineClamp={3}>
                                  {o.version.changelog}
                                </Text>
                              )}
                            </Stack>
                          </Card>
                        ))}
                      </Stack>
                    )}
                  </Stack>
                </Card>
              );
            })}
          </Stack>
        )}
      </QueryStates>

      <Stack gap="sm">
        <Title order={3} fz="md">
          Update history
        </Title>
        <QueryStates
          query={history}
          isEmpty={(d) => d.instanceModuleUpdates.edges.length === 0}
          empty={
            <Text size="sm" c="dimmed">
              No update has run on this instance yet.
            </Text>
          }
        >
          {(d) => (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" aria-label="Update history">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Module</Table.Th>
                    <Table.Th>Versions</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Started</Table.Th>
                    <Table.Th>By</Table.Th>
                    {canManage && <Table.Th>Rollback</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.instanceModuleUpdates.edges.map(({ node: u }) => {
                    const canRollBack =
                      canManage &&
                      latestIds.has(u.id) &&
                      (u.status === 'success' || u.status === 'failed') &&
                      (!!u.flow.rollbackScriptPath || !u.flow.migrationScriptPath);
                    return (
                      <Table.Tr key={u.id} data-testid="update-history-row">
                        <Table.Td>{u.module.name}</Table.Td>
                        <Table.Td>
                          {u.fromVersion.version} → {u.toVersion.version}
                        </Table.Td>
                        <Table.Td>
                          <Badge color={statusColor[u.status]} variant="outline">
                            {statusLabel[u.status]}
                          </Badge>
                          {u.errorMessage && (
                            <Text size="xs" c="red.9" mt={2}>
                              {u.errorMessage}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <DateText value={u.startedAt} withTime />
                        </Table.Td>
                        <Table.Td>{u.performedByName ?? 'System'}</Table.Td>
                        {canManage && (
                          <Table.Td>
                            {canRollBack ? (
                              <Button
                                size="xs"
                                variant="subtle"
                                loading={rollingBack.loading}
                                onClick={() => doRollback(u.id)}
                                aria-label={`Roll back ${u.module.name} to ${u.fromVersion.version}`}
                              >
                                Roll back to {u.fromVersion.version}
                              </Button>
                            ) : (
                              <Text size="xs" c="dimmed">
                                —
                              </Text>
                            )}
                          </Table.Td>
                        )}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryStates>
      </Stack>

      <Modal opened={!!confirming} onClose={() => setConfirming(null)} title="Confirm a breaking update" centered>
        {confirming && (
          <Stack>
            <Text size="sm">
              {confirming.entry.module.name} {confirming.entry.installedVersion.version} → {confirming.option.version.version} is a{' '}
              <strong>breaking</strong> update
              {confirming.option.path.requiresDowntime ? ' that needs downtime' : ''}
              {confirming.option.path.estimatedDurationMinutes !== null
                ? ` (about ${confirming.option.path.estimatedDurationMinutes} minutes)`
                : ''}
              .
            </Text>
            <List size="sm">
              <List.Item>Integrations and custom code relying on the old behaviour may stop working.</List.Item>
              {confirming.option.path.requiresDowntime && <List.Item>The instance is unavailable while the migration runs.</List.Item>}
            </List>
            <Checkbox
              label="I understand this update is breaking"
              checked={accepted}
              onChange={(e) => setAccepted(e.currentTarget.checked)}
            />
            <FormErrorAlert errors={errors} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(null)}>
                Cancel
              </Button>
              <Button
                color="red.8"
                disabled={!accepted}
                loading={starting.loading}
                onClick={() => doStart(confirming.entry, confirming.option, true)}
              >
                Start the update
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>

      <Modal
        opened={!!failing}
        onClose={() => setFailing(null)}
        title={failing ? `Mark the update of ${failing.label} as failed` : ''}
        centered
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (failing) void doReport(failing.id, 'failed', failMessage);
          }}
        >
          <Stack>
            <Textarea
              label="What failed?"
              required
              autosize
              minRows={3}
              value={failMessage}
              onChange={(e) => {
                setFailMessage(e.currentTarget.value);
                failErrors.clearField('errorMessage');
              }}
              error={failErrors.field('errorMessage')}
            />
            <FormErrorAlert errors={failErrors.general} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setFailing(null)}>
                Cancel
              </Button>
              <Button type="submit" color="red.8" loading={reporting.loading}>
                Mark as failed
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
