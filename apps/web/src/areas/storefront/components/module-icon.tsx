import { Avatar, type MantineColor } from '@mantine/core';

const COLORS: MantineColor[] = ['indigo', 'teal', 'grape', 'orange', 'cyan', 'pink', 'blue', 'green', 'violet'];

/** "CRM Pro" → "CP"; "analytics" → "AN". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length >= 2) return `${words[0]![0]}${words[1]![0]}`.toUpperCase();
  return (words[0] ?? '?').slice(0, 2).toUpperCase();
}

function colorFor(name: string): MantineColor {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return COLORS[h % COLORS.length]!;
}

/** The module's icon, or its initials on a colour of its own when it has none (or it fails to load). */
export function ModuleIcon({ name, iconUrl, size = 48 }: { name: string; iconUrl: string | null | undefined; size?: number }) {
  return (
    <Avatar
      src={iconUrl ?? undefined}
      alt={iconUrl ? `${name} icon` : undefined}
      size={size}
      radius="md"
      color={colorFor(name)}
      variant="filled"
      aria-hidden={!iconUrl}
    >
      {initials(name)}
    </Avatar>
  );
}
