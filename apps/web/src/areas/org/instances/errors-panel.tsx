import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Badge, Button, Code, Group, SegmentedControl, Spoiler, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBug } from '@tabler/icons-react';
import { DateText } from '../../../shared/components/date-text';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { FormErrorAlert, payloadErrorsFromException, type PayloadError } from '../../../shared/components/form-errors';
import { InstanceErrorsQuery } from './graphql/instance-errors.query';
import { InstanceErrorResolveMutation } from './graphql/instance-error-resolve.mutation';

type Filter = 'all' | 'open' | 'resolved';

/** Errors the instance reported, grouped by fingerprint (a repeat raises the count). */
export function ErrorsPanel({ instanceId, canManage }: { instanceId: number; canManage: boolean }) {
  const [filter, setFilter] = useState<Filter>('all');
  const query = useQuery(InstanceErrorsQuery, {
    variables: { instanceId, first: 50, resolved: filter === 'all' ? null : filter === 'resolved' },
  });
  const [resolve, resolving] = useMutation(InstanceErrorResolveMutation, { refetchQueries: ['InstanceErrors'] });
  const [errors, setErrors] = useState<PayloadError[]>([]);

  const toggle = async (id: number, resolved: boolean) => {
    setErrors([]);
    try {
      const { data } = await resolve({ variables: { input: { id, resolved } } });
      if (data?.instanceErrorResolve.errors.length) return setErrors(data.instanceErrorResolve.errors);
      notifications.show({
        color: 'gray',
        title: resolved ? 'Marked as resolved' : 'Reopened',
        message: resolved ? 'It reopens by itself if it happens again.' : 'The error is open again.',
      });
    } catch (e) {
      setErrors(payloadErrorsFromException(e));
    }
  };

  return (
    <Stack gap="md">
      <SegmentedControl
        aria-label="Show"
        value={filter}
        onChange={(v) => setFilter(v as Filter)}
        data={[
          { value: 'all', label: 'All' },
          { value: 'open', label: 'Open' },
          { value: 'resolved', label: 'Resolved' },
        ]}
        w="fit-content"
      />
      <FormErrorAlert errors={errors} />
      <QueryStates
        query={query}
        isEmpty={(d) => d.instanceErrors.edges.length === 0}
        empty={
          <PageEmpty
            icon={<IconBug aria-hidden />}
            title={filter === 'open' ? 'No open error' : 'No error reported'}
            description="The instance reports errors through the instance API (POST /api/instance/v1/errors)."
          />
        }
      >
        {(d) => (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" aria-label="Reported errors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Error</Table.Th>
                  <Table.Th>Module</Table.Th>
                  <Table.Th>Occurrences</Table.Th>
                  <Table.Th>Last seen</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.instanceErrors.edges.map(({ node: e }) => (
                  <Table.Tr key={e.id} data-testid="error-row">
                    <Table.Td maw={380}>
                      <Group gap={6} mb={2}>
                        <Badge size="sm" variant="outline" color="gray.8" tt="none">
                          {e.errorType}
                        </Badge>
                      </Group>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {e.errorMessage}
                      </Text>
                      {e.stackTrace && (
                        <Spoiler
                          maxHeight={0}
                          showLabel="Show stack trace"
                          hideLabel="Hide stack trace"
                          styles={{ control: { fontSize: 'var(--mantine-font-size-xs)' } }}
                        >
                          <Code block fz="xs">
                            {e.stackTrace}
                          </Code>
                        </Spoiler>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {e.module.name} {e.version?.version ?? ''}
                      </Text>
                      {e.coreVersion && (
                        <Text size="xs" c="dimmed">
                          core {e.coreVersion}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text fw={600}>{e.occurrences}</Text>
                      <Text size="xs" c="dimmed">
                        since <DateText value={e.firstSeenAt} />
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <DateText value={e.occurredAt} withTime />
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={4} align="flex-start">
                        <Badge color={e.resolved ? 'gray.8' : 'red.9'} variant="outline">
                          {e.resolved ? 'Resolved' : 'Open'}
                        </Badge>
                        {canManage && (
                          <Button size="compact-xs" variant="subtle" loading={resolving.loading} onClick={() => toggle(e.id, !e.resolved)}>
                            {e.resolved ? 'Reopen' : 'Mark resolved'}
                          </Button>
                        )}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryStates>
    </Stack>
  );
}
