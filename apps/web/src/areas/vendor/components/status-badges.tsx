import { Badge, Group, List, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCheck, IconMinus, IconX } from '@tabler/icons-react';
import type { ModuleStatus, ValidationCheckKind, ValidationStatus, VersionStage } from '../../../gql/graphql';

const STAGE: Record<VersionStage, { label: string; color: string }> = {
  DRAFT: { label: 'Draft', color: 'gray.7' },
  IN_REVIEW: { label: 'In review', color: 'orange.8' },
  APPROVED: { label: 'Approved', color: 'green.9' },
  REJECTED: { label: 'Rejected', color: 'red.8' },
};

export function StageBadge({ stage, channel, deprecated }: { stage: VersionStage; channel?: string | null; deprecated?: boolean }) {
  const s = STAGE[stage];
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={s.color} variant={stage === 'APPROVED' ? 'filled' : 'outline'}>
        {s.label}
        {stage === 'APPROVED' && channel ? ` · ${channel}` : ''}
      </Badge>
      {deprecated && (
        <Badge color="gray.7" variant="outline">
          Deprecated
        </Badge>
      )}
    </Group>
  );
}

const MODULE: Record<ModuleStatus, { label: string; color: string }> = {
  draft: { label: 'Draft', color: 'gray.7' },
  pending: { label: 'Awaiting first review', color: 'orange.8' },
  published: { label: 'Published', color: 'green.9' },
  suspended: { label: 'Suspended', color: 'red.8' },
  archived: { label: 'Archived', color: 'gray.7' },
};

export function ModuleStatusBadge({ status }: { status: ModuleStatus }) {
  return (
    <Badge color={MODULE[status].color} variant="outline">
      {MODULE[status].label}
    </Badge>
  );
}

const REVIEW: Record<ValidationStatus, { label: string; color: string }> = {
  pending: { label: 'Awaiting review', color: 'orange.8' },
  approved: { label: 'Approved', color: 'green.9' },
  rejected: { label: 'Rejected', color: 'red.8' },
};

export function ReviewBadge({ status }: { status: ValidationStatus }) {
  return (
    <Badge color={REVIEW[status].color} variant="outline">
      {REVIEW[status].label}
    </Badge>
  );
}

export const CHECK_LABEL: Record<ValidationCheckKind, string> = {
  SECURITY_SCAN: 'Security scan',
  CODE_REVIEW: 'Code review',
  PERFORMANCE_TEST: 'Performance test',
};

/** The three review checks with the reviewer's notes. */
export function CheckResults({ checks }: { checks: { kind: ValidationCheckKind; passed?: boolean | null; notes?: string | null }[] }) {
  return (
    <List spacing="xs" listStyleType="none" aria-label="Review checks">
      {checks.map((c) => (
        <List.Item
          key={c.kind}
          icon={
            <ThemeIcon size={20} radius="xl" color={c.passed === true ? 'green.9' : c.passed === false ? 'red.8' : 'gray.5'} aria-hidden>
              {c.passed === true ? <IconCheck size={14} /> : c.passed === false ? <IconX size={14} /> : <IconMinus size={14} />}
            </ThemeIcon>
          }
        >
          <Stack gap={0}>
            <Text size="sm" fw={600}>
              {CHECK_LABEL[c.kind]}: {c.passed === true ? 'passed' : c.passed === false ? 'failed' : 'not recorded yet'}
            </Text>
            {c.notes && (
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                {c.notes}
              </Text>
            )}
          </Stack>
        </List.Item>
      ))}
    </List>
  );
}
