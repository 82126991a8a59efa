import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { Badge, Button, Group, Modal, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconReceiptTax } from '@tabler/icons-react';
import type { AdminTaxRulesQuery as Data } from '../../../gql/graphql';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { AdminTaxRulesQuery } from './graphql/admin-tax-rules.query';
import { TaxRuleCreateMutation } from './graphql/tax-rule-create.mutation';
import { TaxRuleUpdateMutation } from './graphql/tax-rule-update.mutation';
import { TaxRuleDeleteMutation } from './graphql/tax-rule-delete.mutation';
import { percent, ratePercent } from '../../../shared/format/rate.format';
import { AdminCrumbs, shiftPercent } from '../components/admin-crumbs';
import { fromLocalInput, toLocalInput } from '../../../shared/format/date.format';

type Rule = Data['adminTaxRules']['edges'][number]['node'];
const FIELDS = ['countryCode', 'region', 'taxName', 'taxRate', 'effectiveFrom', 'effectiveTo'];

export function TaxRulesPage() {
  const [params, setParams] = useSearchParams();
  const country = params.get('country') ?? '';
  const query = useQuery(AdminTaxRulesQuery, { variables: { filter: { countryCode: country || null } }, fetchPolicy: 'cache-and-network' });
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [remove] = useMutation(TaxRuleDeleteMutation, { refetchQueries: ['AdminTaxRules'] });
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
      New tax rule
    </Button>
  );
  const now = Date.now();
  return (
    <>
      <AdminCrumbs current="Tax rules" />
      <PageHeader
        title="Tax rules"
        description="The rate applied at checkout by billing country and region (a regional rule wins over the country's). Active rules of one place never overlap."
        actions={newButton}
      />
      <Group mb="md" align="flex-end">
        <TextInput
          label="Country"
          placeholder="All (e.g. FR)"
          value={country}
          maxLength={2}
          onChange={(e) => setParams(e.currentTarget.value ? { country: e.currentTarget.value.toUpperCase() } : {}, { replace: true })}
          w={140}
        />
      </Group>
      <QueryStates
        query={query}
        isEmpty={(d) => d.adminTaxRules.edges.length === 0}
        empty={
          <PageEmpty
            icon={<IconReceiptTax aria-hidden />}
            title="No tax rules"
            description={country ? `Nothing for ${country}.` : undefined}
            action={newButton}
          />
        }
      >
        {(d) => (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover aria-label="Tax rules">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Place</Table.Th>
                  <Table.Th>Tax</Table.Th>
                  <Table.Th>Rate</Table.Th>
                  <Table.Th>From</Table.Th>
                  <Table.Th>To</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.adminTaxRules.edges.map(({ node: r }) => {
                  const inEffect = r.isActive && Date.parse(r.effectiveFrom) <= now && (!r.effectiveTo || Date.parse(r.effectiveTo) > now);
                  return (
                    <Table.Tr key={r.id} data-testid="tax-rule-row">
                      <Table.Td fw={600}>
                        {r.countryCode}
                        {r.region ? ` – ${r.region}` : ''}
                      </Table.Td>
                      <Table.Td>{r.taxName}</Table.Td>
                      <Table.Td>{percent(r.taxRate)}</Table.Td>
                      <Table.Td>
                        <DateText value={r.effectiveFrom} />
                      </Table.Td>
                      <Table.Td>{r.effectiveTo ? <DateText value={r.effectiveTo} /> : 'open'}</Table.Td>
                      <Table.Td>
                        {!r.isActive ? (
                          <Badge color="gray.7" variant="outline">
                            Inactive
                          </Badge>
                        ) : inEffect ? (
                          <Badge color="green.9">In effect</Badge>
                        ) : (
                          <Badge color="blue.8" variant="outline">
                            Scheduled / ended
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button size="xs" variant="default" onClick={() => setEditing(r)}>
                            Edit
                          </Button>
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red.8"
                            aria-label={`Delete ${r.taxName} ${r.countryCode}`}
                            onClick={async () => {
                              const { data: x } = await remove({ variables: { taxRuleId: r.id } });
                              const err = x?.taxRuleDelete.errors[0];
                              notifications.show(
                                err
                                  ? { color: 'red', title: 'Not deleted', message: err.message }
                                  : { color: 'gray', title: 'Tax rule deleted', message: `${r.taxName} ${r.countryCode}` },
                              );
                            }}
                          >
                            Delete
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryStates>
      <Modal
        opened={!!editing}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New tax rule' : 'Edit tax rule'}
        centered
        size="lg"
      >
        {editing && <RuleForm rule={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}

function RuleForm({ rule, onDone }: { rule: Rule | null; onDone: () => void }) {
  const [v, setV] = useState({
    countryCode: rule?.countryCode ?? '',
    region: rule?.region ?? '',
    taxName: rule?.taxName ?? '',
    rate: rule ? ratePercent(rule.taxRate) : '',
    isActive: rule?.isActive ?? true,
    from: toLocalInput(rule?.effectiveFrom),
    to: toLocalInput(rule?.effectiveTo),
  });
  const errors = useFormErrors(FIELDS);
  const [create, c] = useMutation(TaxRuleCreateMutation, { refetchQueries: ['AdminTaxRules'] });
  const [update, u] = useMutation(TaxRuleUpdateMutation, { refetchQueries: ['AdminTaxRules'] });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    errors.clear();
    const r = v.rate.trim().replace(',', '.');
    const taxRate = /^\d{1,3}(\.\d{1,2})?$/.test(r) ? shiftPercent(r) : r;
    const effectiveFrom = fromLocalInput(v.from);
    if (!effectiveFrom) return errors.setFromPayload([{ code: 'REQUIRED', field: 'effectiveFrom', message: 'When does the rule start?' }]);
    try {
      if (rule) {
        const { data } = await update({
          variables: {
            input: {
              taxRuleId: rule.id,
              countryCode: v.countryCode,
              region: v.region,
              taxName: v.taxName,
              taxRate,
              isActive: v.isActive,
              effectiveFrom,
              effectiveTo: fromLocalInput(v.to),
              clearEffectiveTo: !v.to,
            },
          },
        });
        if (data?.taxRuleUpdate.errors.length) return errors.setFromPayload(data.taxRuleUpdate.errors);
      } else {
        const { data } = await create({
          variables: {
            input: {
              countryCode: v.countryCode,
              region: v.region || null,
              taxName: v.taxName,
              taxRate,
              isActive: v.isActive,
              effectiveFrom,
              effectiveTo: fromLocalInput(v.to),
            },
          },
        });
        if (data?.taxRuleCreate.errors.length) return errors.setFromPayload(data.taxRuleCreate.errors);
      }
      onDone();
    } catch (err) {
      errors.setFromException(err);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Tax rule">
      <Stack gap="sm">
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label="Country"
            required
            description="ISO code, e.g. FR"
            maxLength={2}
            value={v.countryCode}
            onChange={(e) => setV({ ...v, countryCode: e.currentTarget.value.toUpperCase() })}
            error={errors.field('countryCode')}
            miw={110}
            data-autofocus
          />
          <TextInput
            label="Region"
            description="Empty: whole country"
            value={v.region}
            onChange={(e) => setV({ ...v, region: e.currentTarget.value.toUpperCase() })}
            error={errors.field('region')}
            miw={110}
          />
          <TextInput
            label="Tax name"
            required
            placeholder="VAT"
            value={v.taxName}
            onChange={(e) => setV({ ...v, taxName: e.currentTarget.value })}
            error={errors.field('taxName')}
            miw={120}
          />
          <TextInput
            label="Rate (%)"
            required
            inputMode="decimal"
            placeholder="20"
            value={v.rate}
            onChange={(e) => setV({ ...v, rate: e.currentTarget.value })}
            error={errors.field('taxRate')}
            miw={90}
          />
        </Group>
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            type="datetime-local"
            label="Effective from"
            required
            value={v.from}
            onChange={(e) => setV({ ...v, from: e.currentTarget.value })}
            error={errors.field('effectiveFrom')}
            miw={200}
          />
          <TextInput
            type="datetime-local"
            label="Effective to (exclusive)"
            description="Empty: open-ended"
            value={v.to}
            onChange={(e) => setV({ ...v, to: e.currentTarget.value })}
            error={errors.field('effectiveTo')}
            miw={200}
          />
        </Group>
        <Switch label="Active" checked={v.isActive} onChange={(e) => setV({ ...v, isActive: e.currentTarget.checked })} />
        <Text size="xs" c="dimmed">
          Purchases keep a copy of the tax they paid: editing or deleting a rule never changes past invoices.
        </Text>
        <FormErrorAlert errors={errors.general} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={c.loading || u.loading}>
            {rule ? 'Save rule' : 'Create rule'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
