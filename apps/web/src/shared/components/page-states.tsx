import type { ReactNode } from 'react';
import { Alert, Button, Card, EmptyState, Group, SimpleGrid, Skeleton, Stack, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconInbox, IconRefresh } from '@tabler/icons-react';
import { describeError } from '../errors/describe-error';

/** Loading placeholder shaped like a page: a title, a line of text and a grid of cards. */
export function PageLoading({ label = 'Loading…', cards = 3 }: { label?: string; cards?: number }) {
  return (
    <Stack gap="md" role="status" aria-live="polite" aria-busy="true" data-testid="page-loading">
      <VisuallyHidden>{label}</VisuallyHidden>
      <Skeleton height={32} width="40%" radius="sm" />
      <Skeleton height={16} width="65%" radius="sm" />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} mt="md">
        {Array.from({ length: cards }, (_, i) => (
          <Card key={i} withBorder padding="lg">
            <Skeleton height={20} width="50%" radius="sm" />
            <Skeleton height={12} mt="md" radius="sm" />
            <Skeleton height={12} mt="xs" width="80%" radius="sm" />
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

export function PageEmpty({
  title,
  description,
  icon,
  action,
}: {
  title: string;
  description?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <EmptyState data-testid="page-empty" py="xl" title={title} description={description} icon={icon ?? <IconInbox aria-hidden />}>
      {action}
    </EmptyState>
  );
}

export function PageError({
  error,
  onRetry,
  title = 'This page could not be loaded',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle aria-hidden />} role="alert" data-testid="page-error">
      <Stack gap="sm" align="flex-start">
        <span>{describeError(error)}</span>
        {onRetry && (
          <Button variant="default" size="xs" leftSection={<IconRefresh size={16} aria-hidden />} onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

interface QueryLike<TData> {
  data: TData | undefined;
  error?: unknown;
  loading: boolean;
  refetch?: () => Promise<unknown>;
}

/**
 * The four states of a data view in one place: loading (no data yet), error (with retry),
 * empty, success. With cache-and-network, cached data is shown while it refreshes.
 */
export function QueryStates<TData>({
  query,
  isEmpty,
  empty,
  loading,
  children,
}: {
  query: QueryLike<TData>;
  isEmpty?: (data: TData) => boolean;
  empty?: ReactNode;
  loading?: ReactNode;
  children: (data: TData) => ReactNode;
}) {
  if (query.data === undefined) {
    if (query.error)
      return <PageError error={query.error} onRetry={query.refetch ? () => void query.refetch?.().catch(() => undefined) : undefined} />;
    return <>{loading ?? <PageLoading />}</>;
  }
  if (isEmpty?.(query.data)) return <>{empty ?? <PageEmpty title="Nothing here yet" />}</>;
  return (
    <>
      {query.error ? (
        <Group mb="md">
          <PageError
            title="Showing saved data: refreshing failed"
            error={query.error}
            onRetry={query.refetch ? () => void query.refetch?.().catch(() => undefined) : undefined}
          />
        </Group>
      ) : null}
      {children(query.data)}
    </>
  );
}
