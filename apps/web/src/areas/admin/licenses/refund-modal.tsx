import { useMemo, useState } from 'react';
import { isZero } from '@wk/domain';
import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Checkbox, Group, Modal, Paper, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { DateText } from '../../../shared/components/date-text';
import { Money } from '../../../shared/components/money';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { AdminLicenseReceiptsQuery } from './graphql/admin-license-receipts.query';
import { AdminRefundCreateMutation } from './graphql/admin-refund-create.mutation';
import { AdminLicensesQuery } from './graphql/admin-licenses.query';

/**
 * Refund one of a license's receipts, in full or in part, with a reason (platform admins). A
 * dependency cart's receipt (several modules, one payment) is refunded per line: the admin ticks
 * the lines and may enter an amount for each (empty: all that is left on it, which revokes that
 * line's license).
 */
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
  // Cart receipts: the ticked lines (by purchase id) and the amount typed for each.
  const [picked, setPicked] = useState<Record<number, boolean>>({});
  const [lineAmounts, setLineAmounts] = useState<Record<number, string>>({});
  const allLines = useMemo(() => (query.data?.license.receipts ?? []).flatMap((r) => r.refundLines.map((l) => l.purchaseId)), [query.data]);
  const known = useMemo(
    () => ['invoiceId', 'amount', 'reason', 'lines', ...allLines.flatMap((id) => [`line-${id}-purchaseId`, `line-${id}-amount`])],
    [allLines],
  );
  const errors = useFormErrors(known);
  const [refund, { loading }] = useMutation(AdminRefundCreateMutation, { refetchQueries: [AdminLicensesQuery] });

  const submit = async (cartLines: readonly number[]) => {
    if (!invoiceId) {
      errors.setFromPayload([{ code: 'REQUIRED', field: 'invoiceId', message: 'Choose the receipt to refund.' }]);
      return;
    }
    errors.clear();
    // The payload names lines by their index in `lines`: map them back to the line they concern.
    const sent = cartLines.filter((id) => picked[id]);
    const lines = cartLines.length ? sent.map((purchaseId) => ({ purchaseId, amount: lineAmounts[purchaseId]?.trim() || null })) : null;
    const toForm = (field: string | null | undefined) => {
      const m = /^lines\[(\d+)\]\.(purchaseId|amount)$/.exec(field ?? '');
      return m && sent[Number(m[1])] !== undefined ? `line-${sent[Number(m[1])]}-${m[2]}` : field;
    };
    try {
      const { data } = await refund({
        variables: { input: { invoiceId: Number(invoiceId), amount: cartLines.length ? null : amount.trim() || null, reason, lines } },
      });
      const p = data?.adminRefundCreate;
      if (!p) return;
      if (p.errors.length || !p.creditNote) {
        errors.setFromPayload(p.errors.map((e) => ({ ...e, field: toForm(e.field) })));
        return;
      }
      const revoked = p.creditNote.lines.filter((l) => l.isFull).length;
      const note =
        p.creditNote.lines.length > 1
          ? revoked
            ? `; ${revoked === 1 ? 'one line is' : `${revoked} lines are`} refunded in full and ${revoked === 1 ? 'its license' : 'their licenses'} revoked`
            : ''
          : p.creditNote.lines[0]?.isFull || p.creditNote.isFull
            ? '; the license is revoked'
            : '';
      notifications.show({
        color: 'green',
        message: `Refunded ${p.creditNote.amount.amount} ${p.creditNote.amount.currency} (${p.creditNote.number})${note}.`,
      });
      onDone();
    } catch (e) {
      errors.setFromException(e);
    }
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
              void submit(chosen?.refundLines.map((l) => l.purchaseId) ?? []);
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
              {chosen && chosen.refundLines.length > 0 ? (
                <Stack gap="xs" data-testid="refund-lines">
                  <Text size="sm" fw={500}>
                    Lines of {chosen.number}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {chosen.refundLines.length} modules were bought together in one payment. Tick the lines to refund; leave a line&apos;s
                    amount empty to refund all that is left on it (its license is then revoked).
                  </Text>
                  {errors.field('lines') && (
                    <Text size="sm" c="red.8" role="alert">
                      {errors.field('lines')}
                    </Text>
                  )}
                  {chosen.refundLines.map((l) => {
                    const done = isZero(l.refundable.amount);
                    return (
                      <Paper key={l.purchaseId} withBorder p="sm" radius="md" data-testid="refund-line">
                        <Stack gap={6}>
                          <Checkbox
                            label={l.description}
                            aria-label={`Refund ${l.description}`}
                            checked={!!picked[l.purchaseId]}
                            disabled={done}
                            onChange={(e) => {
                              const on = e.currentTarget.checked;
                              setPicked((prev) => ({ ...prev, [l.purchaseId]: on }));
                              errors.clearField('lines');
                              errors.clearField(`line-${l.purchaseId}-purchaseId`);
                            }}
                            error={errors.field(`line-${l.purchaseId}-purchaseId`)}
                          />
                          <Text size="xs" c="dimmed" pl={30}>
                            Paid <Money value={l.total} span /> · refunded <Money value={l.refunded} span /> ·{' '}
                            <Text span fw={500} c={done ? 'dimmed' : undefined}>
                              <Money value={l.refundable} span /> refundable
                            </Text>
                          </Text>
                          {picked[l.purchaseId] && !done && (
                            <TextInput
                              pl={30}
                              label={`Amount for ${l.moduleName}`}
                              description={`Empty: all that is left (${l.refundable.amount} ${l.refundable.currency}).`}
                              placeholder={l.refundable.amount}
                              value={lineAmounts[l.purchaseId] ?? ''}
                              inputMode="decimal"
                              onChange={(e) => {
                                const v = e.currentTarget.value;
                                setLineAmounts((prev) => ({ ...prev, [l.purchaseId]: v }));
                                errors.clearField(`line-${l.purchaseId}-amount`);
                              }}
                              error={errors.field(`line-${l.purchaseId}-amount`)}
                              maw={260}
                            />
                          )}
                        </Stack>
                      </Paper>
                    );
                  })}
                </Stack>
              ) : (
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
              )}
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
