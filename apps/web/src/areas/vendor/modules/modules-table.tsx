import { Link } from 'react-router';
import { Anchor, Avatar, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconPackage, IconUpload } from '@tabler/icons-react';
import { PageEmpty } from '../../../shared/components/page-states';
import { ModuleStatusBadge } from '../components/status-badges';
import type { ModuleStatus } from '../../../gql/graphql';

export interface ModulesTableRow {
  id: number;
  slug: string;
  name: string;
  status: ModuleStatus;
  iconUrl?: string | null;
  latestApprovedVersion?: { version: string } | null;
  versions: readonly unknown[];
}

/** The vendor's modules with status, live version and an upload action (links are absolute: used on several pages). */
export function ModulesTable({ modules }: { modules: readonly ModulesTableRow[] }) {
  return (
    <>
      {modules.length === 0 ? (
        <PageEmpty
          icon={<IconPackage aria-hidden />}
          title="No modules yet"
          description="Create a listing, then upload its first version."
          action={
            <Button component={Link} to="/vendor/modules/new">
              New module
            </Button>
          }
        />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" aria-labelledby="modules-title" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Module</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Live version</Table.Th>
                <Table.Th>Versions</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {modules.map((m) => (
                <Table.Tr key={m.id} data-testid="vendor-module-row">
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <Avatar src={m.iconUrl} radius="sm" size={32} alt="">
                        {m.name.slice(0, 2)}
                      </Avatar>
                      <Stack gap={0}>
                        <Anchor component={Link} to={`/vendor/modules/${m.id}`} fw={600}>
                          {m.name}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {m.slug}
                        </Text>
                      </Stack>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <ModuleStatusBadge status={m.status} />
                  </Table.Td>
                  <Table.Td>
                    {m.latestApprovedVersion?.version ?? (
                      <Text span c="dimmed" size="sm">
                        none yet
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{m.versions.length}</Table.Td>
                  <Table.Td>
                    <Button
                      component={Link}
                      to={`/vendor/modules/${m.id}/versions/new`}
                      size="xs"
                      variant="light"
                      leftSection={<IconUpload size={14} aria-hidden />}
                      aria-label={`Upload a version of ${m.name}`}
                    >
                      Upload
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
