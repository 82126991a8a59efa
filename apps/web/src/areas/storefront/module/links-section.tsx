import { Link } from 'react-router';
import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { ModuleDetail } from './types';

function ModuleLink({ module: m }: { module: { slug: string; name: string; isListed: boolean } }) {
  return m.isListed ? (
    <Anchor component={Link} to={`/modules/${m.slug}`} fw={600}>
      {m.name}
    </Anchor>
  ) : (
    <Text span fw={600}>
      {m.name}{' '}
      <Text span size="xs" c="dimmed">
        (not in the catalog)
      </Text>
    </Text>
  );
}

/** Modules this one needs (latest version) and the modules it integrates with. */
export function LinksSection({
  dependencies,
  integrations,
}: {
  dependencies: ModuleDetail['dependencies'];
  integrations: ModuleDetail['integrations'];
}) {
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Text fw={700}>Dependencies</Text>
        {dependencies.length === 0 ? (
          <Text c="dimmed" size="sm">
            None: this module works on its own.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={420}>
            <Table aria-label="Dependencies" data-testid="dependencies">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Module</Table.Th>
                  <Table.Th scope="col">Needed</Table.Th>
                  <Table.Th scope="col">Minimum version</Table.Th>
                  <Table.Th scope="col">Kind</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {dependencies.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>
                      <ModuleLink module={d.module} />
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={d.isRequired ? 'red' : 'gray'}>
                        {d.isRequired ? 'Required' : 'Optional'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{d.minVersion}</Table.Td>
                    <Table.Td>{d.dependencyType === 'functional' ? 'Functional' : 'Integration'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <Stack gap="xs">
        <Text fw={700}>Integrations</Text>
        {integrations.length === 0 ? (
          <Text c="dimmed" size="sm">
            No integration declared.
          </Text>
        ) : (
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {integrations.map((i) => (
              <Group key={i.id} component="li" gap="xs" wrap="wrap">
                <ModuleLink module={i.module} />
                <Badge variant="outline" color="gray" tt="none">
                  {i.integrationType.replace(/_/g, ' ')}
                </Badge>
                {i.isBidirectional && (
                  <Badge variant="light" color="indigo" tt="none">
                    both ways
                  </Badge>
                )}
                {i.description && (
                  <Text size="sm" c="dimmed">
                    {i.description}
                  </Text>
                )}
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
    </Stack>
  );
}
