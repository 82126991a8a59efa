import { Anchor, List, Text } from '@mantine/core';
import { IconBook, IconBrandGit, IconBug, IconLifebuoy, IconMail, IconShieldLock } from '@tabler/icons-react';
import type { ModuleDetail } from './types';

/** How buyers reach the vendor, and where the docs, source, issue tracker and privacy policy are. */
export function SupportSection({ support, vendorName }: { support: ModuleDetail['support']; vendorName: string }) {
  const items = [
    support.email && { icon: IconMail, label: 'Support e-mail', href: `mailto:${support.email}`, text: support.email },
    support.url && { icon: IconLifebuoy, label: 'Support site', href: support.url, text: support.url },
    support.documentationUrl && { icon: IconBook, label: 'Documentation', href: support.documentationUrl, text: support.documentationUrl },
    support.sourceUrl && { icon: IconBrandGit, label: 'Source code', href: support.sourceUrl, text: support.sourceUrl },
    support.issueTrackerUrl && { icon: IconBug, label: 'Issue tracker', href: support.issueTrackerUrl, text: support.issueTrackerUrl },
    support.privacyPolicyUrl && {
      icon: IconShieldLock,
      label: 'Privacy policy',
      href: support.privacyPolicyUrl,
      text: support.privacyPolicyUrl,
    },
  ].filter((x): x is { icon: typeof IconMail; label: string; href: string; text: string } => !!x);
  if (!items.length) return <Text c="dimmed">{vendorName} has not published support contacts for this module.</Text>;
  return (
    <List spacing="xs" listStyleType="none" data-testid="module-support" p={0}>
      {items.map((it) => {
        const Icon = it.icon;
        const external = !it.href.startsWith('mailto:');
        return (
          <List.Item key={it.label} icon={<Icon size={18} aria-hidden />}>
            <Text span fw={600} size="sm">
              {it.label}:{' '}
            </Text>
            <Anchor
              href={it.href}
              size="sm"
              style={{ overflowWrap: 'anywhere' }}
              {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
            >
              {it.text}
            </Anchor>
          </List.Item>
        );
      })}
    </List>
  );
}
