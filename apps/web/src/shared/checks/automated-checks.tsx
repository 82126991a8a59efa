import type { ReactNode } from 'react';
import { Alert, Badge, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import type { CheckKind, VersionCheckFieldsFragment } from '../../gql/graphql';
import { DateText } from '../components/date-text';

export const CHECK_LABEL: Record<CheckKind, string> = {
  archive: 'Archive and manifest',
  secrets: 'Secrets',
  code: 'Dangerous code',
  compatibility: 'Core compatibility',
  dependencies: 'Dependencies',
  budget: 'Budget',
};

const STATUS: Record<string, { label: string; color: string }> = {
  passed: { label: 'Passed', color: 'green.9' },
  overridden: { label: 'Overridden', color: 'orange.8' },
  failed: { label: 'Failed', color: 'red.8' },
  pending: { label: 'Running', color: 'blue.8' },
};

export const checksRunning = (checks: { status: string }[]) => checks.some((c) => c.status === 'queued' || c.status === 'running');

/** The code around a finding, with line numbers; the finding's line is marked. */
function Snippet({ text, start, line }: { text: string; start: number; line: number | null }) {
  return (
    <Code block fz="xs" style={{ overflowX: 'auto' }} data-testid="finding-snippet">
      {text
        .split('\n')
        .map((l, i) => `${start + i === line ? '▶' : ' '} ${String(start + i).padStart(4)}  ${l}`)
        .join('\n')}
    </Code>
  );
}

/**
 * The automated checks of a version: status per check, its summary, and each finding with its
 * file, line, rule, the code around it and any justification. `actions` renders per-check or
 * per-finding controls (vendor: justify; admin: override).
 */
export function AutomatedChecks({
  checks,
  checkActions,
  findingActions,
  intro,
}: {
  checks: VersionCheckFieldsFragment[];
  checkActions?: (c: VersionCheckFieldsFragment) => ReactNode;
  findingActions?: (c: VersionCheckFieldsFragment, f: VersionCheckFieldsFragment['findings'][number]) => ReactNode;
  intro?: ReactNode;
}) {
  return (
    <Card withBorder padding="lg" aria-labelledby="auto-checks-title" data-testid="automated-checks">
      <Title order={2} fz="md" mb={4} id="auto-checks-title">
        Automated checks
      </Title>
      {intro}
      {!checks.length ? (
        <Text size="sm" c="dimmed">
          No automated check has run on this version.
        </Text>
      ) : (
        <Stack gap="md" mt="sm">
          {checks.map((c) => {
            const s = STATUS[c.effective] ?? STATUS.pending!;
            return (
              <Stack key={c.id} gap={6} data-testid={`auto-check-${c.kind}`}>
                <Group gap="sm" wrap="wrap">
                  <Text fw={600} size="sm" w={190}>
                    {CHECK_LABEL[c.kind]}
                  </Text>
                  <Badge color={s.color} variant="outline" data-testid="check-status">
                    {c.status === 'error' ? 'Error (counts as failed)' : c.status === 'queued' ? 'Queued' : s.label}
                  </Badge>
                  {c.summary && (
                    <Text size="xs" c="dimmed">
                      {c.summary}
                    </Text>
                  )}
                  {checkActions?.(c)}
                </Group>
                {c.errorMessage && (
                  <Text size="sm" c="red.8">
                    {c.errorMessage}
                  </Text>
                )}
                {c.overriddenAt && (
                  <Text size="sm" c="orange.9" data-testid="override-reason">
                    Overridden by {c.overriddenByName ?? 'an admin'} on <DateText value={c.overriddenAt} />: {c.overrideReason}
                  </Text>
                )}
                {c.findings.map((f) => (
                  <Alert
                    key={f.id}
                    variant="light"
                    color={f.justification ? 'gray' : f.severity === 'blocking' ? 'red' : 'yellow'}
                    title={
                      <span data-testid="finding-title">
                        {f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : 'Archive'} · {f.ruleId}
                        {f.severity === 'blocking' ? (f.justification ? ' (justified)' : ' (blocking)') : ` (${f.severity})`}
                      </span>
                    }
                    data-testid="finding"
                  >
                    <Stack gap={6}>
                      <Text size="sm">{f.message}</Text>
                      {f.snippet && <Snippet text={f.snippet} start={f.snippetStartLine ?? 1} line={f.line} />}
                      {f.justification && (
                        <Text size="sm" data-testid="finding-justification">
                          <strong>Vendor&apos;s justification{f.justificationSource === 'manifest' ? ' (manifest)' : ''}:</strong>{' '}
                          {f.justification}
                        </Text>
                      )}
                      {findingActions?.(c, f)}
                    </Stack>
                  </Alert>
                ))}
              </Stack>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}
