import type { ReactNode } from 'react';
import { Card, Group, Text, Title } from '@mantine/core';
import type { MantineSpacing } from '@mantine/core';

/**
 * The frame every card of the license page shares: a titled section (the heading names it for screen
 * readers), an optional icon before the title, and the sentence shown instead of the content when
 * there is nothing to list (`empty`).
 */
export function LicenseSectionCard({
  id,
  title,
  icon,
  titleMb = 'sm',
  mb,
  empty,
  children,
}: {
  /** Prefix of the heading's id (`<id>-title`), which labels the section. */
  id: string;
  title: ReactNode;
  icon?: ReactNode;
  titleMb?: MantineSpacing;
  mb?: MantineSpacing;
  /** When set, this sentence replaces the children (nothing to list). */
  empty?: string | false;
  children?: ReactNode;
}) {
  const heading = (
    <Title order={2} fz="lg" id={`${id}-title`} mb={icon ? undefined : titleMb}>
      {title}
    </Title>
  );
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={`${id}-title`} mb={mb}>
      {icon ? (
        <Group gap="xs" mb={titleMb}>
          {icon}
          {heading}
        </Group>
      ) : (
        heading
      )}
      {empty ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        children
      )}
    </Card>
  );
}
