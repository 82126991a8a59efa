import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Group, Modal, Select, Stack, Switch, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { describeError } from '../../../shared/errors/describe-error';
import { LicenseSetAutoRenewMutation } from './graphql/license-set-auto-renew.mutation';
import { LicenseCancelMutation } from './graphql/license-cancel.mutation';
import { OrgPaymentMethodsQuery } from './graphql/org-payment-methods.query';
import { RenewalPrice, type NextRenewalPriceValue } from './renewal-price';
import { LicenseSectionCard } from './license-section-card';

interface RenewalLicense {
  id: number;
  orgId: number;
  status: string;
  autoRenew: boolean;
  cancelledAt?: string | null;
  expiresAt?: string | null;
  paymentMethodLabel?: string | null;
  nextRenewalPrice?: NextRenewalPriceValue | null;
}

/** Automatic renewal: the next price, the payment method, turning renewal off (with a reason). */
export function RenewalCard({
  license: l,
  canManage,
  canSeeBilling,
  renewable,
  onChanged,
}: {
  license: RenewalLicense;
  canManage: boolean;
  /** The payment method is billing data: the API gives its label to billing roles only. */
  canSeeBilling: boolean;
  renewable: boolean;
  onChanged: () => void;
}) {
  const [cancelOpen, setCancelOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [method, setMethod] = useState<string | null>(null);
  const errors = useFormErrors(['paymentMethodId', 'autoRenew', 'reason']);
  const methods = useQuery(OrgPaymentMethodsQuery, { variables: { orgId: l.orgId }, skip: !canManage || !renewable });
  const [setAutoRenew, { loading: saving }] = useMutation(LicenseSetAutoRenewMutation);
  const [cancel, { loading: cancelling }] = useMutation(LicenseCancelMutation);
  const active = l.status === 'active' || l.status === 'suspended';

  const save = async (autoRenew: boolean, paymentMethodId?: string | null) => {
    errors.clear();
    try {
      const { data } = await setAutoRenew({
        variables: { input: { licenseId: l.id, autoRenew, paymentMethodId: paymentMethodId ?? null } },
      });
      const p = data?.licenseSetAutoRenew;
      if (p?.errors.length) {
        errors.setFromPayload(p.errors);
        return;
      }
      notifications.show({ color: 'green', message: autoRenew ? 'Auto-renew is on.' : 'Auto-renew is off.' });
      onChanged();
    } catch (e) {
      errors.setFromException(e);
    }
  };

  const doCancel = async () => {
    errors.clear();
    try {
      const { data } = await cancel({ variables: { input: { licenseId: l.id, reason: reason.trim() || null } } });
      const p = data?.licenseCancel;
      if (p?.errors.length) {
        errors.setFromPayload(p.errors);
        return;
      }
      setCancelOpen(false);
      notifications.show({ color: 'green', message: 'Renewal cancelled. The license stays active until the end of its period.' });
      onChanged();
    } catch (e) {
      notifications.show({ color: 'red', message: describeError(e) });
    }
  };

  return (
    <LicenseSectionCard id="renewal" title="Renewal">
      {!renewable ? (
        <Text size="sm" c="dimmed">
          This license does not renew: its plan has no billing period.
        </Text>
      ) : (
        <Stack gap="sm">
          <Switch
            label="Renew automatically"
            description={
              l.paymentMethodLabel
                ? `Charged to ${l.paymentMethodLabel}`
                : canSeeBilling
                  ? 'No payment method on file'
                  : 'The payment method is visible to members who manage billing, purchases or licenses.'
            }
            checked={l.autoRenew}
            disabled={!canManage || !active || saving}
            onChange={(e) => void save(e.currentTarget.checked)}
            error={errors.field('autoRenew')}
            data-testid="auto-renew-switch"
          />
          {l.nextRenewalPrice && <RenewalPrice next={l.nextRenewalPrice} />}
          {l.cancelledAt && (
            <Text size="sm" c="orange.9">
              Renewal was cancelled on <DateText value={l.cancelledAt} />; the license ends <DateText value={l.expiresAt} />.
            </Text>
          )}
          {canManage && active && (
            <Group align="flex-end" gap="sm" wrap="wrap">
              <Select
                label="Payment method for renewals"
                placeholder={methods.loading ? 'Loading…' : 'Choose a method'}
                data={(methods.data?.orgPaymentMethods ?? []).map((m) => ({
                  value: m.id,
                  label: m.kind === 'test' ? `${m.label} (sandbox)` : m.label,
                }))}
                value={method}
                onChange={setMethod}
                error={errors.field('paymentMethodId') ?? (methods.error ? describeError(methods.error) : undefined)}
                w={{ base: '100%', sm: 280 }}
              />
              <Button variant="default" disabled={!method} loading={saving} onClick={() => void save(true, method)}>
                Use it
              </Button>
            </Group>
          )}
          <FormErrorAlert errors={errors.general} />
          {canManage && active && !l.cancelledAt && (
            <Group>
              <Button color="red.8" variant="outline" onClick={() => setCancelOpen(true)} data-testid="cancel-license">
                Cancel renewal
              </Button>
            </Group>
          )}
          {!canManage && (
            <Text size="xs" c="dimmed">
              Only members who manage licenses can change renewal.
            </Text>
          )}
        </Stack>
      )}
      <Modal opened={cancelOpen} onClose={() => setCancelOpen(false)} title="Cancel renewal?" centered>
        <Stack>
          <Text size="sm">
            The license will not renew. It stays active until <DateText value={l.expiresAt} />, then expires.
          </Text>
          <Textarea
            label="Reason (optional)"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setCancelOpen(false)}>
              Keep renewing
            </Button>
            <Button color="red.8" onClick={() => void doCancel()} loading={cancelling}>
              Cancel renewal
            </Button>
          </Group>
        </Stack>
      </Modal>
    </LicenseSectionCard>
  );
}
