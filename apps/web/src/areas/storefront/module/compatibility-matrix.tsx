import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import type { ModuleDetail } from './types';

/** Versions × known core versions, ✓/✗, one table per software the module supports. */
export function CompatibilityMatrix({ matrices }: { matrices: ModuleDetail['compatibilityMatrix'] }) {
  if (!matrices.length) return <Text c="dimmed">This module declares no core compatibility yet.</Text>;
  return (
    <Stack gap="lg">
      {matrices.map((m) => (
        <Stack key={m.software.id} gap="xs">
          <Title order={3} fz="md">
            {m.software.name}
          </Title>
          <Table.ScrollContainer minWidth={Math.max(320, 120 + m.cores.length * 110)}>
            <Table
              withTableBorder
              withColumnBorders
              striped
              aria-label={`Compatibility of each version with ${m.software.name} core versions`}
              data-testid="compat-matrix"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Version</Table.Th>
                  {m.cores.map((c) => (
                    <Table.Th key={c.id} scope="col" ta="center">
                      <Stack gap={0} align="center">
                        <span>Core {c.version}</span>
                        <Text size="xs" c="dimmed" fw={400}>
                          {c.name}
                        </Text>
                        {c.validationStatus === 'pending' && (
                          <Badge size="xs" variant="light" color="yellow" tt="none">
                            awaiting validation
                          </Badge>
                        )}
                      </Stack>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {m.rows.map((r) => (
                  <Table.Tr key={r.versionId}>
                    <Table.Th scope="row">v{r.version}</Table.Th>
                    {r.compatible.map((ok, i) => (
                      <Table.Td
                        key={m.cores[i]?.id ?? i}
                        ta="center"
                        aria-label={ok ? 'Compatible' : 'Not compatible'}
                        title={ok ? 'Compatible' : 'Not compatible'}
                      >
                        {ok ? (
                          <IconCheck size={18} color="var(--mantine-color-teal-8)" aria-hidden />
                        ) : (
                          <IconX size={18} color="var(--mantine-color-red-8)" aria-hidden />
                        )}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      ))}
    </Stack>
  );
}
