import { Badge, Group, List, Text, ThemeIcon } from '@mantine/core';
import { IconKey, IconMinus, IconPlus } from '@tabler/icons-react';

export interface PermissionItem {
  code: string;
  description: string;
}

const TONES = {
  default: { color: 'gray', icon: IconKey, label: null },
  added: { color: 'orange', icon: IconPlus, label: 'New' },
  removed: { color: 'gray', icon: IconMinus, label: 'No longer asked' },
} as const;

/**
 * The permissions a module version asks for (codes from its software's vocabulary, with what each
 * lets the module do): on the module page, in the activation dialog, the update panel and the
 * instance page. `tone` marks what an update adds or drops.
 */
export function PermissionList({
  permissions,
  tone = 'default',
  testId = 'permission-list',
}: {
  permissions: readonly PermissionItem[];
  tone?: keyof typeof TONES;
  testId?: string;
}) {
  const t = TONES[tone];
  const Icon = t.icon;
  return (
    <List spacing={6} size="sm" listStyleType="none" data-testid={testId} styles={{ itemWrapper: { width: '100%' } }}>
      {permissions.map((p) => (
        <List.Item
          key={p.code}
          data-testid="permission-item"
          data-code={p.code}
          icon={
            <ThemeIcon size={20} radius="xl" variant="light" color={t.color} aria-hidden>
              <Icon size={12} />
            </ThemeIcon>
          }
        >
          <Group gap={6} wrap="wrap" align="baseline">
            <Text span ff="monospace" fw={600} size="sm" td={tone === 'removed' ? 'line-through' : undefined}>
              {p.code}
            </Text>
            {t.label && (
              <Badge size="xs" variant="light" color={t.color}>
                {t.label}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {p.description}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
