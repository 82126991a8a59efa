import { Link, useParams } from 'react-router';
import { isZero, negateAmount } from '@wk/domain';
import { useQuery } from '@apollo/client/react';
import { Alert, Anchor, Button, Card, Code, Divider, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconExternalLink, IconKey, IconReceipt } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { QueryStates } from '../../../shared/components/page-states';
import { SummaryRow } from './summary';
import { DateText } from '../../../shared/components/date-text';
import { LicenseKey } from '../../../shared/components/license-key';
import { CheckoutPurchaseQuery } from './graphql/checkout-purchase.query';

/** `/checkout/:slug/complete/:purchaseId`: the confirmation, with the license key and the receipt. */
export function CheckoutCompletePage() {
  const { purchaseId } = useParams();
  const id = Number(purchaseId);
  const query = useQuery(CheckoutPurchaseQuery, { variables: { id }, skip: !Number.isInteger(id) || id < 1 });

  return (
    <QueryStates query={query}>
      {({ purchase: p }) => (
        <>
          <PageHeader
            title={
              <Group gap="sm" wrap="nowrap" component="span">
                <ThemeIcon color="green.8" size={40} radius="xl" aria-hidden>
                  <IconCircleCheck size={26} />
                </ThemeIcon>
                <span>
                  {p.kind === 'trial'
                    ? `Your ${p.module.name} trial has started`
                    : p.cartLines.length
                      ? `Thank you — ${[p.module.name, ...p.cartLines.map((l) => l.module.name)].join(' and ')} are yours`
                      : `Thank you — ${p.module.name} is yours`}
                </span>
              </Group>
            }
            documentTitle={`Purchase complete · ${p.module.name}`}
            description={
              <>
                {p.cartLines.length ? `${p.cartLines.length + 1} modules, one payment` : `${p.plan.name} plan`}, bought{' '}
                <DateText value={p.purchasedAt} withTime />.
              </>
            }
          />
          {p.kind === 'trial' && (
            <Alert color="teal" variant="light" mb="lg" title="Free trial: nothing charged today" data-testid="trial-started">
              The trial ends <DateText value={p.trialEndsAt} />. Then your payment method is charged for the {p.plan.name} plan, unless you
              cancel renewal on the license page before.
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <Card withBorder padding="lg" component="section" aria-labelledby="license-key-title">
              <Group gap="xs" mb="sm">
                <IconKey size={20} aria-hidden />
                <Title order={2} fz="lg" id="license-key-title">
                  {p.cartLines.length ? 'License keys' : 'License key'}
                </Title>
              </Group>
              {p.cartLines.length > 0 && (
                <Text size="sm" fw={600} mb={4}>
                  {p.module.name} — {p.plan.name}
                </Text>
              )}
              <LicenseKey value={p.licenseKey} />
              {p.cartLines.map((l) => (
                <Stack key={l.id} gap={4} mt="md" data-testid={`cart-line-license-${l.module.id}`}>
                  <Text size="sm" fw={600}>
                    {l.module.name} — {l.plan.name}
                  </Text>
                  <Code fz="sm" p="xs" style={{ overflowWrap: 'anywhere' }}>
                    {l.licenseKey}
                  </Code>
                  {l.licenseId && (
                    <Anchor component={Link} to={`/org/licenses/${l.licenseId}`} size="sm">
                      View the {l.module.name} license
                    </Anchor>
                  )}
                </Stack>
              ))}
              <Text size="sm" c="dimmed" mt="sm">
                {p.cartLines.length
                  ? 'Use them to activate the modules on your organization’s instances.'
                  : "Use it to activate the module on your organization's instances."}
              </Text>
              <Group mt="md" gap="sm">
                {p.licenseId && (
                  <Button component={Link} to={`/org/licenses/${p.licenseId}`} variant="light">
                    {p.cartLines.length ? `View the ${p.module.name} license` : 'View the license'}
                  </Button>
                )}
                <Button component={Link} to="/org/licenses" variant="default">
                  All licenses
                </Button>
              </Group>
            </Card>
            <Card withBorder padding="lg" component="section" aria-labelledby="receipt-title">
              <Group gap="xs" mb="sm">
                <IconReceipt size={20} aria-hidden />
                <Title order={2} fz="lg" id="receipt-title">
                  Receipt {p.receiptNumber}
                </Title>
              </Group>
              {p.cartLines.length > 0 && p.receipt ? (
                <Stack gap={6} data-testid="receipt-lines">
                  {p.receipt.lines.map((l, i) => (
                    <SummaryRow key={`${l.description}-${i}`} label={l.description} value={l.amount} />
                  ))}
                  <Divider />
                  <SummaryRow label="Total paid" value={p.receipt.total} strong testId="paid-total" />
                  {p.paymentMethodLabel && (
                    <Text size="sm" c="dimmed">
                      Charged once to {p.paymentMethodLabel}.
                    </Text>
                  )}
                </Stack>
              ) : (
                <Stack gap={6}>
                  <SummaryRow label="Subtotal" value={p.subtotal} />
                  {!isZero(p.discount.amount) && (
                    <SummaryRow
                      label={`${p.referralCode ? 'Referral discount' : 'Discount'}${p.couponCode ? ` (${p.couponCode})` : ''}`}
                      value={{ ...p.discount, amount: negateAmount(p.discount.amount) }}
                    />
                  )}
                  <SummaryRow label={p.reverseCharge ? 'VAT (reverse charge)' : 'Tax'} value={p.tax} />
                  <Divider />
                  <SummaryRow label="Total paid" value={p.total} strong testId="paid-total" />
                  {p.paymentMethodLabel && (
                    <Text size="sm" c="dimmed">
                      Charged to {p.paymentMethodLabel}.
                    </Text>
                  )}
                </Stack>
              )}
              {p.receiptUrl && (
                <Anchor
                  href={p.receiptUrl}
                  target="_blank"
                  rel="noopener"
                  mt="md"
                  display="inline-flex"
                  style={{ alignItems: 'center', gap: 4 }}
                  data-testid="receipt-link"
                >
                  Open the printable receipt <IconExternalLink size={14} aria-hidden />
                </Anchor>
              )}
            </Card>
          </SimpleGrid>
          {p.status !== 'completed' && (
            <Alert color="red" mt="lg" title="This purchase did not complete">
              Its status is {p.status}. Nothing was charged.
            </Alert>
          )}
          <Group mt="xl">
            <Button component={Link} to={`/modules/${encodeURIComponent(p.module.slug)}`} variant="subtle">
              Back to {p.module.name}
            </Button>
          </Group>
        </>
      )}
    </QueryStates>
  );
}
