import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Anchor, Badge, Breadcrumbs, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCircleCheck, IconRefresh } from '@tabler/icons-react';
import type { CoreUpgradeOutcome } from '../../../gql/graphql';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { FormErrorAlert, payloadErrorsFromException, type PayloadError } from '../../../shared/components/form-errors';
import { NotFoundPage } from '../../../shared/pages/not-found.page';
import { hasErrorCode } from '../../../shared/errors/describe-error';
import { InstanceDetailQuery } from './graphql/instance-detail.query';
import { InstanceCoreChoicesQuery } from './graphql/software-cores.query';
import { CoreUpgradeCheckQuery } from './graphql/core-upgrade-check.query';
import { InstanceUpdateMutation } from './graphql/instance-update.mutation';
import { CoreLabel, validationLabel } from './instance-badges';
import { useInstanceAccess } from './use-instance-access';

const outcomeLabel: Record<CoreUpgradeOutcome, string> = {
  STAYS_COMPATIBLE: 'Stays compatible',
  NEEDS_UPDATE: 'Needs an update',
  WOULD_BREAK: 'Would break',
};
const outcomeColor: Record<CoreUpgradeOutcome, string> = { STAYS_COMPATIBLE: 'green.9', NEEDS_UPDATE: 'orange.9', WOULD_BREAK: 'red.9' };

function Count({ label, value, color }: { label: string; value: number; color: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} c={value ? color : undefined}>
        {value}
      </Text>
    </Card>
  );
}

/** Before moving an instance to another core version: what happens to each active module. */
export function CoreUpgradePage() {
  const { id } = useParams();
  const instanceId = Number(id);
  const access = useInstanceAccess();
  const instance = useQuery(InstanceDetailQuery, { variables: { id: instanceId }, skip: !Number.isInteger(instanceId) });
  const cores = useQuery(InstanceCoreChoicesQuery);
  const [target, setTarget] = useState<string | null>(null);
  const check = useQuery(CoreUpgradeCheckQuery, {
    variables: { instanceId, targetCoreId: Number(target) },
    skip: !target,
    fetchPolicy: 'network-only',
  });
  const [apply, applying] = useMutation(InstanceUpdateMutation, { refetchQueries: ['InstanceDetail', 'CoreUpgradeCheck', 'OrgInstances'] });
  const [errors, setErrors] = useState<PayloadError[]>([]);

  const i = instance.data?.instance;
  const options = useMemo(() => {
    const sw = cores.data?.softwares.find((s) => s.id === i?.software.id);
    return (sw?.cores ?? [])
      .filter((c) => c.id !== i?.core.id)
      .map((c) => ({ value: String(c.id), label: `${c.name} ${c.version} — ${validationLabel[c.validationStatus]}` }));
  }, [cores.data, i?.software.id, i?.core.id]);

  if (!Number.isInteger(instanceId) || (instance.error && hasErrorCode(instance.error, 'NOT_FOUND'))) return <NotFoundPage />;

  const doApply = async () => {
    if (!target) return;
    setErrors([]);
    try {
      const { data } = await apply({ variables: { input: { id: instanceId, coreId: Number(target) } } });
      const r = data?.instanceUpdate;
      if (r?.errors.length) return setErrors(r.errors);
      notifications.show({
        color: 'green',
        title: 'Core changed',
        message: `${r?.instance?.name} now runs ${r?.instance?.core.name} ${r?.instance?.core.version}.`,
      });
      setTarget(null);
    } catch (e) {
      setErrors(payloadErrorsFromException(e));
    }
  };

  return (
    <QueryStates query={instance}>
      {(d) => (
        <>
          <Breadcrumbs mb="sm" aria-label="Breadcrumb">
            <Anchor component={Link} to="/org/instances" size="sm">
              Instances
            </Anchor>
            <Anchor component={Link} to={`/org/instances/${d.instance.id}`} size="sm">
              {d.instance.name}
            </Anchor>
            <Text size="sm">Core upgrade check</Text>
          </Breadcrumbs>
          <PageHeader
            title="Core upgrade check"
            documentTitle={`Core upgrade check · ${d.instance.name}`}
            description={
              <Group gap="xs" component="span">
                {d.instance.name} runs <CoreLabel core={d.instance.core} />
              </Group>
            }
          />
          <Select
            label="Target core version"
            description={`Another core of ${d.instance.software.name}: see which active modules keep working, need an update first, or would break.`}
            placeholder={cores.loading ? 'Loading core versions…' : 'Choose a core version'}
            data={options}
            value={target}
            onChange={(v) => {
              setErrors([]);
              setTarget(v);
            }}
            maw={480}
            mb="lg"
            nothingFoundMessage="No other core version"
            error={cores.error ? 'The core versions could not be loaded.' : undefined}
          />
          {!target ? (
            <PageEmpty
              title="Choose a target core version"
              description={`${d.instance.modules.length} active module${d.instance.modules.length === 1 ? '' : 's'} will be checked against it.`}
            />
          ) : (
            <QueryStates query={check}>
              {(c) => {
                const r = c.coreUpgradeCheck;
                return (
                  <Stack gap="md" data-testid="core-upgrade-result">
                    {r.safe ? (
                      <Alert
                        color={r.needsUpdate ? 'orange' : 'green'}
                        variant="light"
                        icon={r.needsUpdate ? <IconRefresh aria-hidden /> : <IconCircleCheck aria-hidden />}
                        title={r.needsUpdate ? 'Possible after updates' : 'Safe to upgrade'}
                      >
                        {r.needsUpdate
                          ? 'No module would break, but some need an update (see when below).'
                          : `Every active module runs on ${r.targetCore.name} ${r.targetCore.version}.`}
                      </Alert>
                    ) : (
                      <Alert
                        color="red"
                        variant="light"
                        icon={<IconAlertTriangle aria-hidden />}
                        title="Some modules would break"
                        role="alert"
                      >
                        No approved version of these modules runs on {r.targetCore.name} {r.targetCore.version}.
                      </Alert>
                    )}
                    <SimpleGrid cols={{ base: 3 }} spacing="sm" maw={560}>
                      <Count label="Compatible" value={r.staysCompatible} color="green.9" />
                      <Count label="Need update" value={r.needsUpdate} color="orange.9" />
                      <Count label="Would break" value={r.wouldBreak} color="red.9" />
                    </SimpleGrid>
                    {r.modules.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        No module is active on this instance.
                      </Text>
                    ) : (
                      <Table.ScrollContainer minWidth={640}>
                        <Table verticalSpacing="sm" aria-label="Modules on the target core">
                          <Table.Thead>
                            <Table.Tr>
                              <Table.Th>Module</Table.Th>
                              <Table.Th>Outcome</Table.Th>
                              <Table.Th>What to do</Table.Th>
                            </Table.Tr>
                          </Table.Thead>
                          <Table.Tbody>
                            {r.modules.map((m) => (
                              <Table.Tr key={m.module.id} data-testid="core-upgrade-module">
                                <Table.Td>
                                  <Text fw={600} size="sm">
                                    {m.module.name}
                                  </Text>
                                  <Text size="xs" c="dimmed">
                                    installed {m.currentVersion.version}
                                  </Text>
                                </Table.Td>
                                <Table.Td>
                                  <Badge color={outcomeColor[m.outcome]} variant="outline">
                                    {outcomeLabel[m.outcome]}
                                  </Badge>
                                  {m.targetVersion && (
                                    <Text size="xs" mt={2}>
                                      → {m.targetVersion.version}
                                      {m.updatePathAvailable ? '' : ' (no update path yet)'}
                                    </Text>
                                  )}
                                </Table.Td>
                                <Table.Td>
                                  <Text size="sm">{m.message}</Text>
                                </Table.Td>
                              </Table.Tr>
                            ))}
                          </Table.Tbody>
                        </Table>
                      </Table.ScrollContainer>
                    )}
                    {access.canManage && d.instance.isActive && (
                      <Card withBorder padding="md">
                        <Stack gap="xs">
                          <Title order={2} fz="md">
                            Move the instance to {r.targetCore.name} {r.targetCore.version}
                          </Title>
                          <Text size="sm" c="dimmed">
                            Record the core change once the instance runs the new core. It is refused while an active module does not
                            support it.
                          </Text>
                          <FormErrorAlert errors={errors} />
                          <Group>
                            <Button onClick={doApply} loading={applying.loading} disabled={!r.safe || r.needsUpdate > 0}>
                              Record the core change
                            </Button>
                            {r.needsUpdate > 0 && (
                              <Anchor component={Link} to={`/org/instances/${d.instance.id}?tab=updates`} size="sm">
                                Open the updates
                              </Anchor>
                            )}
                          </Group>
                        </Stack>
                      </Card>
                    )}
                  </Stack>
                );
              }}
            </QueryStates>
          )}
        </>
      )}
    </QueryStates>
  );
}
