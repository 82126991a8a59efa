import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Badge, Button, Card, Group, Modal, NumberInput, SimpleGrid, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCreditCard, IconPlus } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { FormErrorAlert, useFormErrors, type PayloadError } from '../../../shared/components/form-errors';
import { DateText } from '../../../shared/components/date-text';
import { describeError } from '../../../shared/errors/describe-error';
import { OrgCrumbs, OrgPermissionGate } from '../components/billing-guard';
import { StoredPaymentMethodsQuery } from './graphql/stored-payment-methods.query';
import { PaymentMethodAddMutation } from './graphql/payment-method-add.mutation';
import { PaymentMethodSetDefaultMutation } from './graphql/payment-method-set-default.mutation';
import { PaymentMethodRemoveMutation } from './graphql/payment-method-remove.mutation';

/** `/org/payment-methods` (manage_billing): cards, the default one that renewals charge, add and remove. */
export function PaymentMethodsPage() {
  return (
    <>
      <OrgCrumbs current="Payment methods" />
      <OrgPermissionGate need="manage_billing" what="the payment methods">
        {(m) => <PaymentMethods key={m.organization.id} orgId={m.organization.id} orgName={m.organization.name} />}
      </OrgPermissionGate>
    </>
  );
}

const expiry = (c: { expMonth?: number | null; expYear?: number | null }) =>
  c.expMonth && c.expYear ? `${String(c.expMonth).padStart(2, '0')}/${c.expYear}` : '—';

function PaymentMethods({ orgId, orgName }: { orgId: number; orgName: string }) {
  const query = useQuery(StoredPaymentMethodsQuery, { variables: { orgId }, fetchPolicy: 'cache-and-network' });
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const refetch = { refetchQueries: [StoredPaymentMethodsQuery], awaitRefetchQueries: true };
  const [setDefault] = useMutation(PaymentMethodSetDefaultMutation, refetch);
  const [remove] = useMutation(PaymentMethodRemoveMutation, refetch);

  const act = async (id: string, what: 'default' | 'remove', label: string) => {
    setBusy(id);
    try {
      if (what === 'default') {
        await setDefault({ variables: { input: { paymentMethodId: id } } });
        notifications.show({ message: `${label} is now the default card.`, color: 'green' });
      } else {
        await remove({ variables: { input: { paymentMethodId: id } } });
        notifications.show({ message: `${label} was removed.`, color: 'gray' });
      }
    } catch (e) {
      notifications.show({ message: describeError(e), color: 'red' });
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageHeader
        title="Payment methods"
        documentTitle={`Payment methods · ${orgName}`}
        description="Cards of your organization. Renewals charge the default card. Card numbers go to the payment provider; we keep only the brand, the last 4 digits and the expiry."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
            Add a card
          </Button>
        }
      />
      <QueryStates
        query={query}
        isEmpty={(d) => d.orgStoredPaymentMethods.length === 0}
        empty={
          <Card withBorder padding="xl">
            <PageEmpty
              icon={<IconCreditCard aria-hidden />}
              title="No card yet"
              description="Add a card to buy modules and to renew subscriptions."
              action={<Button onClick={() => setAdding(true)}>Add a card</Button>}
            />
          </Card>
        }
      >
        {(d) => {
          const cards = d.orgStoredPaymentMethods;
          const hasDefault = cards.some((c) => c.isDefault);
          return (
            <Stack gap="md">
              {!hasDefault && (
                <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title="No default card">
                  Renewals charge the default card. Choose one, or renewals fall back to the card each license was bought with.
                </Alert>
              )}
              <Table.ScrollContainer minWidth={320}>
                <Table verticalSpacing="sm" aria-label="Cards">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Card</Table.Th>
                      <Table.Th visibleFrom="sm">Expires</Table.Th>
                      <Table.Th visibleFrom="sm">Added</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {cards.map((c) => (
                      <Table.Tr key={c.id} data-testid="payment-method-row">
                        <Table.Td>
                          <Group gap="xs" wrap="wrap">
                            <IconCreditCard size={18} aria-hidden />
                            <Text size="sm" fw={600}>
                              {c.label}
                            </Text>
                            {c.isDefault && (
                              <Badge color="indigo.8" variant="filled" size="sm">
                                Default
                              </Badge>
                            )}
                          </Group>
                          {/* On a phone the expiry goes under the card; the columns are for wider screens. */}
                          <Text size="xs" c="dimmed" hiddenFrom="sm" mt={4}>
                            Expires {expiry(c)}
                          </Text>
                        </Table.Td>
                        <Table.Td visibleFrom="sm">
                          <Text size="sm">{expiry(c)}</Text>
                        </Table.Td>
                        <Table.Td visibleFrom="sm">
                          <DateText value={c.createdAt} />
                        </Table.Td>
                        <Table.Td>
                          <Group gap="xs" justify="flex-end" wrap="wrap">
                            {!c.isDefault && (
                              <Button
                                size="xs"
                                variant="default"
                                loading={busy === c.id}
                                onClick={() => void act(c.id, 'default', c.label)}
                                aria-label={`Make ${c.label} the default`}
                              >
                                Make default
                              </Button>
                            )}
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              loading={busy === c.id}
                              onClick={() => void act(c.id, 'remove', c.label)}
                              aria-label={`Remove ${c.label}`}
                            >
                              Remove
                            </Button>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Stack>
          );
        }}
      </QueryStates>
      <AddCardModal orgId={orgId} opened={adding} onClose={() => setAdding(false)} />
    </>
  );
}

const CARD_FIELDS = ['cardNumber', 'expMonth', 'expYear', 'cvc'] as const;

function AddCardModal({ orgId, opened, onClose }: { orgId: number; opened: boolean; onClose: () => void }) {
  const errors = useFormErrors(CARD_FIELDS);
  const empty = { cardNumber: '', expMonth: '' as number | '', expYear: '' as number | '', cvc: '', makeDefault: false };
  const [values, setValues] = useState(empty);
  const [add, { loading }] = useMutation(PaymentMethodAddMutation, {
    refetchQueries: [StoredPaymentMethodsQuery],
    awaitRefetchQueries: true,
  });

  const close = () => {
    setValues(empty);
    errors.clear();
    onClose();
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const local: PayloadError[] = [];
    if (!values.cardNumber.trim()) local.push({ code: 'REQUIRED', field: 'cardNumber', message: 'Enter the card number.' });
    if (values.expMonth === '') local.push({ code: 'REQUIRED', field: 'expMonth', message: 'Enter the month.' });
    if (values.expYear === '') local.push({ code: 'REQUIRED', field: 'expYear', message: 'Enter the year.' });
    if (!values.cvc.trim()) local.push({ code: 'REQUIRED', field: 'cvc', message: 'Enter the security code.' });
    if (local.length) return errors.setFromPayload(local);
    errors.clear();
    try {
      const { data } = await add({
        variables: {
          input: {
            orgId,
            cardNumber: values.cardNumber,
            expMonth: Number(values.expMonth),
            expYear: Number(values.expYear),
            cvc: values.cvc,
            makeDefault: values.makeDefault,
          },
        },
      });
      const p = data?.paymentMethodAdd;
      if (!p) return;
      if (p.errors.length || !p.paymentMethod) return errors.setFromPayload(p.errors);
      notifications.show({
        message: `${p.paymentMethod.label} was added${p.paymentMethod.isDefault ? ' as the default card' : ''}.`,
        color: 'green',
      });
      close();
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title="Add a card" centered>
      <form onSubmit={onSubmit} noValidate aria-label="Add a card">
        <Stack gap="md">
          <Alert color="gray" variant="light">
            <Text size="sm">
              Sandbox test cards: <strong>4242 4242 4242 4242</strong> succeeds, <strong>4000 0000 0000 0002</strong> is declined,{' '}
              <strong>4000 0000 0000 0341</strong> pays now but fails at renewal. Any future expiry and any 3 digits.
            </Text>
          </Alert>
          <FormErrorAlert errors={errors.general} />
          <TextInput
            label="Card number"
            inputMode="numeric"
            autoComplete="cc-number"
            value={values.cardNumber}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setValues((s) => ({ ...s, cardNumber: v }));
              errors.clearField('cardNumber');
            }}
            error={errors.field('cardNumber')}
          />
          <SimpleGrid cols={3} spacing="sm">
            <NumberInput
              label="Month"
              min={1}
              max={12}
              allowDecimal={false}
              autoComplete="cc-exp-month"
              value={values.expMonth}
              onChange={(v) => {
                setValues((s) => ({ ...s, expMonth: v === '' ? '' : Number(v) }));
                errors.clearField('expMonth');
              }}
              error={errors.field('expMonth')}
            />
            <NumberInput
              label="Year"
              min={2000}
              max={2100}
              allowDecimal={false}
              thousandSeparator={false}
              autoComplete="cc-exp-year"
              value={values.expYear}
              onChange={(v) => {
                setValues((s) => ({ ...s, expYear: v === '' ? '' : Number(v) }));
                errors.clearField('expYear');
              }}
              error={errors.field('expYear')}
            />
            <TextInput
              label="CVC"
              inputMode="numeric"
              autoComplete="cc-csc"
              value={values.cvc}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setValues((s) => ({ ...s, cvc: v }));
                errors.clearField('cvc');
              }}
              error={errors.field('cvc')}
            />
          </SimpleGrid>
          <Switch
            label="Make it the default card"
            description="The first card is always the default."
            checked={values.makeDefault}
            onChange={(e) => {
              const v = e.currentTarget.checked;
              setValues((s) => ({ ...s, makeDefault: v }));
            }}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={loading}>
              Add card
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
