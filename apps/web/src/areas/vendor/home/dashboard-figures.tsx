import { Link } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Card, Group, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { PageError } from '../../../shared/components/page-states';
import { compareAmounts, formatMoney } from '@wk/domain';
import { VendorDashboardQuery } from './graphql/vendor-dashboard.query';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthName = (ym: string) => MONTHS[Number(ym.slice(5, 7)) - 1] ?? ym;

function Trend({ now, before }: { now: string; before: string }) {
  const trend = compareAmounts(now, before);
  if (trend === 0)
    return (
      <Badge variant="light" color="gray">
        same as last month
      </Badge>
    );
  return trend > 0 ? (
    <Badge variant="light" color="green">
      up from last month
    </Badge>
  ) : (
    <Badge variant="light" color="red">
      down from last month
    </Badge>
  );
}

function Figure({ label, value, hint, testId, to }: { label: string; value: string; hint?: React.ReactNode; testId: string; to?: string }) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={26} fw={700} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
      {hint && (
        <Text size="sm" component="div">
          {hint}
        </Text>
      )}
      {to && (
        <Anchor component={Link} to={to} size="sm">
          Details
        </Anchor>
      )}
    </Card>
  );
}

/** Revenue this month vs last, MRR, active licenses, installs and open reviews. */
export function DashboardFigures({ vendorId }: { vendorId: number }) {
  const q = useQuery(VendorDashboardQuery, { variables: { vendorId }, fetchPolicy: 'cache-and-network' });
  if (q.error && !q.data) return <PageError error={q.error} onRetry={() => void q.refetch()} title="The figures could not be loaded" />;
  const d = q.data?.vendorDashboard;
  if (!d)
    return (
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} aria-busy="true" aria-label="Loading figures">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} height={110} radius="md" />
        ))}
      </SimpleGrid>
    );
  const revenue = d.revenue.length
    ? d.revenue
    : [
        {
          currency: 'USD',
          grossThisMonth: { amount: '0.00', currency: 'USD' },
          grossLastMonth: { amount: '0.00', currency: 'USD' },
          netThisMonth: { amount: '0.00', currency: 'USD' },
          netLastMonth: { amount: '0.00', currency: 'USD' },
          salesThisMonth: 0,
          salesLastMonth: 0,
          mrr: { amount: '0.00', currency: 'USD' },
        },
      ];
  return (
    <section aria-label="Key figures">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
        {revenue.map((r) => (
          <Figure
            key={`rev-${r.currency}`}
            testId="figure-revenue"
            label={`Revenue ${monthName(d.month)} (gross${revenue.length > 1 ? `, ${r.currency}` : ''})`}
            value={formatMoney(r.grossThisMonth)}
            to="/vendor/sales"
            hint={
              <Stack gap={4}>
                <Text size="sm">
                  {monthName(d.previousMonth)}: {formatMoney(r.grossLastMonth)} · {r.salesThisMonth} sale{r.salesThisMonth === 1 ? '' : 's'}{' '}
                  this month
                </Text>
                <Group gap={6}>
                  <Trend now={r.grossThisMonth.amount} before={r.grossLastMonth.amount} />
                  <Text size="xs" c="dimmed">
                    net {formatMoney(r.netThisMonth)}
                  </Text>
                </Group>
              </Stack>
            }
          />
        ))}
        {revenue.map((r) => (
          <Figure
            key={`mrr-${r.currency}`}
            testId="figure-mrr"
            label={`Monthly recurring revenue${revenue.length > 1 ? ` (${r.currency})` : ''}`}
            value={formatMoney(r.mrr)}
            hint={`${d.activeSubscriptions} renewing subscription${d.activeSubscriptions === 1 ? '' : 's'}`}
          />
        ))}
        <Figure testId="figure-licenses" label="Active licenses" value={String(d.activeLicenses)} hint="licenses in force today" />
        <Figure
          testId="figure-installs"
          label="Active installs"
          value={String(d.installs)}
          hint="instances running one of your modules"
          to="/vendor/usage"
        />
        <Figure
          testId="figure-reviews"
          label="Open reviews"
          value={String(d.openReviews)}
          hint={`awaiting your reply, of ${d.reviewCount} review${d.reviewCount === 1 ? '' : 's'}`}
          to="/vendor/reviews"
        />
      </SimpleGrid>
    </section>
  );
}
