import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Group, Select, SimpleGrid, Skeleton, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconSearchOff } from '@tabler/icons-react';
import { PageEmpty, PageError } from '../../../shared/components/page-states';
import { CatalogFacetsQuery } from './graphql/catalog-facets.query';
import { CatalogModulesQuery } from './graphql/catalog-modules.query';
import { CatalogFilters } from './catalog-filters';
import { EMPTY_PARAMS, readParams, SORTS, toFilter, writeParams, type CatalogParams } from './catalog-params';
import { ModuleCard } from './module-card';
import { formatCount } from '../../../shared/format/count.format';

export const PAGE_SIZE = 12;

function CardsLoading() {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg" role="status" aria-busy="true" aria-live="polite">
      <VisuallyHidden>Loading modules…</VisuallyHidden>
      {Array.from({ length: 6 }, (_, i) => (
        <Card key={i} withBorder padding="lg" data-testid="card-skeleton">
          <Group wrap="nowrap">
            <Skeleton height={48} width={48} radius="md" />
            <Stack gap={6} style={{ flex: 1 }}>
              <Skeleton height={18} width="60%" />
              <Skeleton height={12} width="40%" />
            </Stack>
          </Group>
          <Skeleton height={12} mt="md" />
          <Skeleton height={12} mt={6} width="80%" />
          <Skeleton height={16} mt="lg" width="45%" />
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** The catalog: filters and sort in the URL, a grid of cards, "Load more" with keyset cursors. */
export function CatalogBrowser() {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => readParams(search), [search]);
  const facets = useQuery(CatalogFacetsQuery, { fetchPolicy: 'cache-first' });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);

  const variables = {
    filter: toFilter(params),
    sort: params.sort,
    first: PAGE_SIZE,
    withCompat: !!params.core,
    coreVersion: params.core || '0.0.0',
    software: params.software || null,
  };
  const list = useQuery(CatalogModulesQuery, { variables, notifyOnNetworkStatusChange: false });

  const update = (next: CatalogParams, opts: { replace?: boolean } = {}) => {
    setMoreError(null);
    setSearch(writeParams(next), { replace: opts.replace ?? false, preventScrollReset: true });
  };

  const data = list.data?.catalogModules;
  const shown = data?.edges.length ?? 0;

  const loadMore = async () => {
    if (!data?.pageInfo.endCursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      await list.fetchMore({
        variables: { after: data.pageInfo.endCursor },
        updateQuery: (prev, { fetchMoreResult }) => ({
          catalogModules: {
            ...fetchMoreResult.catalogModules,
            edges: [...(prev.catalogModules?.edges ?? []), ...fetchMoreResult.catalogModules.edges],
          },
        }),
      });
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Stack gap="lg">
      <CatalogFilters params={params} facets={facets.data} onChange={update} />
      {facets.error && !facets.data && (
        <PageError
          title="Filter choices could not be loaded"
          error={facets.error}
          onRetry={() => void facets.refetch().catch(() => undefined)}
        />
      )}

      <Group justify="space-between" align="flex-end" gap="sm">
        <Text fw={600} aria-live="polite" data-testid="result-count">
          {data
            ? `${countLabel(data.totalCount, data.totalCountIsExact)} ${data.totalCount === 1 && data.totalCountIsExact ? 'module' : 'modules'}`
            : 'Searching…'}
        </Text>
        <Select
          label="Sort by"
          data={SORTS}
          value={params.sort}
          onChange={(v) => v && update({ ...params, sort: v as CatalogParams['sort'] })}
          allowDeselect={false}
          w={200}
          size="sm"
        />
      </Group>

      {!data && list.error ? (
        <PageError title="The catalog could not be loaded" error={list.error} onRetry={() => void list.refetch().catch(() => undefined)} />
      ) : !data ? (
        <CardsLoading />
      ) : data.edges.length === 0 ? (
        <Card withBorder>
          <PageEmpty
            icon={<IconSearchOff aria-hidden />}
            title="No module matches"
            description={
              params.core
                ? `Nothing found for core ${params.core} with these filters. Try another core version or fewer filters.`
                : 'Try other words or fewer filters.'
            }
            action={
              <Button variant="light" onClick={() => update({ ...EMPTY_PARAMS, sort: params.sort })}>
                Clear all filters
              </Button>
            }
          />
        </Card>
      ) : (
        <>
          {list.error && (
            <PageError
              title="Showing earlier results: refreshing failed"
              error={list.error}
              onRetry={() => void list.refetch().catch(() => undefined)}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg" component="section" aria-label="Modules">
            {data.edges.map((e) => (
              <ModuleCard key={e.node.id} module={e.node} coreVersion={params.core || null} />
            ))}
          </SimpleGrid>
          <Stack align="center" gap="xs">
            <Text size="sm" c="dimmed">
              Showing {shown} of {countLabel(data.totalCount, data.totalCountIsExact)}
            </Text>
            {moreError ? <PageError title="More modules could not be loaded" error={moreError} onRetry={() => void loadMore()} /> : null}
            {data.pageInfo.hasNextPage && (
              <Button variant="default" onClick={() => void loadMore()} loading={loadingMore}>
                Load more modules
              </Button>
            )}
          </Stack>
        </>
      )}
    </Stack>
  );
}

/** The API counts exactly up to a cap; beyond it the count is a lower bound ("1,000+"). */
function countLabel(total: number, exact: boolean | null | undefined): string {
  return exact === false ? `${formatCount(total)}+` : formatCount(total);
}
