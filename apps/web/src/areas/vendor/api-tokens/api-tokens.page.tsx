import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { formatRelative } from '../../../shared/format/date.format';
import { VendorApiTokensQuery } from './graphql/vendor-api-tokens.query';
import { VendorApiTokenCreateMutation } from './graphql/vendor-api-token-create.mutation';
import { VendorApiTokenRevokeMutation } from './graphql/vendor-api-token-revoke.mutation';
import { useCurrentVendor, VendorSwitcher } from '../components/current-vendor';

/** Publishing tokens for CI: created with the secret shown once (copy), listed by prefix and last use, revoked. */
export function ApiTokensPage() {
  const { vendor } = useCurrentVendor();
  const query = useQuery(VendorApiTokensQuery, { variables: { vendorId: vendor?.id ?? 0 }, skip: !vendor });
  const [create, creating] = useMutation(VendorApiTokenCreateMutation, { refetchQueries: ['VendorApiTokens'] });
  const [revoke] = useMutation(VendorApiTokenRevokeMutation, { refetchQueries: ['VendorApiTokens'] });
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [days, setDays] = useState<number | ''>(90);
  const [secret, setSecret] = useState<string | null>(null);
  const errors = useFormErrors(['name', 'expiresInDays']);
  if (!vendor) return null;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    errors.clear();
    try {
      const { data } = await create({ variables: { input: { vendorId: vendor.id, name, expiresInDays: days === '' ? null : days } } });
      const r = data?.vendorApiTokenCreate;
      if (r?.errors.length) return errors.setFromPayload(r.errors);
      setOpen(false);
      setName('');
      setSecret(r?.secret ?? null);
    } catch (err) {
      errors.setFromException(err);
    }
  };
  const newButton = (
    <Button
      leftSection={<IconKey size={16} aria-hidden />}
      onClick={() => {
        errors.clear();
        setOpen(true);
      }}
    >
      New token
    </Button>
  );
  const origin = typeof window !== 'undefined' ? window.location.origin : '';

  return (
    <>
      <Breadcrumbs mb="sm" aria-label="Breadcrumb">
        <Anchor component={Link} to="/vendor" size="sm">
          Vendor portal
        </Anchor>
        <span aria-current="page">API tokens</span>
      </Breadcrumbs>
      <PageHeader
        title="API tokens"
        description={`Let ${vendor.name}'s CI upload versions without a password. Tokens can only publish.`}
        actions={newButton}
      />
      <Group mb="md">
        <VendorSwitcher />
      </Group>
      <Text size="sm" mb="md">
        Upload from CI:{' '}
        <Code
          block
          mt={4}
        >{`curl -H "Authorization: Bearer $WK_TOKEN" \\\n  -F file=@my-module.zip -F changelog="$(cat CHANGELOG.md)" -F submit=true \\\n  ${origin}/api/vendor/modules/<module id>/artifacts`}</Code>
      </Text>
      <QueryStates
        query={query}
        isEmpty={(d) => d.vendorApiTokens.length === 0}
        empty={
          <PageEmpty
            icon={<IconKey aria-hidden />}
            title="No tokens yet"
            description="Create one per pipeline so you can revoke it alone."
            action={newButton}
          />
        }
      >
        {(d) => (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" aria-label="API tokens">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Token</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.vendorApiTokens.map((t) => (
                  <Table.Tr key={t.id} data-testid="token-row">
                    <Table.Td>
                      {t.name}
                      <Text size="xs" c="dimmed">
                        {t.createdByName}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Code>{t.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>
                      <DateText value={t.createdAt} />
                    </Table.Td>
                    <Table.Td>
                      {t.lastUsedAt ? (
                        <span title={t.lastUsedAt}>{formatRelative(t.lastUsedAt)}</span>
                      ) : (
                        <Text span c="dimmed" size="sm">
                          Never
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <DateText value={t.expiresAt} />
                    </Table.Td>
                    <Table.Td>
                      {t.isActive ? (
                        <Group gap="xs" wrap="nowrap">
                          <Badge color="green.9" variant="outline">
                            Active
                          </Badge>
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red.8"
                            aria-label={`Revoke ${t.name}`}
                            onClick={async () => {
                              const { data: r } = await revoke({ variables: { tokenId: t.id } });
                              const err = r?.vendorApiTokenRevoke.errors[0];
                              notifications.show(
                                err
                                  ? { color: 'red', title: 'Not revoked', message: err.message }
                                  : { color: 'gray', title: 'Token revoked', message: `${t.name} no longer works.` },
                              );
                            }}
                          >
                            Revoke
                          </Button>
                        </Group>
                      ) : (
                        <Badge color="gray.7" variant="outline">
                          {t.revokedAt ? 'Revoked' : 'Expired'}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryStates>
      <Modal opened={open} onClose={() => setOpen(false)} title="New API token" centered>
        <form onSubmit={submit} aria-label="New API token">
          <Stack>
            <TextInput
              label="Name"
              required
              description="Where it is used, e.g. “GitHub Actions”."
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.field('name')}
              data-autofocus
            />
            <NumberInput
              label="Expires after (days)"
              description="Empty: never expires."
              min={1}
              max={730}
              allowDecimal={false}
              value={days}
              onChange={(v) => setDays(v === '' ? '' : Number(v))}
              error={errors.field('expiresInDays')}
            />
            <FormErrorAlert errors={errors.general} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={creating.loading}>
                Create
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={!!secret} onClose={() => setSecret(null)} title="Copy the token now" centered closeOnClickOutside={false}>
        {secret && (
          <Stack data-testid="new-token">
            <Alert color="orange" variant="light" title="Shown only once">
              Only a hash is stored: this token cannot be shown again. Put it in your CI secrets now.
            </Alert>
            <Group gap={4} wrap="nowrap">
              <Code fz="sm" style={{ overflowWrap: 'anywhere' }} data-testid="new-token-secret">
                {secret}
              </Code>
              <CopyButton value={secret} timeout={2000}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? 'Copied' : 'Copy token'} withArrow>
                    <ActionIcon variant="subtle" color={copied ? 'green' : 'gray'} onClick={copy} aria-label="Copy token">
                      {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
            <Group justify="flex-end">
              <Button onClick={() => setSecret(null)}>I have copied it</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
