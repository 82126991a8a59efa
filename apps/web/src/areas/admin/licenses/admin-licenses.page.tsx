import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Group,
  Menu,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCertificate, IconChevronDown, IconSearch } from '@tabler/icons-react';
import type { LicenseStatus } from '../../../gql/graphql';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { AdminLicensesQuery } from './graphql/admin-licenses.query';
import { LicenseSuspendMutation } from './graphql/license-suspend.mutation';
import { LicenseReinstateMutation } from './graphql/license-reinstate.mutation';
import { LicenseRevokeMutation } from './graphql/license-revoke.mutation';
import { RefundModal } from './refund-modal';

type Action = 'suspend' | 'reinstate' | 'revoke';
const ACTIONS: Record<Action, { label: string; verb: string; color: string; allowedFrom: LicenseStatus[] }> = {
  suspend: { label: 'Suspend', verb: 'suspended', color: 'orange.9', allowedFrom: ['active'] },
  reinstate: { label: 'Reinstate', verb: 'reinstated', color: 'green.8', allowedFrom: ['suspended'] },
  revoke: { label: 'Revoke', verb: 'revoked', color: 'red.8', allowedFrom: ['pending', 'active', 'suspended', 'expired'] },
};
const STATUS_COLOR: Record<LicenseStatus, string> = {
  active: 'green.8',
  pending: 'blue.8',
  suspended: 'orange.9',
  expired: 'gray.7',
  revoked: 'red.8',
};

type Row = { id: number; licenseKey: string; orgName: string; status: LicenseStatus; module: { name: string } };

/** `/admin/licenses`: find any license and suspend, reinstate or revoke it with a reason. */
export function AdminLicensesPage() {
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<LicenseStatus | null>(null);
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [pending, setPending] = useState<{ license: Row; action: Action } | null>(null);
  const [refunding, setRefunding] = useState<Row | null>(null);
  const query = useQuery(AdminLicensesQuery, { variables: { first: 50, filter: { search: debounced || null, status } } });

  return (
    <>
      <Breadcrumbs mb="sm" aria-label="Breadcrumb">
        <Anchor component={Link} to="/admin" size="sm">
          Admin
        </Anchor>
        <span aria-current="page">Licenses</span>
      </Breadcrumbs>
      <PageHeader
        title="Licenses"
        description="Every license on the platform. Suspend, reinstate, revoke or refund with a reason; the organization sees it in the license history."
      />
      <Group mb="md" align="flex-end" wrap="wrap">
        <TextInput
          label="Search"
          placeholder="Key, organization or module"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', sm: 320 }}
        />
        <Select
          label="Status"
          placeholder="All"
          clearable
          data={(Object.keys(STATUS_COLOR) as LicenseStatus[]).map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) }))}
          value={status}
          onChange={(v) => setStatus((v as LicenseStatus) ?? null)}
          w={180}
        />
      </Group>
      <QueryStates
        query={query}
        isEmpty={(d) => d.adminLicenses.edges.length === 0}
        empty={<PageEmpty title="No license matches" icon={<IconCertificate aria-hidden />} />}
      >
        {(d) => (
          <Card withBorder padding={0}>
            <Table.ScrollContainer minWidth={820}>
              <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">License</Table.Th>
                    <Table.Th scope="col">Organization</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col">Expires</Table.Th>
                    <Table.Th scope="col">Last change</Table.Th>
                    <Table.Th scope="col">
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.adminLicenses.edges.map(({ node: l }) => {
                    const last = l.statusHistory[l.statusHistory.length - 1];
                    const available = (Object.keys(ACTIONS) as Action[]).filter((a) => ACTIONS[a].allowedFrom.includes(l.status));
                    return (
                      <Table.Tr key={l.id} data-testid="admin-license-row">
                        <Table.Td>
                          <Text size="sm" fw={600}>
                            {l.module.name}{' '}
                            <Text span c="dimmed" size="sm" fw={400}>
                              · {l.plan?.name ?? '—'}
                            </Text>
                          </Text>
                          <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                            {l.licenseKey}
                          </Text>
                        </Table.Td>
                        <Table.Td>{l.orgName}</Table.Td>
                        <Table.Td>
                          <Badge color={STATUS_COLOR[l.status]} variant={l.status === 'active' ? 'filled' : 'outline'}>
                            {l.status}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{l.expiresAt ? <DateText value={l.expiresAt} /> : 'Never'}</Table.Td>
                        <Table.Td>
                          {last ? (
                            <Text size="xs" c="dimmed" maw={260}>
                              {last.reason ?? last.newStatus} · <DateText value={last.changedAt} /> · {last.changedByName ?? 'System'}
                            </Text>
                          ) : (
                            '—'
                          )}
                        </Table.Td>
                        <Table.Td>
                          {
                            <Menu position="bottom-end" withinPortal>
                              <Menu.Target>
                                <Button
                                  size="xs"
                                  variant="default"
                                  rightSection={<IconChevronDown size={14} aria-hidden />}
                                  aria-label={`Actions for ${l.licenseKey}`}
                                >
                                  Actions
                                </Button>
                              </Menu.Target>
                              <Menu.Dropdown>
                                {available.map((a) => (
                                  <Menu.Item key={a} color={ACTIONS[a].color} onClick={() => setPending({ license: l, action: a })}>
                                    {ACTIONS[a].label}…
                                  </Menu.Item>
                                ))}
                                <Menu.Item onClick={() => setRefunding(l)}>Refund…</Menu.Item>
                              </Menu.Dropdown>
                            </Menu>
                          }
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        )}
      </QueryStates>
      <ActionModal pending={pending} onClose={() => setPending(null)} />
      <RefundModal license={refunding} onClose={() => setRefunding(null)} />
    </>
  );
}

function ActionModal({ pending, onClose }: { pending: { license: Row; action: Action } | null; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const errors = useFormErrors(['reason', 'licenseId']);
  const opts = { refetchQueries: [AdminLicensesQuery] };
  const [suspend, s] = useMutation(LicenseSuspendMutation, opts);
  const [reinstate, r] = useMutation(LicenseReinstateMutation, opts);
  const [revoke, v] = useMutation(LicenseRevokeMutation, opts);
  const loading = s.loading || r.loading || v.loading;
  const close = () => {
    setReason('');
    errors.clear();
    onClose();
  };
  const submit = async () => {
    if (!pending) return;
    errors.clear();
    const variables = { input: { licenseId: pending.license.id, reason } };
    try {
      const result =
        pending.action === 'suspend'
          ? (await suspend({ variables })).data?.licenseSuspend
          : pending.action === 'reinstate'
            ? (await reinstate({ variables })).data?.licenseReinstate
            : (await revoke({ variables })).data?.licenseRevoke;
      if (result?.errors.length) {
        errors.setFromPayload(result.errors);
        return;
      }
      notifications.show({ color: 'green', message: `License ${pending.license.licenseKey} ${ACTIONS[pending.action].verb}.` });
      close();
    } catch (e) {
      errors.setFromException(e);
    }
  };
  const a = pending ? ACTIONS[pending.action] : null;
  return (
    <Modal opened={pending !== null} onClose={close} title={a ? `${a.label} license` : ''} centered>
      {pending && a && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack>
            <Text size="sm">
              {pending.license.module.name} for {pending.license.orgName} ({pending.license.licenseKey}).
              {pending.action === 'revoke' ? ' Revoking is final.' : ''}
            </Text>
            <Textarea
              label="Reason"
              description="Shown in the license history."
              value={reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                errors.clearField('reason');
              }}
              error={errors.field('reason')}
              maxLength={500}
              autosize
              minRows={2}
              required
              data-autofocus
            />
            <FormErrorAlert errors={errors.general} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color={a.color} loading={loading}>
                {a.label}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
