import { useEffect, useState, type FormEvent } from 'react';
import { ActionIcon, Button, Card, Group, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconCpu, IconFilterOff, IconSearch, IconX } from '@tabler/icons-react';
import type { CatalogFacetsQuery } from '../../../gql/graphql';
import { activeFilterCount, EMPTY_PARAMS, MODULE_TYPES, PLAN_TYPES, type CatalogParams } from './catalog-params';
import classes from './catalog.module.css';

type Facets = CatalogFacetsQuery | undefined;

const coreKey = (software: string, version: string) => `${software}@${version}`;

/** "Compatible with" choices grouped by software: "2.0.0 · Webkernel Horizon (awaiting validation)". */
function coreOptions(facets: Facets) {
  return (facets?.softwares ?? []).map((s) => ({
    group: s.name,
    items: s.cores.map((c) => ({
      value: coreKey(s.slug, c.version),
      label: `${c.version} · ${c.name}${c.validationStatus === 'pending' ? ' (awaiting validation)' : ''}`,
    })),
  }));
}

export function CatalogFilters({
  params,
  facets,
  onChange,
}: {
  params: CatalogParams;
  facets: Facets;
  /** `replace`: update the URL without a new history entry (typing in the search box). */
  onChange: (next: CatalogParams, opts?: { replace?: boolean }) => void;
}) {
  const [search, setSearch] = useState(params.q);
  // Back/forward or a shared link change the URL: show its search.
  useEffect(() => setSearch(params.q), [params.q]);
  const applySearch = useDebouncedCallback((q: string) => {
    if (q.trim() !== params.q.trim()) onChange({ ...params, q }, { replace: true });
  }, 400);

  const set = <K extends keyof CatalogParams>(key: K, value: CatalogParams[K]) => onChange({ ...params, [key]: value });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    applySearch.cancel?.();
    onChange({ ...params, q: search });
  };

  const cores = coreOptions(facets);
  const softwareCount = facets?.softwares.length ?? 0;
  const coreValue = params.core ? coreKey(params.software || facets?.softwares[0]?.slug || '', params.core) : null;
  const knownCore = cores.some((g) => g.items.some((i) => i.value === coreValue));
  const coreData =
    params.core && !knownCore && coreValue
      ? [...cores, { group: 'From the link', items: [{ value: coreValue, label: params.core }] }]
      : cores;
  const filters = activeFilterCount(params);

  return (
    <Card withBorder padding="lg" component="section" aria-label="Search and filters">
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <form role="search" aria-label="Search modules" onSubmit={onSubmit} className={classes.searchCell}>
            <TextInput
              label="Search modules"
              placeholder="Name, vendor, category, feature…"
              value={search}
              onChange={(e) => {
                const q = e.currentTarget.value;
                setSearch(q);
                applySearch(q);
              }}
              leftSection={<IconSearch size={16} aria-hidden />}
              rightSection={
                search ? (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label="Clear search"
                    onClick={() => {
                      setSearch('');
                      onChange({ ...params, q: '' });
                    }}
                  >
                    <IconX size={16} aria-hidden />
                  </ActionIcon>
                ) : null
              }
              maxLength={100}
              size="md"
              name="q"
              enterKeyHint="search"
            />
          </form>
          <Select
            classNames={{ root: classes.coreFilter }}
            label="Compatible with core version"
            description={softwareCount > 1 ? 'Software and core your instance runs' : undefined}
            placeholder="Any core version"
            data={coreData}
            value={coreValue}
            onChange={(v) => {
              if (!v) return onChange({ ...params, core: '', software: '' });
              const at = v.lastIndexOf('@');
              onChange({ ...params, software: v.slice(0, at), core: v.slice(at + 1) });
            }}
            clearable
            searchable
            size="md"
            leftSection={<IconCpu size={16} aria-hidden />}
            nothingFoundMessage="No such core version"
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
          <Select
            label="Category"
            placeholder="All categories"
            data={(facets?.catalogCategories ?? []).map((c) => ({
              value: c.name,
              label: `${c.name.charAt(0).toUpperCase()}${c.name.slice(1)} (${c.moduleCount})`,
            }))}
            value={params.category || null}
            onChange={(v) => set('category', v ?? '')}
            clearable
          />
          <Select
            label="Module type"
            placeholder="All types"
            data={MODULE_TYPES}
            value={params.type || null}
            onChange={(v) => set('type', (v ?? '') as CatalogParams['type'])}
            clearable
          />
          <Select
            label="Pricing"
            placeholder="Any pricing"
            data={PLAN_TYPES}
            value={params.plan || null}
            onChange={(v) => set('plan', (v ?? '') as CatalogParams['plan'])}
            clearable
          />
          <Select
            label="Vendor"
            placeholder="All vendors"
            data={(facets?.catalogVendors ?? []).map((v) => ({ value: v.vendor.slug, label: `${v.vendor.name} (${v.moduleCount})` }))}
            value={params.vendor || null}
            onChange={(v) => set('vendor', v ?? '')}
            clearable
            searchable
          />
        </SimpleGrid>
        <Group justify="space-between" gap="sm">
          <Switch label="Verified vendors only" checked={params.verified} onChange={(e) => set('verified', e.currentTarget.checked)} />
          {filters > 0 && (
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconFilterOff size={16} aria-hidden />}
              onClick={() => onChange({ ...EMPTY_PARAMS, sort: params.sort })}
            >
              Clear {filters === 1 ? 'filter' : `${filters} filters`}
            </Button>
          )}
        </Group>
        {params.core && (
          <Text size="sm" c="dimmed">
            Showing modules with at least one approved version whose declared range includes core {params.core} (inclusive bounds).
          </Text>
        )}
      </Stack>
    </Card>
  );
}
