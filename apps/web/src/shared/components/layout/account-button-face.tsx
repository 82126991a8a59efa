import { Avatar, Box, Text } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { initials } from './initials';

/**
 * What the closed account button shows: the avatar with the person's initials, their name (from `lg`) and a
 * chevron (from `sm`). One face for the real menu button (user-menu.tsx, a lazy chunk) and for its placeholder
 * while that chunk loads (header-parts.tsx), so the two cannot drift apart. The avatar and chevron are
 * decorative: the button's own label names it.
 */
export function AccountButtonFace({ name }: { name: string }) {
  return (
    <>
      <Avatar color="indigo" radius="xl" size={32} aria-hidden>
        {initials(name)}
      </Avatar>
      <Text size="sm" fw={500} truncate visibleFrom="lg" maw={140}>
        {name}
      </Text>
      <Box component="span" visibleFrom="sm" display="flex">
        <IconChevronDown size={14} aria-hidden />
      </Box>
    </>
  );
}
