import { Fragment, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { ActionIcon, Badge, Button, Card, Code, Group, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconFileSearch } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { OrgCrumbs, OrgPermissionGate } from '../components/billing-guard';
import { OrgAuditLogQuery } from './graphql/org-audit-log.query';
import { OrgAuditFacetsQuery } from './graphql/org-audit-facets.query';

const KEYS = ['user', 'action', 'entity', 'entityId', 'from', 'to'] as const;
type Key = (typeof KEYS)[number];
const fromLocalInput = (v: string) => {
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

/** `/org/audit-log` (org admins): the organization's audit rows, with the admin page's filters. */
export function OrgAuditLogPage() {
  return (
    <>
      <OrgCrumbs current="Audit log" />
      <OrgPermissionGate need="admin" what="the audit log">
        {(m) => <OrgAuditLog key={m.organization.id} orgId={m.organization.id} orgName={m.organization.name} />}
      </OrgPermissionGate>
    </>
  );
}

function OrgAuditLog({ orgId, orgName }: { orgId: number; orgName: string }) {
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState<Record<Key, string>>(
    () => Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? ''])) as Record<Key, string>,
  );
  const [open, setOpen] = useState<Set<number>>(new Set());
  const facets = useQuery(OrgAuditFacetsQuery, { variables: { orgId } });
  const p = (k: Key) => params.get(k) || null;
  const filter = {
    userEmail: p('user'),
    action: p('action'),
    entityType: p('entity'),
    entityId: p('entityId'),
    from: p('from') ? fromLocalInput(p('from')!) : null,
    to: p('to') ? fromLocalInput(p('to')!) : null,
  };
  const query = useQuery(OrgAuditLogQuery, { variables: { orgId, filter, first: 50 }, fetchPolicy: 'cache-and-network' });
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
      <PageHeader
        title="Audit log"
        documentTitle={`Audit log · ${orgName}`}
        description={`Every change made in ${orgName}: who, what, when, from where, and the values before and after.`}
      />
      <Card withBorder padding="md" mb="md">
        <form onSubmit={apply} aria-label="Search the audit log">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
            <TextInput label="User e-mail" value={draft.user} onChange={(e) => setDraft({ ...draft, user: e.currentTarget.value })} />
            <Select
              label="Action"
              placeholder="Any"
              data={facets.data?.orgAuditFacets.actions ?? []}
              value={draft.action || null}
              onChange={(v) => setDraft({ ...draft, action: v ?? '' })}
              clearable
              searchable
            />
            <Select
              label="Entity type"
              placeholder="Any"
              data={facets.data?.orgAuditFacets.entityTypes ?? []}
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
          </SimpleGrid>
          <Group gap="xs" mt="sm">
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
        </form>
      </Card>
      <QueryStates
        query={query}
        isEmpty={(d) => d.orgAuditLog.edges.length === 0}
        empty={
          <PageEmpty icon={<IconFileSearch aria-hidden />} title="No entries match" description="Widen the dates or clear a filter." />
        }
      >
        {(d) => {
          const rows = d.orgAuditLog.edges.map((e) => e.node);
          return (
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                {d.orgAuditLog.totalCount} entr{d.orgAuditLog.totalCount === 1 ? 'y' : 'ies'}; showing {rows.length}
              </Text>
              <Table.ScrollContainer minWidth={760}>
                <Table verticalSpacing="xs" aria-label="Audit entries">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={36} />
                      <Table.Th>When</Table.Th>
                      <Table.Th>Who</Table.Th>
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
                                {r.user.email && (
                                  <Text size="xs" c="dimmed">
                                    {r.user.email}
                                  </Text>
                                )}
                              </>
                            ) : (
                              <Text size="sm" c="dimmed">
                                system
                              </Text>
                            )}
                          </Table.Td>
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
                          <Table.Td colSpan={6}>
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
              {d.orgAuditLog.pageInfo.hasNextPage && (
                <Group>
                  <Button
                    variant="default"
                    onClick={() =>
                      void query.fetchMore({
                        variables: { after: d.orgAuditLog.pageInfo.endCursor },
                        updateQuery: (prev, { fetchMoreResult }) => ({
                          orgAuditLog: {
                            ...fetchMoreResult.orgAuditLog,
                            edges: [...prev.orgAuditLog.edges, ...fetchMoreResult.orgAuditLog.edges],
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
