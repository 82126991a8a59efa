import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Card, Code, Group, Menu, Modal, Stack, Switch, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconPlus, IconServer } from '@tabler/icons-react';
import type { AdminSoftwaresQuery as Data, CoreValidationStatus } from '../../../gql/graphql';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { AdminSoftwaresQuery } from './graphql/admin-softwares.query';
import { SoftwareCreateMutation } from './graphql/software-create.mutation';
import { SoftwareUpdateMutation } from './graphql/software-update.mutation';
import { SoftwareCoreCreateMutation } from './graphql/software-core-create.mutation';
import { SoftwareCoreSetStatusMutation } from './graphql/software-core-set-status.mutation';
import { AdminCrumbs } from '../components/admin-crumbs';
import { CoreModulesSection } from './core-modules-section';
import { PermissionVocabularySection } from './permission-vocabulary-section';
import { ApiSurfaceModal } from './api-surface-modal';

type Software = Data['adminSoftwares'][number];
const STATUS: Record<CoreValidationStatus, { label: string; color: string }> = {
  pending: { label: 'Pending', color: 'orange.8' },
  validated: { label: 'Validated', color: 'green.9' },
  rejected: { label: 'Rejected', color: 'red.8' },
};

export function SoftwaresPage() {
  const query = useQuery(AdminSoftwaresQuery, { fetchPolicy: 'cache-and-network' });
  const [creating, setCreating] = useState(false);
  const [coreFor, setCoreFor] = useState<Software | null>(null);
  const [surfaceOf, setSurfaceOf] = useState<{
    id: number;
    label: string;
    version: string;
    softwareSlug: string;
    namespace: string;
  } | null>(null);
  const [setStatus] = useMutation(SoftwareCoreSetStatusMutation);
  const [update] = useMutation(SoftwareUpdateMutation);
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
      Register a software
    </Button>
  );
  return (
    <>
      <AdminCrumbs current="Softwares & cores" />
      <PageHeader
        title="Softwares & cores"
        description="The platforms modules extend, and their core releases. Vendors declare compatibility against these versions."
        actions={newButton}
      />
      <QueryStates
        query={query}
        isEmpty={(d) => d.adminSoftwares.length === 0}
        empty={<PageEmpty icon={<IconServer aria-hidden />} title="No software registered" action={newButton} />}
      >
        {(d) => (
          <Stack gap="lg">
            {d.adminSoftwares.map((s) => (
              <Card key={s.id} withBorder padding="lg" data-testid="software-card">
                <Group justify="space-between" wrap="wrap" mb="sm">
                  <Stack gap={0}>
                    <Title order={2} fz="lg">
                      {s.name}
                    </Title>
                    <Text size="sm" c="dimmed">
                      {s.slug}
                      {s.namespace ? ` · namespace ${s.namespace}` : ''}
                      {s.installPath ? ` · ${s.installPath}` : ''}
                    </Text>
                  </Stack>
                  <Group gap="sm">
                    <Switch
                      label="Active"
                      checked={s.isActive}
                      onChange={async (e) => {
                        const { data } = await update({
                          variables: { input: { softwareId: s.id, isActive: e.currentTarget.checked } },
                          refetchQueries: ['AdminSoftwares'],
                        });
                        const err = data?.softwareUpdate.errors[0];
                        if (err) notifications.show({ color: 'red', title: 'Not changed', message: err.message });
                      }}
                    />
                    <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setCoreFor(s)}>
                      Add core version
                    </Button>
                  </Group>
                </Group>
                {s.cores.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    No core versions yet.
                  </Text>
                ) : (
                  <Table.ScrollContainer minWidth={900}>
                    <Table verticalSpacing="xs" aria-label={`${s.name} core versions`}>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Version</Table.Th>
                          <Table.Th>Name</Table.Th>
                          <Table.Th>Artifact</Table.Th>
                          <Table.Th>Hash</Table.Th>
                          <Table.Th>Registered</Table.Th>
                          <Table.Th>API surface</Table.Th>
                          <Table.Th>Status</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {s.cores.map((c) => (
                          <Table.Tr key={c.id} data-testid="core-row">
                            <Table.Td fw={600}>{c.version}</Table.Td>
                            <Table.Td>{c.name}</Table.Td>
                            <Table.Td>
                              <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
                                {c.artifactPaths.join(', ') || '—'}
                              </Text>
                            </Table.Td>
                            <Table.Td>
                              <Code fz="xs">{c.hash ? `${c.hash.slice(0, 12)}…` : '—'}</Code>
                            </Table.Td>
                            <Table.Td>
                              <DateText value={c.createdAt} />
                            </Table.Td>
                            <Table.Td>
                              <Stack gap={2} align="flex-start">
                                <Text
                                  size="xs"
                                  c={c.apiSurface ? undefined : 'dimmed'}
                                  data-testid="core-api-surface"
                                  style={{ whiteSpace: 'nowrap' }}
                                >
                                  {c.apiSurface
                                    ? `${c.apiSurface.classes} classes · ${c.apiSurface.functions} functions · ${c.apiSurface.hooks} hooks`
                                    : 'Not registered'}
                                </Text>
                                <Button
                                  size="compact-xs"
                                  variant="subtle"
                                  px={4}
                                  onClick={() =>
                                    setSurfaceOf({
                                      id: c.id,
                                      label: `${s.name} ${c.version}`,
                                      version: c.version,
                                      softwareSlug: s.slug,
                                      namespace: s.namespace ?? s.name,
                                    })
                                  }
                                  aria-label={`${c.apiSurface ? 'Replace' : 'Register'} the API surface of ${s.name} ${c.version}`}
                                >
                                  {c.apiSurface ? 'Replace…' : 'Register…'}
                                </Button>
                              </Stack>
                            </Table.Td>
                            <Table.Td>
                              <Menu position="bottom-end">
                                <Menu.Target>
                                  <Button
                                    size="xs"
                                    variant="light"
                                    color={STATUS[c.validationStatus].color.split('.')[0]}
                                    rightSection={<IconChevronDown size={12} aria-hidden />}
                                    aria-label={`Status of ${s.name} ${c.version}: ${STATUS[c.validationStatus].label}`}
                                  >
                                    {STATUS[c.validationStatus].label}
                                  </Button>
                                </Menu.Target>
                                <Menu.Dropdown>
                                  {(['validated', 'rejected', 'pending'] as const)
                                    .filter((x) => x !== c.validationStatus)
                                    .map((x) => (
                                      <Menu.Item
                                        key={x}
                                        onClick={async () => {
                                          const { data } = await setStatus({ variables: { input: { coreId: c.id, status: x } } });
                                          const err = data?.softwareCoreSetStatus.errors[0];
                                          notifications.show(
                                            err
                                              ? { color: 'red', title: 'Not changed', message: err.message }
                                              : {
                                                  color: 'green',
                                                  title: `${s.name} ${c.version}`,
                                                  message: `Marked ${STATUS[x].label.toLowerCase()}.`,
                                                },
                                          );
                                        }}
                                      >
                                        Mark {STATUS[x].label.toLowerCase()}
                                      </Menu.Item>
                                    ))}
                                </Menu.Dropdown>
                              </Menu>
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
                <CoreModulesSection software={s} />
                <PermissionVocabularySection software={s} />
              </Card>
            ))}
          </Stack>
        )}
      </QueryStates>
      <Modal opened={creating} onClose={() => setCreating(false)} title="Register a software" centered>
        <SoftwareForm onDone={() => setCreating(false)} />
      </Modal>
      <Modal
        opened={!!coreFor}
        onClose={() => setCoreFor(null)}
        title={coreFor ? `New ${coreFor.name} core version` : ''}
        centered
        size="lg"
      >
        {coreFor && <CoreForm software={coreFor} onDone={() => setCoreFor(null)} />}
      </Modal>
      <ApiSurfaceModal core={surfaceOf} onClose={() => setSurfaceOf(null)} />
    </>
  );
}

function SoftwareForm({ onDone }: { onDone: () => void }) {
  const [v, setV] = useState({ name: '', slug: '', installPath: '', namespace: '' });
  const errors = useFormErrors(['name', 'slug', 'installPath', 'namespace']);
  const [create, { loading }] = useMutation(SoftwareCreateMutation, { refetchQueries: ['AdminSoftwares'] });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    errors.clear();
    try {
      const { data } = await create({
        variables: { input: { name: v.name, slug: v.slug, installPath: v.installPath || null, namespace: v.namespace || null } },
      });
      if (data?.softwareCreate.errors.length) return errors.setFromPayload(data.softwareCreate.errors);
      onDone();
    } catch (err) {
      errors.setFromException(err);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Register a software">
      <Stack gap="sm">
        <TextInput
          label="Name"
          required
          value={v.name}
          onChange={(e) => setV({ ...v, name: e.currentTarget.value })}
          error={errors.field('name')}
          data-autofocus
        />
        <TextInput
          label="Slug"
          required
          description="Manifests name the software by this slug."
          value={v.slug}
          onChange={(e) => setV({ ...v, slug: e.currentTarget.value.toLowerCase() })}
          error={errors.field('slug')}
        />
        <TextInput
          label="Install path"
          placeholder="webkernel/src/"
          value={v.installPath}
          onChange={(e) => setV({ ...v, installPath: e.currentTarget.value })}
        />
        <TextInput label="Namespace" value={v.namespace} onChange={(e) => setV({ ...v, namespace: e.currentTarget.value })} />
        <FormErrorAlert errors={errors.general} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={loading}>
            Register
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CoreForm({ software, onDone }: { software: Software; onDone: () => void }) {
  const [v, setV] = useState({ name: software.cores[0]?.name ?? software.name, version: '', paths: '', hash: '', metadata: '' });
  const errors = useFormErrors(['name', 'version', 'hash', 'metadata', 'artifactPaths']);
  const [create, { loading }] = useMutation(SoftwareCoreCreateMutation, { refetchQueries: ['AdminSoftwares'] });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    errors.clear();
    let metadata: unknown = null;
    if (v.metadata.trim()) {
      try {
        metadata = JSON.parse(v.metadata);
      } catch {
        return errors.setFromPayload([
          { code: 'INVALID_METADATA', field: 'metadata', message: 'Metadata must be valid JSON, e.g. {"size": "2MB"}.' },
        ]);
      }
    }
    try {
      const { data } = await create({
        variables: {
          input: {
            softwareId: software.id,
            name: v.name,
            version: v.version.trim(),
            artifactPaths: v.paths
              .split('\n')
              .map((p) => p.trim())
              .filter(Boolean),
            hash: v.hash || null,
            metadata,
          },
        },
      });
      const r = data?.softwareCoreCreate;
      if (r?.errors.length)
        return errors.setFromPayload(
          r.errors.map((x) => ({ ...x, field: x.field?.startsWith('artifactPaths') ? 'artifactPaths' : x.field })),
        );
      notifications.show({ color: 'green', title: 'Core version added', message: `${software.name} ${v.version} is pending validation.` });
      onDone();
    } catch (err) {
      errors.setFromException(err);
    }
  };
  return (
    <form onSubmit={submit} aria-label="New core version">
      <Stack gap="sm">
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label="Release name"
            required
            value={v.name}
            onChange={(e) => setV({ ...v, name: e.currentTarget.value })}
            error={errors.field('name')}
            miw={200}
          />
          <TextInput
            label="Version"
            required
            placeholder="2.1.0"
            value={v.version}
            onChange={(e) => setV({ ...v, version: e.currentTarget.value })}
            error={errors.field('version')}
            miw={120}
            data-autofocus
          />
        </Group>
        <Textarea
          label="Artifact paths"
          description="One per line, relative."
          placeholder="modules/webkernel_horizon_210.zip"
          value={v.paths}
          onChange={(e) => setV({ ...v, paths: e.currentTarget.value })}
          error={errors.field('artifactPaths')}
          autosize
          minRows={2}
        />
        <TextInput
          label="Hash"
          description="Hex digest of the artifact."
          value={v.hash}
          onChange={(e) => setV({ ...v, hash: e.currentTarget.value })}
          error={errors.field('hash')}
        />
        <Textarea
          label="Metadata (JSON)"
          placeholder='{"size": "2.1MB"}'
          value={v.metadata}
          onChange={(e) => setV({ ...v, metadata: e.currentTarget.value })}
          error={errors.field('metadata')}
          autosize
          minRows={2}
        />
        <FormErrorAlert errors={errors.general} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={loading}>
            Add core version
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
