import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { ActionIcon, Alert, Badge, Button, Code, CopyButton, Group, Modal, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconKey, IconShieldLock } from '@tabler/icons-react';
import { DateText } from '../../../shared/components/date-text';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { FormErrorAlert, payloadErrorsFromException, useFormErrors, type PayloadError } from '../../../shared/components/form-errors';
import { formatRelative } from '../../../shared/format/date.format';
import { InstanceCredentialsQuery } from './graphql/instance-credentials.query';
import { InstanceCredentialCreateMutation } from './graphql/instance-credential-create.mutation';
import { InstanceCredentialRevokeMutation } from './graphql/instance-credential-revoke.mutation';

function Copy({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : `Copy ${label}`} withArrow>
          <ActionIcon variant="subtle" color={copied ? 'green' : 'gray'} onClick={copy} aria-label={`Copy ${label}`}>
            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

/** API credentials of an instance: create (secret shown once, with copy), list with last use, revoke. */
export function CredentialsPanel({ instanceId, active }: { instanceId: number; active: boolean }) {
  const query = useQuery(InstanceCredentialsQuery, { variables: { instanceId } });
  const [create, creating] = useMutation(InstanceCredentialCreateMutation, { refetchQueries: ['InstanceCredentials'] });
  const [revoke, revoking] = useMutation(InstanceCredentialRevokeMutation, { refetchQueries: ['InstanceCredentials'] });
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const createErrors = useFormErrors(['name']);
  const [created, setCreated] = useState<{ keyId: string; secret: string } | null>(null);
  const [revokeTarget, setRevokeTarget] = useState<{ id: number; keyId: string; name: string | null } | null>(null);
  const [revokeErrors, setRevokeErrors] = useState<PayloadError[]>([]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const { data } = await create({ variables: { input: { instanceId, name: name.trim() || null } } });
      const r = data?.instanceCredentialCreate;
      if (r?.errors.length) return createErrors.setFromPayload(r.errors);
      if (r?.credential && r.secret) {
        setNaming(false);
        setName('');
        setCreated({ keyId: r.credential.keyId, secret: r.secret });
      }
    } catch (err) {
      createErrors.setFromException(err);
    }
  };

  const confirmRevoke = async () => {
    if (!revokeTarget) return;
    try {
      const { data } = await revoke({ variables: { id: revokeTarget.id } });
      const r = data?.instanceCredentialRevoke;
      if (r?.errors.length) return setRevokeErrors(r.errors);
      notifications.show({ color: 'gray', title: 'Credentials revoked', message: `${revokeTarget.keyId} no longer works.` });
      setRevokeTarget(null);
    } catch (e) {
      setRevokeErrors(payloadErrorsFromException(e));
    }
  };

  const newButton = active ? (
    <Button
      leftSection={<IconKey size={16} aria-hidden />}
      onClick={() => {
        createErrors.clear();
        setNaming(true);
      }}
    >
      New credentials
    </Button>
  ) : null;

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" maw={560}>
          The instance authenticates to the instance API (license validation, downloads, usage and error reports) with a key id and a
          secret.
        </Text>
        {newButton}
      </Group>
      <QueryStates
        query={query}
        isEmpty={(d) => d.instanceCredentials.length === 0}
        empty={
          <PageEmpty
            icon={<IconShieldLock aria-hidden />}
            title="No credentials yet"
            description="Create credentials and configure them on the instance."
            action={newButton}
          />
        }
      >
        {(d) => (
          <Table.ScrollContainer minWidth={600}>
            <Table verticalSpacing="sm" aria-label="API credentials">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Key id</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.instanceCredentials.map((c) => (
                  <Table.Tr key={c.id} data-testid="credential-row">
                    <Table.Td>
                      {c.name ?? (
                        <Text span c="dimmed" size="sm">
                          Unnamed
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Code fz="xs">{c.keyId}</Code>
                        <Copy value={c.keyId} label="key id" />
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <DateText value={c.createdAt} />
                    </Table.Td>
                    <Table.Td>
                      {c.lastUsedAt ? (
                        <span title={c.lastUsedAt}>{formatRelative(c.lastUsedAt)}</span>
                      ) : (
                        <Text span c="dimmed" size="sm">
                          Never
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {c.revokedAt ? (
                        <Badge color="gray.8" variant="outline">
                          Revoked <DateText value={c.revokedAt} />
                        </Badge>
                      ) : (
                        <Group gap="xs" wrap="nowrap">
                          <Badge color="green.9" variant="outline">
                            Active
                          </Badge>
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red.8"
                            onClick={() => {
                              setRevokeErrors([]);
                              setRevokeTarget(c);
                            }}
                            aria-label={`Revoke ${c.keyId}`}
                          >
                            Revoke
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryStates>

      <Modal opened={naming} onClose={() => setNaming(false)} title="New API credentials" centered>
        <form onSubmit={submit} aria-label="New API credentials">
          <Stack>
            <TextInput
              label="Name"
              description="Where they will be used, e.g. “web nodes” (optional)."
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={createErrors.field('name')}
              data-autofocus
            />
            <FormErrorAlert errors={createErrors.general} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setNaming(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={creating.loading}>
                Create
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal opened={!!created} onClose={() => setCreated(null)} title="Copy the secret now" centered closeOnClickOutside={false}>
        {created && (
          <Stack data-testid="new-credential">
            <Alert color="orange" variant="light" title="Shown only once">
              Only a hash of the secret is stored: it cannot be shown again. Store it in the instance’s configuration now; if it is lost,
              create new credentials and revoke these.
            </Alert>
            <div>
              <Text size="sm" fw={600}>
                Key id
              </Text>
              <Group gap={4} wrap="nowrap">
                <Code fz="sm" style={{ overflowWrap: 'anywhere' }} data-testid="new-key-id">
                  {created.keyId}
                </Code>
                <Copy value={created.keyId} label="key id" />
              </Group>
            </div>
            <div>
              <Text size="sm" fw={600}>
                Secret
              </Text>
              <Group gap={4} wrap="nowrap">
                <Code fz="sm" style={{ overflowWrap: 'anywhere' }} data-testid="new-secret">
                  {created.secret}
                </Code>
                <Copy value={created.secret} label="secret" />
              </Group>
            </div>
            <Text size="xs" c="dimmed">
              Use them as HTTP Basic credentials (<Code fz="xs">curl -u KEY_ID:SECRET …/api/instance/v1/…</Code>) or in the X-Instance-Key
              and X-Instance-Secret headers.
            </Text>
            <Group justify="flex-end">
              <Button onClick={() => setCreated(null)}>I have stored the secret</Button>
            </Group>
          </Stack>
        )}
      </Modal>

      <Modal opened={!!revokeTarget} onClose={() => setRevokeTarget(null)} title="Revoke these credentials?" centered>
        <Stack>
          <Text size="sm">
            Requests signed with <Code fz="xs">{revokeTarget?.keyId}</Code> are refused at once. This cannot be undone.
          </Text>
          <FormErrorAlert errors={revokeErrors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevokeTarget(null)}>
              Cancel
            </Button>
            <Button color="red.8" loading={revoking.loading} onClick={confirmRevoke}>
              Revoke
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
