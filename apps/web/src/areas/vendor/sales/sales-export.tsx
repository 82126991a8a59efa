import { useState } from 'react';
import { Button, Card, Group, Text, TextInput, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Download the vendor's sales of any date range as CSV (streamed by the API). */
export function SalesExport({ vendorId }: { vendorId: number }) {
  const now = new Date();
  const [from, setFrom] = useState(iso(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))));
  const [to, setTo] = useState(iso(now));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const href = `/api/vendor/${vendorId}/sales.csv?from=${from}&to=${to}`;
  return (
    <Card withBorder padding="lg" mb="lg" component="section" aria-labelledby="export-title">
      <Title order={2} fz="lg" id="export-title" mb={4}>
        Export sales
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Every sale between two days (UTC, both included) as a CSV file: date, module, plan, buyer, gross, commission and net.
      </Text>
      <Group align="flex-end" wrap="wrap">
        <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={170} />
        <TextInput
          type="date"
          label="To"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          w={170}
          error={from && to && from > to ? 'The last day is before the first.' : undefined}
        />
        <Button
          component="a"
          href={valid ? href : undefined}
          download
          data-disabled={!valid || undefined}
          disabled={!valid}
          leftSection={<IconDownload size={16} aria-hidden />}
        >
          Export CSV
        </Button>
      </Group>
    </Card>
  );
}
