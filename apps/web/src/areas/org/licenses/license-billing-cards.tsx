import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { DateText } from '../../../shared/components/date-text';
import { Money } from '../../../shared/components/money';
import type { LicenseDetail } from './license-detail.types';
import { LicenseSectionCard } from './license-section-card';

/** The receipts and credit notes of this license (members with a billing permission). */
export function LicenseReceiptsCard({ license: l, canSeeBilling }: { license: LicenseDetail; canSeeBilling: boolean }) {
  return (
    <LicenseSectionCard id="receipts" title="Receipts">
      {!canSeeBilling || l.receipts == null ? (
        <Text size="sm" c="dimmed">
          Receipts are visible to members who manage billing, purchases or licenses.
        </Text>
      ) : l.receipts.length === 0 ? (
        <Text size="sm" c="dimmed">
          No receipt yet.
        </Text>
      ) : (
        <Stack gap={6}>
          {l.receipts.map((r) => (
            <Group key={r.id} justify="space-between" wrap="nowrap">
              <Anchor
                href={r.downloadUrl}
                target="_blank"
                rel="noopener"
                size="sm"
                display="inline-flex"
                style={{ alignItems: 'center', gap: 4 }}
                data-testid="receipt-link"
              >
                {r.number} <IconExternalLink size={14} aria-hidden />
              </Anchor>
              <Text size="sm" c="dimmed">
                <DateText value={r.issuedAt} />
              </Text>
              <Text size="sm" fw={500}>
                <Money value={r.total} />
              </Text>
            </Group>
          ))}
        </Stack>
      )}
      {l.creditNotes && l.creditNotes.length > 0 && (
        <Stack gap={4} mt="sm" data-testid="credit-notes">
          <Text size="xs" fw={600} c="dimmed">
            Refunds
          </Text>
          {l.creditNotes.map((c) => (
            <Group key={c.id} justify="space-between" wrap="nowrap">
              <Text size="sm">
                {c.number} (on {c.receiptNumber}){c.isFull ? ' · full refund' : ''}
              </Text>
              <Text size="sm" c="dimmed">
                <DateText value={c.issuedAt} />
              </Text>
              <Text size="sm" fw={500}>
                −<Money value={c.amount} />
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </LicenseSectionCard>
  );
}

/** The contract versions accepted for this license, by whom and when. */
export function LicenseAcceptancesCard({ license: l }: { license: LicenseDetail }) {
  return (
    <LicenseSectionCard id="acceptances" title="Contract acceptances" empty={l.acceptances.length === 0 && 'No contract was required.'}>
      {l.acceptances.map((a) => (
        <Text size="sm" key={a.id}>
          {a.contractType === 'eula' ? 'License agreement' : 'Contract'} v{a.contractVersion} accepted by {a.acceptedByName} on{' '}
          <DateText value={a.acceptedAt} withTime />
          {a.ipAddress ? ` from ${a.ipAddress}` : ''}.{' '}
          {a.termsUrl && (
            <Anchor href={a.termsUrl} target="_blank" rel="noopener noreferrer" size="sm">
              Terms
            </Anchor>
          )}
        </Text>
      ))}
    </LicenseSectionCard>
  );
}

/** Each renewal attempt and each paid period. */
export function LicenseRenewalsCard({
  license: l,
  renewable,
  canSeeBilling,
}: {
  license: LicenseDetail;
  renewable: boolean;
  /** Receipt numbers are billing data: the API gives them to billing roles only. */
  canSeeBilling: boolean;
}) {
  return (
    <LicenseSectionCard id="renewals" title="Renewals and periods" mb="lg">
      {l.renewals.length === 0 ? (
        <Text size="sm" c="dimmed">
          {renewable ? 'No renewal yet.' : 'This license does not renew.'}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Period</Table.Th>
                <Table.Th scope="col">Charged</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                {canSeeBilling && <Table.Th scope="col">Receipt</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {l.renewals.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Text size="sm">
                      <DateText value={r.periodStart} /> → <DateText value={r.periodEnd} />
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Money value={r.total} size="sm" />
                  </Table.Td>
                  <Table.Td>
                    <Badge color={r.status === 'active' ? 'green.8' : r.status === 'failed' ? 'red.8' : 'gray.7'} variant="outline">
                      {r.status === 'active'
                        ? 'Paid'
                        : r.status === 'failed'
                          ? `Failed (${r.attempts} attempt${r.attempts > 1 ? 's' : ''})`
                          : 'Pending'}
                    </Badge>
                    {r.failureReason && (
                      <Text size="xs" c="dimmed">
                        {r.failureReason}
                      </Text>
                    )}
                  </Table.Td>
                  {canSeeBilling && (
                    <Table.Td>
                      <Text size="sm">{r.receiptNumber ?? '—'}</Text>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="xs" c="dimmed" mt="sm">
        Paid periods:{' '}
        {l.periods.map((p, i) => (
          <span key={p.id}>
            {i > 0 && ', '}
            <DateText value={p.startsAt} />–{p.expiresAt ? <DateText value={p.expiresAt} /> : 'no end'}
          </span>
        ))}
      </Text>
    </LicenseSectionCard>
  );
}
