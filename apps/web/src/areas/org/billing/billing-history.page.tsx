import { useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconDownload, IconReceipt } from '@tabler/icons-react';
import type { BillingDocumentKind } from '../../../gql/graphql';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { Money } from '../../../shared/components/money';
import { useCurrentOrg } from '../../../shared/session/current-org';
import { OrgBillingHistoryQuery } from './graphql/org-billing-history.query';

const PAGE = 25;
const KIND: Record<BillingDocumentKind, { label: string; color: string }> = {
  PURCHASE: { label: 'Invoice', color: 'blue' },
  RENEWAL: { label: 'Renewal', color: 'teal' },
  CREDIT_NOTE: { label: 'Credit note', color: 'orange' },
};

/**
 * `/org/billing`: every invoice and credit note of the current organization, newest first, with
 * the running net total per currency and a PDF of each document.
 */
export function BillingHistoryPage() {
  const { organization } = useCurrentOrg();
  const query = useQuery(OrgBillingHistoryQuery, { variables: { orgId: organization?.id ?? 0, first: PAGE }, skip: !organization });
  const [loadingMore, setLoadingMore] = useState(false);

  const loadMore = async () => {
    const after = query.data?.orgBillingHistory.pageInfo.endCursor;
    if (!after) return;
    setLoadingMore(true);
    try {
      await query.fetchMore({
        variables: { after },
        updateQuery: (prev, { fetchMoreResult }) =>
          fetchMoreResult
            ? {
                ...fetchMoreResult,
                orgBillingHistory: {
                  ...fetchMoreResult.orgBillingHistory,
                  edges: [...prev.orgBillingHistory.edges, ...fetchMoreResult.orgBillingHistory.edges],
                },
              }
            : prev,
      });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Billing history"
        description={`Every invoice and credit note of ${organization?.name ?? 'your organization'}, with a PDF of each.`}
      />
      <QueryStates
        query={query}
        isEmpty={(d) => d.orgBillingHistory.edges.length === 0}
        empty={
          <PageEmpty
            icon={<IconReceipt aria-hidden />}
            title="No invoices yet"
            description="Invoices appear here when your organization buys or renews a module; refunds appear as credit notes."
          />
        }
      >
        {(d) => (
          <Stack gap="lg">
            <SimpleGrid cols={{ base: 1, sm: Math.min(3, d.orgBillingTotals.length * 3) }} spacing="md">
              {d.orgBillingTotals.flatMap((t) => [
                <Card key={`${t.currency}-charged`} withBorder padding="md" data-testid="billing-total">
                  <Text size="sm" c="dimmed">
                    Charged ({t.currency})
                  </Text>
                  <Money value={t.charged} fw={700} fz="xl" />
                </Card>,
                <Card key={`${t.currency}-refunded`} withBorder padding="md" data-testid="billing-total">
                  <Text size="sm" c="dimmed">
                    Refunded ({t.currency})
                  </Text>
                  <Money value={t.refunded} fw={700} fz="xl" />
                </Card>,
                <Card key={`${t.currency}-net`} withBorder padding="md" data-testid="billing-total">
                  <Text size="sm" c="dimmed">
                    Net paid ({t.currency}) · {t.documents} document{t.documents === 1 ? '' : 's'}
                  </Text>
                  <Money value={t.net} fw={700} fz="xl" />
                </Card>,
              ])}
            </SimpleGrid>
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="sm" striped aria-label="Billing documents">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Date</Table.Th>
                    <Table.Th>Document</Table.Th>
                    <Table.Th>Description</Table.Th>
                    <Table.Th ta="right">Amount</Table.Th>
                    <Table.Th ta="right">Running total</Table.Th>
                    <Table.Th>PDF</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.orgBillingHistory.edges.map(({ node: doc }) => (
                    <Table.Tr key={doc.id} data-testid="billing-row">
                      <Table.Td>
                        <DateText value={doc.issuedAt} />
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={2} align="flex-start">
                          <Badge size="sm" variant="light" color={KIND[doc.kind].color}>
                            {KIND[doc.kind].label}
                          </Badge>
                          <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                            {doc.number}
                          </Text>
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{doc.description}</Text>
                        {doc.creditsInvoiceNumber && (
                          <Text size="xs" c="dimmed">
                            Credits {doc.creditsInvoiceNumber}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">
                        <Money value={doc.amount} fw={600} c={doc.kind === 'CREDIT_NOTE' ? 'orange.9' : undefined} />
                      </Table.Td>
                      <Table.Td ta="right">
                        <Money value={doc.runningTotal} />
                      </Table.Td>
                      <Table.Td>
                        <Anchor href={doc.pdfUrl} download size="sm" aria-label={`Download ${doc.number} as PDF`}>
                          <Group gap={4} wrap="nowrap">
                            <IconDownload size={14} aria-hidden />
                            PDF
                          </Group>
                        </Anchor>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                {d.orgBillingHistory.edges.length} of {d.orgBillingHistory.totalCount} documents
              </Text>
              {d.orgBillingHistory.pageInfo.hasNextPage && (
                <Button variant="light" onClick={loadMore} loading={loadingMore}>
                  Show more
                </Button>
              )}
            </Group>
          </Stack>
        )}
      </QueryStates>
    </>
  );
}
