import { Fragment, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { ActionIcon, Badge, Button, Card, Code, Group, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { DateText } from './date-text';
import { fromLocalInput } from '../format/date.format';

/**
 * The audit log's filters, form and table, shared by the platform admin's page (every org) and the
 * org console's page (one org). Filters live in the URL, so a search can be linked and reloaded.
 */

const BASE_KEYS = ['user', 'action', 'entity', 'entityId', 'from', 'to'] as const;
type BaseKey = (typeof BASE_KEYS)[number];
export type AuditFilterDraft<Extra extends string = never> = Record<BaseKey | Extra, string>;

/** The filters of the URL, a draft the form edits, and the filter the API takes. */
export function useAuditFilters<Extra extends string = never>(extraKeys: readonly Extra[] = []) {
  const keys = [...BASE_KEYS, ...extraKeys] as (BaseKey | Extra)[];
  const [params, setParams] = useSearchParams();
  const empty = () => Object.fromEntries(keys.map((k) => [k, ''])) as AuditFilterDraft<Extra>;
  const [draft, setDraft] = useState<AuditFilterDraft<Extra>>(
    () => Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as AuditFilterDraft<Extra>,
  );
  const param = (k: BaseKey | Extra) => params.get(k) || null;
  const filter = {
    userEmail: param('user'),
    action: param('action'),
    entityType: param('entity'),
    entityId: param('entityId'),
    from: fromLocalInput(param('from')),
    to: fromLocalInput(param('to')),
  };
  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of keys) if (draft[k].trim()) next.set(k, draft[k].trim());
    setParams(next);
  };
  const clear = () => {
    setDraft(empty());
    setParams(new URLSearchParams());
  };
  return { draft, setDraft, param, filter, apply, clear };
}

type Filters<Extra extends string> = ReturnType<typeof useAuditFilters<Extra>>;

/** The search form: user, action and entity type (from the facets), entity id, dates; `extra` adds fields. */
export function AuditFilterForm<Extra extends string>({
  filters,
  facets,
  extra,
  cols,
}: {
  filters: Filters<Extra>;
  facets: { actions: string[]; entityTypes: string[] } | undefined;
  extra?: ReactNode;
  cols: number;
}) {
  const { draft, setDraft, apply, clear } = filters;
  const set = (k: BaseKey) => (v: string) => setDraft({ ...draft, [k]: v });
  return (
    <Card withBorder padding="md" mb="md">
      <form onSubmit={apply} aria-label="Search the audit log">
        <SimpleGrid cols={{ base: 1, xs: 2, md: cols }} spacing="sm">
          <TextInput label="User e-mail" value={draft.user} onChange={(e) => set('user')(e.currentTarget.value)} />
          {extra}
          <Select
            label="Action"
            placeholder="Any"
            data={facets?.actions ?? []}
            value={draft.action || null}
            onChange={(v) => set('action')(v ?? '')}
            clearable
            searchable
          />
          <Select
            label="Entity type"
            placeholder="Any"
            data={facets?.entityTypes ?? []}
            value={draft.entity || null}
            onChange={(v) => set('entity')(v ?? '')}
            clearable
            searchable
          />
          <TextInput label="Entity id" value={draft.entityId} onChange={(e) => set('entityId')(e.currentTarget.value)} />
          <TextInput type="datetime-local" label="From" value={draft.from} onChange={(e) => set('from')(e.currentTarget.value)} />
          <TextInput type="datetime-local" label="To" value={draft.to} onChange={(e) => set('to')(e.currentTarget.value)} />
        </SimpleGrid>
        <Group gap="xs" mt="sm">
          <Button type="submit">Search</Button>
          <Button variant="default" onClick={clear}>
            Clear
          </Button>
        </Group>
      </form>
    </Card>
  );
}

export interface AuditRow {
  id: number;
  performedAt: string;
  actionType: string;
  entityType: string;
  entityId?: string | null;
  oldValue?: unknown;
  newValue?: unknown;
  ipAddress?: string | null;
  userAgent?: string | null;
  user?: { name: string; email?: string | null } | null;
  organization?: { name: string } | null;
}

const shown = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v, null, 2));

/** Entries newest first; each row opens to its values before and after. */
export function AuditEntriesTable({ rows, withOrganization = false }: { rows: AuditRow[]; withOrganization?: boolean }) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const columns = withOrganization ? 7 : 6;
  return (
    <Table.ScrollContainer minWidth={withOrganization ? 820 : 760}>
      <Table verticalSpacing="xs" aria-label="Audit entries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36} />
            <Table.Th>When</Table.Th>
            <Table.Th>Who</Table.Th>
            {withOrganization && <Table.Th>Organization</Table.Th>}
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
                {withOrganization && <Table.Td>{r.organization?.name ?? '—'}</Table.Td>}
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
                <Table.Td colSpan={columns}>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <Stack gap={2}>
                      <Text size="xs" fw={600}>
                        Before
                      </Text>
                      <Code block>{shown(r.oldValue)}</Code>
                    </Stack>
                    <Stack gap={2}>
                      <Text size="xs" fw={600}>
                        After
                      </Text>
                      <Code block>{shown(r.newValue)}</Code>
                    </Stack>
                  </SimpleGrid>
                </Table.Td>
              </Table.Tr>
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** "12 entries; showing 12". */
export function AuditCount({ total, shown: count }: { total: number; shown: number }) {
  return (
    <Text size="sm" c="dimmed">
      {total} entr{total === 1 ? 'y' : 'ies'}; showing {count}
    </Text>
  );
}

export function LoadOlderEntries({ onLoad }: { onLoad: () => void }) {
  return (
    <Group>
      <Button variant="default" onClick={onLoad}>
        Load older entries
      </Button>
    </Group>
  );
}
