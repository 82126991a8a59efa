import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  Timeline,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconCopy, IconExternalLink, IconHistory } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { Money } from '../../../shared/components/money';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { useCurrentOrg } from '../../../shared/session/current-org';
import { describeError } from '../../../shared/errors/describe-error';
import { LicenseDetailQuery } from './graphql/license-detail.query';
import { LicenseSetAutoRenewMutation } from './graphql/license-set-auto-renew.mutation';
import { LicenseCancelMutation } from './graphql/license-cancel.mutation';
import { OrgPaymentMethodsQuery } from './graphql/org-payment-methods.query';
import { LicenseStatusBadge, licenseStatusLabel, statusColor } from './license-status';
import { PlanChangeCard } from './plan-change-card';
import { LicenseFileCard } from './license-file-card';
import { RenewalPrice, type NextRenewalPriceValue } from './renewal-price';

const BILLING = ['manage_billing', 'purchase_modules', 'manage_licenses'];

/** `/org/licenses/:id`: key, period, renewal controls, status history, renewals, receipts. */
export function LicenseDetailPage() {
  const { id: rawId } = useParams();
  const id = Number(rawId);
  const { memberships } = useCurrentOrg();
  // Receipts need a billing permission in the license's org: ask for them only when we may.
  const canSeeBilling = memberships.some((m) => m.effectivePermissions.some((p) => BILLING.includes(p)));
  const query = useQuery(LicenseDetailQuery, {
    variables: { id, withReceipts: canSeeBilling },
    skip: !Number.isInteger(id) || id < 1,
    errorPolicy: 'all',
  });

  return (
    // errorPolicy "all": a FORBIDDEN on `receipts` alone (another org's billing) still shows the license.
    <QueryStates
      query={{ ...query, data: query.data?.license ? query.data : undefined, error: query.data?.license ? undefined : query.error }}
    >
      {(d) => {
        const l = d.license;
        const membership = memberships.find((m) => m.organization.id === l.orgId) ?? null;
        const canManage = !!membership?.effectivePermissions.includes('manage_licenses');
        const renewable =
          !!l.expiresAt && (l.plan?.billingCycle === 'monthly' || l.plan?.billingCycle === 'yearly') && l.plan.planType === 'subscription';
        return (
          <>
            <Breadcrumbs mb="sm" aria-label="Breadcrumb">
              <Anchor component={Link} to="/org/licenses" size="sm">
                Licenses
              </Anchor>
              <span aria-current="page">{l.module.name}</span>
            </Breadcrumbs>
            <PageHeader
              title={
                <Group gap="sm" component="span" wrap="wrap">
                  <span>{l.module.name}</span>
                  <LicenseStatusBadge status={l.status} size="lg" data-testid="license-status" />
                </Group>
              }
              documentTitle={`${l.module.name} license`}
              description={`${l.plan?.name ?? 'Plan'} · by ${l.module.vendorName}${membership ? ` · ${membership.organization.name}` : ''}`}
            />
            {l.inTrial && l.status === 'active' && (
              <Alert color="teal" variant="light" mb="lg" title="Free trial" data-testid="trial-alert">
                {l.autoRenew && !l.cancelledAt ? (
                  <>
                    Nothing has been charged yet. The trial ends <DateText value={l.trialEndsAt} />; then{' '}
                    {(l.nextRenewalPrice?.price ?? l.plan?.price) ? (
                      <Money value={l.nextRenewalPrice?.price ?? l.plan?.price} />
                    ) : (
                      'the plan price'
                    )}{' '}
                    (plus tax) is charged
                    {l.paymentMethodLabel ? ` to ${l.paymentMethodLabel}` : ''} unless you cancel renewal before.
                  </>
                ) : (
                  <>
                    The trial was cancelled: you will not be charged, and the license ends <DateText value={l.trialEndsAt} />.
                  </>
                )}
              </Alert>
            )}
            {l.status === 'revoked' && l.creditNotes?.some((c) => c.isFull) && (
              <Alert color="red" variant="light" mb="lg" title="Refunded and revoked" data-testid="refunded-alert">
                This license was refunded in full ({l.creditNotes.find((c) => c.isFull)?.number}) and revoked.
              </Alert>
            )}
            {l.userLimit?.exceeded && (
              <Alert color="red" variant="light" mb="lg" icon={<IconAlertTriangle aria-hidden />} title="Over the user limit">
                Your instances report {l.userLimit.activeUsers} active users; the {l.plan?.name} plan allows {l.userLimit.maxUsers}. The
                license does not validate until the number drops or you change plan.
              </Alert>
            )}
            {l.status === 'suspended' && (
              <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} mb="lg" title="This license is suspended">
                {l.renewalAttempts > 0
                  ? `The last renewal payment failed (attempt ${l.renewalAttempts}). We will retry${l.nextRetryAt ? ' on ' : ''}`
                  : 'A platform admin suspended it. Contact support for details.'}
                {l.renewalAttempts > 0 && l.nextRetryAt && <DateText value={l.nextRetryAt} />}
                {l.renewalAttempts > 0 && '. Choose another payment method below to fix it sooner.'}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" mb="lg">
              <Card withBorder padding="lg" component="section" aria-labelledby="key-title">
                <Title order={2} fz="lg" id="key-title" mb="sm">
                  License key
                </Title>
                <Group gap="xs" wrap="nowrap">
                  <Code fz="md" p="sm" style={{ flex: 1, overflowWrap: 'anywhere' }} data-testid="license-key">
                    {l.licenseKey}
                  </Code>
                  <CopyButton value={l.licenseKey} timeout={2000}>
                    {({ copied, copy }) => (
                      <Tooltip label={copied ? 'Copied' : 'Copy the key'} withArrow>
                        <ActionIcon
                          variant="light"
                          size="lg"
                          onClick={copy}
                          aria-label={copied ? 'License key copied' : 'Copy the license key'}
                          color={copied ? 'green' : undefined}
                        >
                          {copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </CopyButton>
                </Group>
                <Stack gap={6} mt="md">
                  <Fact label="Started">
                    <DateText value={l.startsAt} />
                  </Fact>
                  <Fact
                    label={
                      l.inTrial
                        ? l.autoRenew && !l.cancelledAt
                          ? 'Trial ends (first charge)'
                          : 'Trial ends'
                        : l.expiresAt
                          ? l.autoRenew && !l.cancelledAt
                            ? 'Renews'
                            : 'Expires'
                          : 'Expires'
                    }
                  >
                    {l.expiresAt ? <DateText value={l.expiresAt} /> : 'Never'}
                  </Fact>
                  {l.plan?.price && (
                    <Fact label="Price">
                      {/* What this license pays: a price protected after a vendor's raise is not the plan's new price. */}
                      <Money value={l.nextRenewalPrice?.price ?? l.plan.price} />{' '}
                      {l.plan.billingCycle === 'monthly' ? 'per month' : l.plan.billingCycle === 'yearly' ? 'per year' : ''}
                    </Fact>
                  )}
                  {l.plan?.maxInstances && <Fact label="Instances allowed">{l.plan.maxInstances}</Fact>}
                  {l.userLimit && (
                    <Fact label="Active users reported">
                      {l.userLimit.activeUsers} of {l.userLimit.maxUsers}
                    </Fact>
                  )}
                  <Fact label="Usable now">{l.isUsable ? 'Yes' : 'No'}</Fact>
                </Stack>
              </Card>
              <RenewalCard
                license={l}
                canManage={canManage}
                canSeeBilling={canSeeBilling}
                renewable={renewable}
                onChanged={() => void query.refetch()}
              />
            </SimpleGrid>
            {renewable && (l.status === 'active' || l.planChanges.length > 0) && (
              <PlanChangeCard
                license={{
                  id: l.id,
                  moduleSlug: l.module.slug,
                  planId: l.plan?.id ?? null,
                  expiresAt: l.expiresAt,
                  planChanges: l.planChanges,
                }}
                canManage={canManage && l.status === 'active'}
                onChanged={() => void query.refetch()}
              />
            )}

            <LicenseFileCard licenseId={l.id} usable={l.isUsable} canManage={canManage} />
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" mb="lg">
              <Card withBorder padding="lg" component="section" aria-labelledby="history-title">
                <Group gap="xs" mb="md">
                  <IconHistory size={20} aria-hidden />
                  <Title order={2} fz="lg" id="history-title">
                    Status history
                  </Title>
                </Group>
                <Timeline active={l.statusHistory.length - 1} bulletSize={18} lineWidth={2} data-testid="status-history">
                  {[...l.statusHistory].map((h) => (
                    <Timeline.Item
                      key={h.id}
                      color={statusColor(h.newStatus)}
                      title={
                        <Group gap={6} component="span" wrap="wrap">
                          <Text size="sm" fw={600} component="span">
                            {h.oldStatus && h.oldStatus !== h.newStatus
                              ? `${licenseStatusLabel[h.oldStatus]} → ${licenseStatusLabel[h.newStatus]}`
                              : licenseStatusLabel[h.newStatus]}
                          </Text>
                        </Group>
                      }
                    >
                      {h.reason && (
                        <Text size="sm" c="dimmed">
                          {h.reason}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed" mt={2}>
                        <DateText value={h.changedAt} withTime /> · {h.changedByName ?? 'System'}
                      </Text>
                    </Timeline.Item>
                  ))}
                </Timeline>
              </Card>
              <Stack gap="lg">
                <Card withBorder padding="lg" component="section" aria-labelledby="receipts-title">
                  <Title order={2} fz="lg" id="receipts-title" mb="sm">
                    Receipts
                  </Title>
                  {!canSeeBilling || l.receipts == null ? (
                    <Text size="sm" c="dimmed">
                      Receipts are visible to members who manage billing, purchases or licenses.
                    </Text>
                  ) : l.receipts.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      No receipt yet.
                    </Text>
                  ) : (
                    <Stack gap={6}>
                      {l.receipts.map((r) => (
                        <Group key={r.id} justify="space-between" wrap="nowrap">
                          <Anchor
                            href={r.downloadUrl}
                            target="_blank"
                            rel="noopener"
                            size="sm"
                            display="inline-flex"
                            style={{ alignItems: 'center', gap: 4 }}
                            data-testid="receipt-link"
                          >
                            {r.number} <IconExternalLink size={14} aria-hidden />
                          </Anchor>
                          <Text size="sm" c="dimmed">
                            <DateText value={r.issuedAt} />
                          </Text>
                          <Text size="sm" fw={500}>
                            <Money value={r.total} />
                          </Text>
                        </Group>
                      ))}
                    </Stack>
                  )}
                  {l.creditNotes && l.creditNotes.length > 0 && (
                    <Stack gap={4} mt="sm" data-testid="credit-notes">
                      <Text size="xs" fw={600} c="dimmed">
                        Refunds
                      </Text>
                      {l.creditNotes.map((c) => (
                        <Group key={c.id} justify="space-between" wrap="nowrap">
                          <Text size="sm">
                            {c.number} (on {c.receiptNumber}){c.isFull ? ' · full refund' : ''}
                          </Text>
                          <Text size="sm" c="dimmed">
                            <DateText value={c.issuedAt} />
                          </Text>
                          <Text size="sm" fw={500}>
                            −<Money value={c.amount} />
                          </Text>
                        </Group>
                      ))}
                    </Stack>
                  )}
                </Card>
                <Card withBorder padding="lg" component="section" aria-labelledby="acceptances-title">
                  <Title order={2} fz="lg" id="acceptances-title" mb="sm">
                    Contract acceptances
                  </Title>
                  {l.acceptances.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      No contract was required.
                    </Text>
                  ) : (
                    l.acceptances.map((a) => (
                      <Text size="sm" key={a.id}>
                        {a.contractType === 'eula' ? 'License agreement' : 'Contract'} v{a.contractVersion} accepted by {a.acceptedByName}{' '}
                        on <DateText value={a.acceptedAt} withTime />
                        {a.ipAddress ? ` from ${a.ipAddress}` : ''}.{' '}
                        {a.termsUrl && (
                          <Anchor href={a.termsUrl} target="_blank" rel="noopener noreferrer" size="sm">
                            Terms
                          </Anchor>
                        )}
                      </Text>
                    ))
                  )}
                </Card>
              </Stack>
            </SimpleGrid>

            <Card withBorder padding="lg" component="section" aria-labelledby="renewals-title" mb="lg">
              <Title order={2} fz="lg" id="renewals-title" mb="sm">
                Renewals and periods
              </Title>
              {l.renewals.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {renewable ? 'No renewal yet.' : 'This license does not renew.'}
                </Text>
              ) : (
                <Table.ScrollContainer minWidth={560}>
                  <Table verticalSpacing="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">Period</Table.Th>
                        <Table.Th scope="col">Charged</Table.Th>
                        <Table.Th scope="col">Status</Table.Th>
                        {/* Receipt numbers are billing data: the API gives them to billing roles only. */}
                        {canSeeBilling && <Table.Th scope="col">Receipt</Table.Th>}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {l.renewals.map((r) => (
                        <Table.Tr key={r.id}>
                          <Table.Td>
                            <Text size="sm">
                              <DateText value={r.periodStart} /> → <DateText value={r.periodEnd} />
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Money value={r.total} size="sm" />
                          </Table.Td>
                          <Table.Td>
                            <Badge color={r.status === 'active' ? 'green.8' : r.status === 'failed' ? 'red.8' : 'gray.7'} variant="outline">
                              {r.status === 'active'
                                ? 'Paid'
                                : r.status === 'failed'
                                  ? `Failed (${r.attempts} attempt${r.attempts > 1 ? 's' : ''})`
                                  : 'Pending'}
                            </Badge>
                            {r.failureReason && (
                              <Text size="xs" c="dimmed">
                                {r.failureReason}
                              </Text>
                            )}
                          </Table.Td>
                          {canSeeBilling && (
                            <Table.Td>
                              <Text size="sm">{r.receiptNumber ?? '—'}</Text>
                            </Table.Td>
                          )}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
              <Text size="xs" c="dimmed" mt="sm">
                Paid periods:{' '}
                {l.periods.map((p, i) => (
                  <span key={p.id}>
                    {i > 0 && ', '}
                    <DateText value={p.startsAt} />–{p.expiresAt ? <DateText value={p.expiresAt} /> : 'no end'}
                  </span>
                ))}
              </Text>
            </Card>

            <Card withBorder padding="lg" component="section" aria-labelledby="activations-title">
              <Title order={2} fz="lg" id="activations-title" mb="sm">
                Activated on
              </Title>
              {l.activations.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Not activated on any instance yet.
                </Text>
              ) : (
                <Stack gap={4}>
                  {l.activations.map((a) => (
                    <Group key={a.id} gap="xs" wrap="wrap">
                      <Text size="sm" fw={500}>
                        {a.instanceName}
                      </Text>
                      <Badge size="sm" variant="outline" color="gray.7">
                        {a.environment}
                      </Badge>
                      <Text size="sm" c="dimmed">
                        v{a.version} · since <DateText value={a.activatedAt} />
                        {a.isActive ? '' : ' (deactivated)'}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              )}
            </Card>
          </>
        );
      }}
    </QueryStates>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} ta="right">
        {children}
      </Text>
    </Group>
  );
}

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

function RenewalCard({
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
    <Card withBorder padding="lg" component="section" aria-labelledby="renewal-title">
      <Title order={2} fz="lg" id="renewal-title" mb="sm">
        Renewal
      </Title>
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
    </Card>
  );
}
