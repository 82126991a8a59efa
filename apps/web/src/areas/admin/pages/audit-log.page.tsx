import '@mantine/charts/styles.css';
import { Fragment, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { BarChart } from '@mantine/charts';
import { ActionIcon, Badge, Button, Card, Code, Group, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconFileSearch } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { AdminAuditLogQuery } from '../graphql/admin-audit-log.query';
import { AdminAuditFacetsQuery } from '../graphql/admin-audit-facets.query';
import { AdminCrumbs, fromLocalInput } from '../components/admin-crumbs';

const KEYS = ['user', 'org', 'action', 'entity', 'entityId', 'from', 'to'] as const;
type Key = (typeof KEYS)[number];

/** Search the audit log (filters in the URL), newest first, with old and new values. */
export function AuditLogPage() {
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState<Record<Key, string>>(
    () => Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? ''])) as Record<Key, string>,
  );
  const [open, setOpen] = useState<Set<number>>(new Set());
  const facets = useQuery(AdminAuditFacetsQuery);
  const p = (k: Key) => params.get(k) || null;
  const filter = {
    userEmail: p('user'),
    orgId: p('org') && /^\d+$/.test(p('org')!) ? Number(p('org')) : null,
    action: p('action'),
    entityType: p('entity'),
    entityId: p('entityId'),
    from: p('from') ? fromLocalInput(p('from')!) : null,
    to: p('to') ? fromLocalInput(p('to')!) : null,
  };
  const query = useQuery(AdminAuditLogQuery, { variables: { filter, first: 50 }, fetchPolicy: 'cache-and-network' });
  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of KEYS) if (draft[k].trim()) next.set(k, draft[k].trim());
    setParams(next);
  };
  const toggle = (id: number) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  return (
    <>
      <AdminCrumbs current="Audit log" />
      <PageHeader title="Audit log" description="Every state-changing action: who, where, what, and the values before and after." />
      <Card withBorder padding="md" mb="md">
        <form onSubmit={apply} aria-label="Search the audit log">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            <TextInput label="User e-mail" value={draft.user} onChange={(e) => setDraft({ ...draft, user: e.currentTarget.value })} />
            <TextInput
              label="Organization id"
              inputMode="numeric"
              value={draft.org}
              onChange={(e) => setDraft({ ...draft, org: e.currentTarget.value })}
            />
            <Select
              label="Action"
              placeholder="Any"
              data={facets.data?.adminAuditFacets.actions ?? []}
              value={draft.action || null}
              onChange={(v) => setDraft({ ...draft, action: v ?? '' })}
              clearable
              searchable
            />
            <Select
              label="Entity type"
              placeholder="Any"
              data={facets.data?.adminAuditFacets.entityTypes ?? []}
              value={draft.entity || null}
              onChange={(v) => setDraft({ ...draft, entity: v ?? '' })}
              clearable
              searchable
            />
            <TextInput label="Entity id" value={draft.entityId} onChange={(e) => setDraft({ ...draft, entityId: e.currentTarget.value })} />
            <TextInput
              type="datetime-local"
              label="From"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
            />
            <TextInput
              type="datetime-local"
              label="To"
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
            />
            <Group align="flex-end" gap="xs">
              <Button type="submit">Search</Button>
              <Button
                variant="default"
                onClick={() => {
                  setDraft(Object.fromEntries(KEYS.map((k) => [k, ''])) as Record<Key, string>);
                  setParams(new URLSearchParams());
                }}
              >
                Clear
              </Button>
            </Group>
          </SimpleGrid>
        </form>
      </Card>
      <QueryStates
        query={query}
        isEmpty={(d) => d.adminAuditLog.edges.length === 0}
        empty={
          <PageEmpty icon={<IconFileSearch aria-hidden />} title="No entries match" description="Widen the dates or clear a filter." />
        }
      >
        {(d) => {
          const rows = d.adminAuditLog.edges.map((e) => e.node);
          const byAction = Object.entries(
            rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.actionType]: (acc[r.actionType] ?? 0) + 1 }), {}),
          )
            .map(([action, count]) => ({ action, count }))
            .sort((a, b) => b.count - a.count)
            .slice(0, 8);
          return (
            <Stack gap="sm">
              <Group justify="space-between" wrap="wrap">
                <Text size="sm" c="dimmed">
                  {d.adminAuditLog.totalCount} entr{d.adminAuditLog.totalCount === 1 ? 'y' : 'ies'}; showing {rows.length}
                </Text>
              </Group>
              {byAction.length > 1 && (
                <Card withBorder padding="sm" aria-label="Actions among the entries shown">
                  <BarChart
                    h={140}
                    data={byAction}
                    dataKey="action"
                    series={[{ name: 'count', label: 'Entries', color: 'indigo.6' }]}
                    tickLine="none"
                    gridAxis="none"
                  />
                </Card>
              )}
              <Table.ScrollContainer minWidth={820}>
                <Table verticalSpacing="xs" aria-label="Audit entries">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={36} />
                      <Table.Th>When</Table.Th>
                      <Table.Th>Who</Table.Th>
                      <Table.Th>Organization</Table.Th>
                      <Table.Th miw={150}>Action</Table.Th>
                      <Table.Th>Entity</Table.Th>
                      <Table.Th>From</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r) => (
                      <Fragment key={r.id}>
                        <Table.Tr data-testid="audit-row">
                          <Table.Td>
                            <ActionIcon
                              variant="subtle"
                              onClick={() => toggle(r.id)}
                              aria-expanded={open.has(r.id)}
                              aria-label={`Values of entry ${r.id}`}
                            >
                              {open.has(r.id) ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                            </ActionIcon>
                          </Table.Td>
                          <Table.Td>
                            <DateText value={r.performedAt} withTime />
                          </Table.Td>
                          <Table.Td>
                            {r.user ? (
                              <>
                                <Text size="sm">{r.user.name}</Text>
                                <Text size="xs" c="dimmed">
                                  {r.user.email}
                                </Text>
                              </>
                            ) : (
                              <Text size="sm" c="dimmed">
                                system
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>{r.organization?.name ?? '—'}</Table.Td>
                          <Table.Td>
                            <Badge variant="outline" color="indigo.8">
                              {r.actionType}
                            </Badge>
                          </Table.Td>
                          <Table.Td>
                            {r.entityType}
                            {r.entityId ? ` #${r.entityId}` : ''}
                          </Table.Td>
                          <Table.Td>
                            <Text size="xs">{r.ipAddress ?? '—'}</Text>
                            <Text size="xs" c="dimmed" lineClamp={1} maw={180}>
                              {r.userAgent}
                            </Text>
                          </Table.Td>
                        </Table.Tr>
                        <Table.Tr style={{ display: open.has(r.id) ? undefined : 'none' }}>
                          <Table.Td colSpan={7}>
                            <SimpleGrid cols={{ base: 1, sm: 2 }}>
                              <Stack gap={2}>
                                <Text size="xs" fw={600}>
                                  Before
                                </Text>
                                <Code block>
                                  {r.oldValue === null || r.oldValue === undefined ? '—' : JSON.stringify(r.oldValue, null, 2)}
                                </Code>
                              </Stack>
                              <Stack gap={2}>
                                <Text size="xs" fw={600}>
                                  After
                                </Text>
                                <Code block>
                                  {r.newValue === null || r.newValue === undefined ? '—' : JSON.stringify(r.newValue, null, 2)}
                                </Code>
                              </Stack>
                            </SimpleGrid>
                          </Table.Td>
                        </Table.Tr>
                      </Fragment>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {d.adminAuditLog.pageInfo.hasNextPage && (
                <Group>
                  <Button
                    variant="default"
                    onClick={() =>
                      void query.fetchMore({
                        variables: { after: d.adminAuditLog.pageInfo.endCursor },
                        updateQuery: (prev, { fetchMoreResult }) => ({
                          adminAuditLog: {
                            ...fetchMoreResult.adminAuditLog,
                            edges: [...prev.adminAuditLog.edges, ...fetchMoreResult.adminAuditLog.edges],
                          },
                        }),
                      })
                    }
                  >
                    Load older entries
                  </Button>
                </Group>
              )}
            </Stack>
          );
        }}
      </QueryStates>
    </>
  );
}
