import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useInViewport } from '@mantine/hooks';
import { Link } from 'react-router';
import { Badge, Button, Card, Group, List, SimpleGrid, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconShoppingCart, IconX } from '@tabler/icons-react';
import { formatMoney, isZero } from '@wk/domain';
import { costOver } from './plan-cost';
import type { ModulePlan } from './types';

/** The charts library loads only when a page draws a chart, once the chart scrolls into view (issue 16). */
const PlanCostChart = lazy(() => import('./plan-cost-chart'));

/** Draws its children once they have come into view, and keeps them; a skeleton of their height before. */
function WhenInView({ height, label, children }: { height: number; label: string; children: ReactNode }) {
  const { ref, inViewport } = useInViewport();
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    if (inViewport) setSeen(true);
  }, [inViewport]);
  const placeholder = <Skeleton h={height} aria-label={label} />;
  return <div ref={ref}>{seen ? <Suspense fallback={placeholder}>{children}</Suspense> : placeholder}</div>;
}

const CYCLE: Record<ModulePlan['billingCycle'], string> = {
  monthly: 'Billed monthly',
  yearly: 'Billed yearly',
  once: 'One-time payment',
  custom: 'Billed per day of development',
};

function FeatureValue({ included, value }: { included: boolean | null | undefined; value: string | null | undefined }) {
  if (value) return <>{value.charAt(0).toUpperCase() + value.slice(1)}</>;
  return included ? (
    <>
      <IconCheck size={16} color="var(--mantine-color-teal-8)" aria-hidden />
      <VisuallyHidden>Included</VisuallyHidden>
    </>
  ) : (
    <>
      <IconX size={16} color="var(--mantine-color-gray-6)" aria-hidden />
      <VisuallyHidden>Not included</VisuallyHidden>
    </>
  );
}

const isFree = (p: ModulePlan) => p.planType === 'free' || p.planType === 'freemium' || (!!p.price && isZero(p.price.amount));

const limit = (n: number | null | undefined, unit: string) =>
  n === null || n === undefined ? `Unlimited ${unit}` : `Up to ${n} ${n === 1 ? unit.replace(/s$/, '') : unit}`;

/**
 * Plan cards with a Buy button each, a feature comparison table, and the cost over time. A module
 * built into every software it runs on (`buyable` false) shows its plans without Buy buttons.
 */
export function PlansSection({ slug, plans, buyable = true }: { slug: string; plans: ModulePlan[]; buyable?: boolean }) {
  if (!plans.length) return <Text c="dimmed">This module has no plan on sale right now.</Text>;
  const keys = [...new Map(plans.flatMap((p) => p.featureList.map((f) => [f.key, f.label] as const))).entries()];
  return (
    <Stack gap="xl">
      <SimpleGrid cols={{ base: 1, sm: Math.min(2, plans.length), lg: Math.min(3, plans.length) }} spacing="lg">
        {plans.map((p) => (
          <Card key={p.id} withBorder padding="lg" component="article" aria-labelledby={`plan-${p.id}`} data-testid="plan-card">
            <Stack gap="sm" style={{ flex: 1 }}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Title order={3} fz="lg" id={`plan-${p.id}`}>
                  {p.name}
                </Title>
                {p.trialDays > 0 && (
                  <Badge variant="light" color="teal">
                    {p.trialDays}-day trial
                  </Badge>
                )}
              </Group>
              <Text fz={28} fw={700} lh={1.1} data-testid="plan-price">
                {p.priceLabel}
              </Text>
              <Text size="sm" c="dimmed">
                {CYCLE[p.billingCycle]}
              </Text>
              <List size="sm" spacing={4} center icon={<IconCheck size={16} color="var(--mantine-color-teal-8)" aria-hidden />}>
                <List.Item>{limit(p.maxUsers, 'users')}</List.Item>
                <List.Item>{limit(p.maxInstances, 'instances')}</List.Item>
                {p.featureList.map((f) => (
                  <List.Item
                    key={f.key}
                    icon={f.included === false ? <IconX size={16} color="var(--mantine-color-gray-6)" aria-hidden /> : undefined}
                  >
                    {f.label}
                    {f.value ? `: ${f.value}` : f.included === false ? ' (not included)' : ''}
                  </List.Item>
                ))}
              </List>
              {buyable && (
                <Button
                  component={Link}
                  to={`/checkout/${slug}?plan=${p.id}`}
                  mt="auto"
                  leftSection={<IconShoppingCart size={18} aria-hidden />}
                  aria-label={`${isFree(p) ? 'Get' : 'Buy'} the ${p.name} plan`}
                >
                  {isFree(p) ? 'Get' : 'Buy'} {p.name}
                </Button>
              )}
              {buyable && p.trialDays > 0 && !isFree(p) && (
                <Button
                  component={Link}
                  to={`/checkout/${slug}?plan=${p.id}&trial=1`}
                  variant="light"
                  aria-label={`Start a ${p.trialDays}-day free trial of the ${p.name} plan`}
                >
                  Start {p.trialDays}-day trial
                </Button>
              )}
            </Stack>
          </Card>
        ))}
      </SimpleGrid>

      {plans.length > 1 && keys.length > 0 && (
        <Stack gap="xs">
          <Title order={3} fz="md">
            Compare plans
          </Title>
          <Table.ScrollContainer minWidth={160 + plans.length * 130}>
            <Table withTableBorder striped aria-label="Plan comparison" data-testid="plan-comparison">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Feature</Table.Th>
                  {plans.map((p) => (
                    <Table.Th key={p.id} scope="col">
                      {p.name}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th scope="row">Price</Table.Th>
                  {plans.map((p) => (
                    <Table.Td key={p.id}>{p.priceLabel}</Table.Td>
                  ))}
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">Users</Table.Th>
                  {plans.map((p) => (
                    <Table.Td key={p.id}>{p.maxUsers ?? 'Unlimited'}</Table.Td>
                  ))}
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">Instances</Table.Th>
                  {plans.map((p) => (
                    <Table.Td key={p.id}>{p.maxInstances ?? 'Unlimited'}</Table.Td>
                  ))}
                </Table.Tr>
                {keys.map(([key, label]) => (
                  <Table.Tr key={key}>
                    <Table.Th scope="row">{label}</Table.Th>
                    {plans.map((p) => {
                      const f = p.featureList.find((x) => x.key === key);
                      return (
                        <Table.Td key={p.id}>
                          <FeatureValue included={f?.included ?? false} value={f?.value} />
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
      <CostChart plans={plans} />
    </Stack>
  );
}

/** Cumulative cost over 1–3 years per priced plan (shown when at least two plans can be compared). */
function CostChart({ plans }: { plans: ModulePlan[] }) {
  const comparable = plans.filter((p) => costOver(p, 1) !== null && p.price);
  if (comparable.length < 2) return null;
  const currency = comparable[0]!.price!.currency;
  if (comparable.some((p) => p.price!.currency !== currency)) return null;
  const money = (amount: string) => formatMoney({ amount, currency }); // as the API's price labels
  const data = [1, 2, 3].map((years) => {
    const row: Record<string, string | number> = { period: years === 1 ? '1 year' : `${years} years` };
    for (const p of comparable) row[p.name] = Number(costOver(p, years)!); // bar heights only; labels use the exact amounts
    return row;
  });
  const summary = comparable
    .map((p) => `${p.name}: ${money(costOver(p, 1)!)} the first year, ${money(costOver(p, 3)!)} over 3 years`)
    .join('; ');
  const colors = ['indigo.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6'];
  return (
    <Stack gap="xs">
      <Title order={3} fz="md">
        What each plan costs over time
      </Title>
      <Text size="sm" c="dimmed" id="cost-chart-summary">
        {summary}.
      </Text>
      <WhenInView height={260} label="Loading the chart">
        <PlanCostChart
          data={data}
          series={comparable.map((p, i) => ({ name: p.name, color: colors[i % colors.length]! }))}
          currency={currency}
        />
      </WhenInView>
    </Stack>
  );
}
