import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { Anchor, Badge, Button, Card, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileText, IconPlus } from '@tabler/icons-react';
import type { ContractType, VendorModuleQuery } from '../../../gql/graphql';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { PageEmpty } from '../../../shared/components/page-states';
import { ModuleContractCreateMutation } from './graphql/module-contract-create.mutation';
import { ModuleContractWithdrawMutation } from './graphql/module-contract-withdraw.mutation';
import { Markdown } from '../../../shared/components/markdown';
import { MarkdownEditor } from '../components/markdown';

type Contract = NonNullable<VendorModuleQuery['vendorModule']>['contracts'][number];

/** Contract versions (EULA or custom): the current one, scheduled ones, history; publish a new version. */
export function ContractsPanel({ moduleId, contracts }: { moduleId: number; contracts: Contract[] }) {
  const [open, setOpen] = useState(false);
  const [withdraw] = useMutation(ModuleContractWithdrawMutation, { refetchQueries: ['VendorModule'] });
  const now = Date.now();
  const addButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen(true)}>
      New contract version
    </Button>
  );
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" maw={620}>
          Buyers accept the contract in effect when they check out. A new version applies to purchases from its date; earlier acceptances
          keep theirs.
        </Text>
        {contracts.length > 0 && addButton}
      </Group>
      {contracts.length === 0 ? (
        <PageEmpty
          icon={<IconFileText aria-hidden />}
          title="No contract yet"
          description="Buyers cannot check out without a contract to accept."
          action={addButton}
        />
      ) : (
        contracts.map((c) => {
          const scheduled = c.isActive && Date.parse(c.effectiveFrom) > now;
          return (
            <Card key={c.id} withBorder padding="md" data-testid="contract-card">
              <Group justify="space-between" wrap="wrap" mb="xs">
                <Group gap="xs">
                  <Text fw={600}>Version {c.version}</Text>
                  <Badge variant="outline" color="gray.7">
                    {c.contractType === 'eula' ? 'EULA' : 'Custom'}
                  </Badge>
                  {c.isCurrent && <Badge color="green.9">In effect</Badge>}
                  {scheduled && (
                    <Badge color="blue.8" variant="outline">
                      Scheduled
                    </Badge>
                  )}
                  {!c.isActive && (
                    <Badge color="gray.7" variant="outline">
                      Withdrawn
                    </Badge>
                  )}
                </Group>
                <Text size="sm" c="dimmed">
                  From <DateText value={c.effectiveFrom} withTime /> · accepted by {c.acceptanceCount} license(s)
                </Text>
              </Group>
              {c.termsUrl && (
                <Anchor href={c.termsUrl} target="_blank" rel="noopener noreferrer" size="sm">
                  {c.termsUrl}
                </Anchor>
              )}
              {c.body && <Markdown source={c.body} headingOffset={2} size="sm" />}
              {scheduled && (
                <Button
                  mt="sm"
                  size="xs"
                  variant="subtle"
                  color="red.8"
                  onClick={async () => {
                    const { data } = await withdraw({ variables: { contractId: c.id } });
                    const err = data?.moduleContractWithdraw.errors[0];
                    notifications.show(
                      err
                        ? { color: 'red', title: 'Not withdrawn', message: err.message }
                        : { color: 'gray', title: 'Contract withdrawn', message: `Version ${c.version} will not take effect.` },
                    );
                  }}
                >
                  Withdraw
                </Button>
              )}
            </Card>
          );
        })
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title="New contract version" size="lg" centered>
        <ContractForm moduleId={moduleId} onDone={() => setOpen(false)} />
      </Modal>
    </Stack>
  );
}

function toLocalInput(d: Date) {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function ContractForm({ moduleId, onDone }: { moduleId: number; onDone: () => void }) {
  const [version, setVersion] = useState('');
  const [type, setType] = useState<ContractType>('eula');
  const [termsUrl, setTermsUrl] = useState('');
  const [body, setBody] = useState('');
  const [from, setFrom] = useState('');
  const errors = useFormErrors(['version', 'contractType', 'termsUrl', 'body', 'effectiveFrom']);
  const [create, { loading }] = useMutation(ModuleContractCreateMutation, { refetchQueries: ['VendorModule'] });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    errors.clear();
    try {
      const { data } = await create({
        variables: {
          input: {
            moduleId,
            version,
            contractType: type,
            termsUrl: termsUrl || null,
            body: body || null,
            effectiveFrom: from ? new Date(from).toISOString() : null,
          },
        },
      });
      if (data?.moduleContractCreate.errors.length) return errors.setFromPayload(data.moduleContractCreate.errors);
      onDone();
    } catch (err) {
      errors.setFromException(err);
    }
  };
  return (
    <form onSubmit={submit} aria-label="New contract version">
      <Stack gap="sm">
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label="Version"
            required
            placeholder="1.1"
            value={version}
            onChange={(e) => setVersion(e.currentTarget.value)}
            error={errors.field('version')}
            miw={120}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="contract-type-label">
              Type
            </Text>
            <SegmentedControl
              aria-labelledby="contract-type-label"
              value={type}
              onChange={(x) => setType(x as ContractType)}
              data={[
                { value: 'eula', label: 'EULA' },
                { value: 'custom', label: 'Custom' },
              ]}
            />
          </Stack>
        </Group>
        <TextInput
          label="Terms URL"
          placeholder="https://…"
          value={termsUrl}
          onChange={(e) => setTermsUrl(e.currentTarget.value)}
          error={errors.field('termsUrl')}
        />
        <MarkdownEditor label="Terms text" value={body} onChange={setBody} error={errors.field('body')} />
        <TextInput
          type="datetime-local"
          label="Effective from"
          description="Empty: now. Never in the past."
          value={from}
          min={toLocalInput(new Date())}
          onChange={(e) => setFrom(e.currentTarget.value)}
          error={errors.field('effectiveFrom')}
        />
        <FormErrorAlert errors={errors.general} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={loading}>
            Publish contract
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
