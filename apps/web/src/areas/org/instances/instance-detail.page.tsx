import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Anchor, Badge, Breadcrumbs, Button, Group, Menu, Modal, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconPlugConnected, IconArrowUpCircle } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, payloadErrorsFromException, type PayloadError } from '../../../shared/components/form-errors';
import { NotFoundPage } from '../../../shared/pages/not-found.page';
import { hasErrorCode } from '../../../shared/errors/describe-error';
import { InstanceDetailQuery } from './graphql/instance-detail.query';
import { InstanceDeactivateMutation } from './graphql/instance-deactivate.mutation';
import { CoreLabel, EnvironmentBadge } from './instance-badges';
import { ModulesPanel } from './modules-panel';
import { ActivateModuleModal } from './activate-module-modal';
import { UpdatesPanel } from './updates-panel';
import { ActivationLogPanel } from './activation-log-panel';
import { UsagePanel } from './usage-panel';
import { ErrorsPanel } from './errors-panel';
import { CredentialsPanel } from './credentials-panel';
import { EditInstanceModal } from './edit-instance-modal';
import { useInstanceAccess } from './use-instance-access';

const TABS = ['modules', 'updates', 'activity', 'usage', 'errors', 'credentials'] as const;
type Tab = (typeof TABS)[number];

export function InstanceDetailPage() {
  const { id } = useParams();
  const instanceId = Number(id);
  const access = useInstanceAccess();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'modules';
  const query = useQuery(InstanceDetailQuery, { variables: { id: instanceId }, skip: !Number.isInteger(instanceId) });
  const [activating, setActivating] = useState(false);
  const [editing, setEditing] = useState(false);
  const [deactivating, setDeactivating] = useState(false);
  const [deactivateErrors, setDeactivateErrors] = useState<PayloadError[]>([]);
  const [deactivate, deactivation] = useMutation(InstanceDeactivateMutation, {
    refetchQueries: ['InstanceDetail', 'OrgInstances', 'InstanceActivationLog'],
  });

  if (!Number.isInteger(instanceId) || (query.error && hasErrorCode(query.error, 'NOT_FOUND'))) return <NotFoundPage />;

  const confirmDeactivate = async () => {
    try {
      const { data } = await deactivate({ variables: { id: instanceId } });
      const r = data?.instanceDeactivate;
      if (r?.errors.length) return setDeactivateErrors(r.errors);
      setDeactivating(false);
      notifications.show({
        color: 'gray',
        title: 'Instance deactivated',
        message: 'Its modules were deactivated and its credentials stopped working.',
      });
    } catch (e) {
      setDeactivateErrors(payloadErrorsFromException(e));
    }
  };

  return (
    <QueryStates query={query}>
      {(d) => {
        const i = d.instance;
        const canManage = access.canManage && i.isActive;
        return (
          <>
            <Breadcrumbs mb="sm" aria-label="Breadcrumb">
              <Anchor component={Link} to="/org/instances" size="sm">
                Instances
              </Anchor>
              <Text size="sm">{i.name}</Text>
            </Breadcrumbs>
            <PageHeader
              title={i.name}
              documentTitle={`${i.name} · Instances`}
              description={
                <Stack gap={6} component="span">
                  <Group gap="xs" component="span" wrap="wrap">
                    <EnvironmentBadge environment={i.environment} />
                    {!i.isActive && (
                      <Badge component="span" color="gray.8" variant="filled">
                        Deactivated
                      </Badge>
                    )}
                    <span style={{ overflowWrap: 'anywhere' }}>{i.domain ?? 'No domain'}</span>
                  </Group>
                  <Group gap="xs" component="span" wrap="wrap">
                    <span>{i.software.name} core:</span>
                    <CoreLabel core={i.core} />
                  </Group>
                </Stack>
              }
              actions={
                <>
                  {canManage && (
                    <Button leftSection={<IconPlugConnected size={18} aria-hidden />} onClick={() => setActivating(true)}>
                      Activate module
                    </Button>
                  )}
                  <Button
                    component={Link}
                    to={`/org/instances/${i.id}/core-upgrade`}
                    variant="default"
                    leftSection={<IconArrowUpCircle size={18} aria-hidden />}
                  >
                    Core upgrade check
                  </Button>
                  {canManage && (
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <Button variant="default" rightSection={<IconChevronDown size={16} aria-hidden />}>
                          More
                        </Button>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setEditing(true)}>Edit name, environment, domain</Menu.Item>
                        <Menu.Item
                          color="red"
                          onClick={() => {
                            setDeactivateErrors([]);
                            setDeactivating(true);
                          }}
                        >
                          Deactivate instance
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </>
              }
            />
            {!i.isActive && (
              <Alert color="gray" mb="md" title="This instance is deactivated">
                Its modules were deactivated and its API credentials are refused. The history stays available.
              </Alert>
            )}
            <Tabs value={tab} onChange={(v) => setParams(v && v !== 'modules' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="modules">Modules ({i.modules.length})</Tabs.Tab>
                <Tabs.Tab value="updates">Updates</Tabs.Tab>
                <Tabs.Tab value="activity">Activity log</Tabs.Tab>
                <Tabs.Tab value="usage">Usage</Tabs.Tab>
                <Tabs.Tab value="errors">Errors</Tabs.Tab>
                {access.canManage && <Tabs.Tab value="credentials">API credentials</Tabs.Tab>}
              </Tabs.List>
              <Tabs.Panel value="modules">
                <ModulesPanel instance={i} canManage={canManage} onActivate={() => setActivating(true)} />
              </Tabs.Panel>
              <Tabs.Panel value="updates">
                <UpdatesPanel
                  instanceId={i.id}
                  canManage={access.canManage}
                  canConsent={i.viewerCanConsentPermissions}
                  active={i.isActive}
                />
              </Tabs.Panel>
              <Tabs.Panel value="activity">
                <ActivationLogPanel instanceId={i.id} />
              </Tabs.Panel>
              <Tabs.Panel value="usage">
                <UsagePanel instanceId={i.id} />
              </Tabs.Panel>
              <Tabs.Panel value="errors">
                <ErrorsPanel instanceId={i.id} canManage={access.canManage} />
              </Tabs.Panel>
              {access.canManage && (
                <Tabs.Panel value="credentials">
                  <CredentialsPanel instanceId={i.id} active={i.isActive} />
                </Tabs.Panel>
              )}
            </Tabs>
            <Text size="xs" c="dimmed" mt="xl">
              Registered <DateText value={i.createdAt} /> · last changed <DateText value={i.updatedAt} withTime />
            </Text>
            {canManage && (
              <ActivateModuleModal
                instanceId={i.id}
                instanceName={i.name}
                canConsent={i.viewerCanConsentPermissions}
                opened={activating}
                onClose={() => setActivating(false)}
              />
            )}
            {canManage && <EditInstanceModal instance={i} opened={editing} onClose={() => setEditing(false)} />}
            <Modal opened={deactivating} onClose={() => setDeactivating(false)} title={`Deactivate ${i.name}?`} centered>
              <Stack>
                <Text size="sm">
                  Every module active on it is deactivated (freeing its license seats) and its API credentials stop working.
                </Text>
                <FormErrorAlert errors={deactivateErrors} />
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => setDeactivating(false)}>
                    Cancel
                  </Button>
                  <Button color="red.8" loading={deactivation.loading} onClick={confirmDeactivate}>
                    Deactivate
                  </Button>
                </Group>
              </Stack>
            </Modal>
          </>
        );
      }}
    </QueryStates>
  );
}
