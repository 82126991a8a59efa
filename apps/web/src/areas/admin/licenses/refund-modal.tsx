import { useState } from 'react';
import { isZero } from '@wk/domain';
import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Group, Modal, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { DateText } from '../../../shared/components/date-text';
import { Money } from '../../../shared/components/money';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { AdminLicenseReceiptsQuery } from './graphql/admin-license-receipts.query';
import { AdminRefundCreateMutation } from './graphql/admin-refund-create.mutation';
import { AdminLicensesQuery } from './graphql/admin-licenses.query';

/** Refund one of a license's receipts, in full or in part, with a reason (platform admins). */
export function RefundModal({
  license,
  onClose,
}: {
  license: { id: number; licenseKey: string; orgName: string } | null;
  onClose: () => void;
}) {
  return (
    <Modal opened={license !== null} onClose={onClose} title="Refund" centered size="lg">
      {license && <RefundForm license={license} onDone={onClose} />}
    </Modal>
  );
}

function RefundForm({ license, onDone }: { license: { id: number; licenseKey: string; orgName: string }; onDone: () => void }) {
  const query = useQuery(AdminLicenseReceiptsQuery, { variables: { id: license.id }, fetchPolicy: 'network-only' });
  const [invoiceId, setInvoiceId] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const errors = useFormErrors(['invoiceId', 'amount', 'reason']);
  const [refund, { loading }] = useMutation(AdminRefundCreateMutation, { refetchQueries: [AdminLicensesQuery] });

  const submit = async (refundable: string) => {
    if (!invoiceId) {
      errors.setFromPayload([{ code: 'REQUIRED', field: 'invoiceId', message: 'Choose the receipt to refund.' }]);
      return;
    }
    errors.clear();
    try {
      const { data } = await refund({ variables: { input: { invoiceId: Number(invoiceId), amount: amount.trim() || null, reason } } });
      const p = data?.adminRefundCreate;
      if (!p) return;
      if (p.errors.length || !p.creditNote) {
        errors.setFromPayload(p.errors);
        return;
      }
      notifications.show({
        color: 'green',
        message: `Refunded ${p.creditNote.amount.amount} ${p.creditNote.amount.currency} (${p.creditNote.number})${p.creditNote.isFull ? '; the license is revoked' : ''}.`,
      });
      onDone();
    } catch (e) {
      errors.setFromException(e);
    }
    void refundable;
  };

  return (
    <QueryStates query={query}>
      {(d) => {
        const receipts = d.license.receipts ?? [];
        const chosen = receipts.find((r) => String(r.id) === invoiceId) ?? null;
        if (receipts.length === 0) return <PageEmpty title="No receipt" description="This license has no charge to refund." />;
        return (
          <form
            noValidate
            aria-label="Refund"
            onSubmit={(e) => {
              e.preventDefault();
              void submit(chosen?.refundableAmount ?? '0.00');
            }}
          >
            <Stack>
              <Text size="sm">
                {license.orgName} ·{' '}
                <Text span ff="monospace">
                  {license.licenseKey}
                </Text>
                . The money goes back to the payment method through the provider; a full refund revokes the license.
              </Text>
              <Radio.Group
                label="Receipt"
                value={invoiceId}
                onChange={(v) => {
                  setInvoiceId(v);
                  errors.clearField('invoiceId');
                }}
                error={errors.field('invoiceId')}
              >
                <Stack gap="xs" mt="xs">
                  {receipts.map((r) => (
                    <Radio.Card
                      key={r.id}
                      value={String(r.id)}
                      p="sm"
                      radius="md"
                      disabled={isZero(r.refundableAmount)}
                      aria-label={r.number}
                    >
                      <Group justify="space-between" wrap="nowrap">
                        <Group gap="xs" wrap="nowrap">
                          <Radio.Indicator disabled={isZero(r.refundableAmount)} />
                          <Text size="sm" fw={500}>
                            {r.number}
                          </Text>
                          <Text size="xs" c="dimmed">
                            <DateText value={r.issuedAt} />
                          </Text>
                        </Group>
                        <Text size="sm">
                          <Money value={r.total} span />{' '}
                          <Text span size="xs" c="dimmed">
                            ({r.refundableAmount} refundable
                            {r.creditNotes.length ? `; ${r.creditNotes.map((c) => c.number).join(', ')}` : ''})
                          </Text>
                        </Text>
                      </Group>
                    </Radio.Card>
                  ))}
                </Stack>
              </Radio.Group>
              <TextInput
                label="Amount"
                description={
                  chosen
                    ? `Leave empty to refund everything left (${chosen.refundableAmount} ${chosen.total.currency}).`
                    : 'Leave empty for a full refund.'
                }
                placeholder={chosen?.refundableAmount ?? '0.00'}
                value={amount}
                inputMode="decimal"
                onChange={(e) => {
                  setAmount(e.currentTarget.value);
                  errors.clearField('amount');
                }}
                error={errors.field('amount')}
                maw={220}
              />
              <Textarea
                label="Reason"
                description="Shown in the license history, the audit log and the credit note."
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
              />
              <FormErrorAlert errors={errors.general} />
              <Group justify="flex-end">
                <Button variant="default" onClick={onDone}>
                  Cancel
                </Button>
                <Button type="submit" color="red.8" loading={loading} data-testid="confirm-refund">
                  Refund
                </Button>
              </Group>
            </Stack>
          </form>
        );
      }}
    </QueryStates>
  );
}
