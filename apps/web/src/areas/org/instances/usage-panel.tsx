import { useEffect, useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Group, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { InstanceUsageQuery } from './graphql/instance-usage.query';
import { formatCount, formatMb, formatMs } from './format';
import { UsageCharts } from './usage-charts';

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz="xl" fw={700}>
        {value}
      </Text>
    </Card>
  );
}

/** Usage reported by the instance, per module, over a period (defaults to the 30 days up to the last report). */
export function UsagePanel({ instanceId }: { instanceId: number }) {
  const [period, setPeriod] = useState<{ from: string | null; to: string | null }>({ from: null, to: null });
  const [draft, setDraft] = useState({ from: '', to: '' });
  const query = useQuery(InstanceUsageQuery, { variables: { instanceId, from: period.from, to: period.to } });
  const [moduleKey, setModuleKey] = useState<string | null>(null);
  const report = query.data?.instanceUsage;

  useEffect(() => {
    if (report) setDraft({ from: report.from, to: report.to });
  }, [report?.from, report?.to]); // eslint-disable-line react-hooks/exhaustive-deps

  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    setPeriod({ from: draft.from || null, to: draft.to || null });
  };

  return (
    <Stack gap="md">
      <form onSubmit={apply} aria-label="Usage period">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            type="date"
            label="From"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
            w={170}
          />
          <TextInput type="date" label="To" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} w={170} />
          <Button type="submit" variant="default">
            Show
          </Button>
          {report?.latestReportDate && (
            <Button variant="subtle" onClick={() => setPeriod({ from: null, to: null })}>
              Latest 30 days reported
            </Button>
          )}
        </Group>
      </form>
      <QueryStates
        query={query}
        isEmpty={(d) => d.instanceUsage.modules.every((m) => m.days.length === 0)}
        empty={
          <PageEmpty
            icon={<IconChartBar aria-hidden />}
            title={`No usage reported between ${report?.from ?? '…'} and ${report?.to ?? '…'}`}
            description={
              report?.latestReportDate
                ? `The latest report is from ${report.latestReportDate}.`
                : 'The instance reports daily usage per module through the instance API (POST /api/instance/v1/usage).'
            }
          />
        }
      >
        {(d) => {
          const withData = d.instanceUsage.modules.filter((m) => m.days.length > 0);
          const current = withData.find((m) => String(m.instanceModule.id) === moduleKey) ?? withData[0]!;
          return (
            <Stack gap="md">
              <Text size="sm" c="dimmed">
                {d.instanceUsage.from} – {d.instanceUsage.to}
              </Text>
              {withData.length > 1 && (
                <SegmentedControl
                  aria-label="Module"
                  value={String(current.instanceModule.id)}
                  onChange={setModuleKey}
                  data={withData.map((m) => ({ value: String(m.instanceModule.id), label: m.module.name }))}
                />
              )}
              {withData.length === 1 && <Text fw={600}>{current.module.name}</Text>}
              <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
                <Stat label="Peak daily users" value={formatCount(current.totals.peakActiveUsers)} />
                <Stat label="API calls" value={formatCount(current.totals.apiCalls)} />
                <Stat label="Errors" value={formatCount(current.totals.errors)} />
                <Stat label="Avg response" value={formatMs(current.totals.avgResponseTimeMs)} />
                <Stat label="Data processed" value={formatMb(current.totals.dataProcessedMb)} />
              </SimpleGrid>
              <UsageCharts days={current.days} />
            </Stack>
          );
        }}
      </QueryStates>
    </Stack>
  );
}
