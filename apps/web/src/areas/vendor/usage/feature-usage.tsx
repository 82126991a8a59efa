import { BarChart } from '@mantine/charts';
import { Card, Stack, Table, Text, Title } from '@mantine/core';
import { compareSemverDesc, formatCount, seriesColor } from './usage-format';

interface FeatureRow {
  version: string;
  feature: string;
  count: number;
  installs: number;
}

/** Uses per feature and module version (the counts instances send with their usage report), most used first. */
export function FeatureUsage({ features }: { features: readonly FeatureRow[] }) {
  if (features.length === 0) {
    return (
      <Stack gap={4}>
        <Title order={2} fz="md">
          Usage per feature
        </Title>
        <Text size="sm" c="dimmed">
          No install reported feature counts in this period (instances send <code>features</code> with their usage report).
        </Text>
      </Stack>
    );
  }
  const versions = [...new Set(features.map((f) => f.version))].sort(compareSemverDesc);
  const totals = new Map<string, number>();
  for (const f of features) totals.set(f.feature, (totals.get(f.feature) ?? 0) + f.count);
  const names = [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)! || a.localeCompare(b));
  const countOf = (feature: string, version: string) => features.find((f) => f.feature === feature && f.version === version)?.count;
  const top = names.slice(0, 10).map((feature) => {
    const row: Record<string, string | number> = { feature };
    versions.forEach((v, i) => (row[`v${i}`] = countOf(feature, v) ?? 0));
    return row;
  });

  return (
    <Stack gap="sm">
      <Title order={2} fz="md">
        Usage per feature
      </Title>
      <Card withBorder padding="md" component="figure" m={0} aria-label="Most used features per module version">
        <Title order={3} fz="sm" mb="sm">
          Most used features{names.length > 10 ? ' (top 10)' : ''}
        </Title>
        <BarChart
          h={Math.max(160, top.length * 36)}
          data={top}
          dataKey="feature"
          orientation="vertical"
          type="stacked"
          yAxisProps={{ width: 130 }}
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          series={versions.map((v, i) => ({ name: `v${i}`, label: `Version ${v}`, color: seriesColor(i) }))}
          valueFormatter={formatCount}
        />
      </Card>
      <Table.ScrollContainer minWidth={480}>
        <Table verticalSpacing="xs" aria-label="Uses per feature and module version">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Feature</Table.Th>
              {versions.map((v) => (
                <Table.Th key={v}>Version {v}</Table.Th>
              ))}
              <Table.Th>Total</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {names.map((name) => (
              <Table.Tr key={name} data-testid="feature-row">
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  <code>{name}</code>
                </Table.Td>
                {versions.map((v) => (
                  <Table.Td key={v}>{formatCount(countOf(name, v) ?? null)}</Table.Td>
                ))}
                <Table.Td fw={600}>{formatCount(totals.get(name))}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
