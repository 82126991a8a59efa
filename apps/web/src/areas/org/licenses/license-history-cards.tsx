import { Badge, Group, Stack, Text, Timeline } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { DateText } from '../../../shared/components/date-text';
import { licenseStatusLabel, statusColor } from './license-status';
import type { LicenseDetail } from './license-detail.types';
import { LicenseSectionCard } from './license-section-card';

/** Every status change: who, when, why. */
export function LicenseStatusHistoryCard({ license: l }: { license: LicenseDetail }) {
  return (
    <LicenseSectionCard id="history" title="Status history" icon={<IconHistory size={20} aria-hidden />} titleMb="md">
      <Timeline active={l.statusHistory.length - 1} bulletSize={18} lineWidth={2} data-testid="status-history">
        {[...l.statusHistory].map((h) => (
          <Timeline.Item
            key={h.id}
            color={statusColor(h.newStatus)}
            title={
              <Group gap={6} component="span" wrap="wrap">
                <Text size="sm" fw={600} component="span">
                  {h.oldStatus && h.oldStatus !== h.newStatus
                    ? `${licenseStatusLabel[h.oldStatus]} → ${licenseStatusLabel[h.newStatus]}`
                    : licenseStatusLabel[h.newStatus]}
                </Text>
              </Group>
            }
          >
            {h.reason && (
              <Text size="sm" c="dimmed">
                {h.reason}
              </Text>
            )}
            <Text size="xs" c="dimmed" mt={2}>
              <DateText value={h.changedAt} withTime /> · {h.changedByName ?? 'System'}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </LicenseSectionCard>
  );
}

/** The instances this license is activated on. */
export function LicenseActivationsCard({ license: l }: { license: LicenseDetail }) {
  return (
    <LicenseSectionCard id="activations" title="Activated on" empty={l.activations.length === 0 && 'Not activated on any instance yet.'}>
      <Stack gap={4}>
        {l.activations.map((a) => (
          <Group key={a.id} gap="xs" wrap="wrap">
            <Text size="sm" fw={500}>
              {a.instanceName}
            </Text>
            <Badge size="sm" variant="outline" color="gray.7">
              {a.environment}
            </Badge>
            <Text size="sm" c="dimmed">
              v{a.version} · since <DateText value={a.activatedAt} />
              {a.isActive ? '' : ' (deactivated)'}
            </Text>
          </Group>
        ))}
      </Stack>
    </LicenseSectionCard>
  );
}
