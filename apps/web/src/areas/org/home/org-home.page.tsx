import type { ComponentType } from 'react';
import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCertificate, IconCreditCard, IconFileSearch, IconReceipt, IconServer2, IconSettings, IconUsers } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { useCurrentOrg } from '../../../shared/session/current-org';
import { orgRoleLabel, permissionLabel } from '../../../shared/session/labels';
import { OrgConsoleHomeQuery } from './graphql/org-console-home.query';

/** Any one of these opens the billing history (the API's receipts gate). */
const BILLING_PERMISSIONS = ['manage_billing', 'purchase_modules', 'manage_licenses'];

type Section = {
  title: string;
  to: string;
  description: string;
  icon: ComponentType<{ size?: number }>;
  /** Shown to members who may use it (the pages and the API check again). */
  visible?: (m: { role: string; effectivePermissions: readonly string[] }) => boolean;
};
const canBill = (m: { effectivePermissions: readonly string[] }) => m.effectivePermissions.includes('manage_billing');

const SECTIONS: Section[] = [
  {
    title: 'Licenses',
    to: '/org/licenses',
    description: 'Modules your organization owns, their plans, renewals and expiry dates.',
    icon: IconCertificate,
  },
  {
    title: 'Instances',
    to: '/org/instances',
    description: 'Your production, staging and development installs, and the modules active on them.',
    icon: IconServer2,
  },
  { title: 'Members', to: '/org/members', description: 'Who is in your organization and what each person may do.', icon: IconUsers },
  {
    title: 'Payment methods',
    to: '/org/payment-methods',
    description: 'Cards your organization pays with; renewals charge the default one.',
    icon: IconCreditCard,
    visible: canBill,
  },
  {
    title: 'Settings',
    to: '/org/settings',
    description: 'Name, billing country and region, and tax id.',
    icon: IconSettings,
    visible: canBill,
  },
  {
    title: 'Audit log',
    to: '/org/audit-log',
    description: 'Every change made in your organization, by whom and when.',
    icon: IconFileSearch,
    visible: (m) => m.role === 'admin',
  },
  {
    title: 'Billing history',
    to: '/org/billing',
    description: 'Every invoice and credit note, with running totals and a PDF of each.',
    icon: IconReceipt,
    visible: (m) => m.effectivePermissions.some((p) => BILLING_PERMISSIONS.includes(p)),
  },
];

export function OrgHomePage() {
  const query = useQuery(OrgConsoleHomeQuery);
  const { organization: current } = useCurrentOrg();

  return (
    <QueryStates
      query={query}
      isEmpty={(data) => !data.me?.memberships.length}
      empty={
        <PageEmpty
          title="You are not a member of any organization"
          description="Create one to buy modules for your team, or ask an organization admin to invite you."
          action={
            <Button component={Link} to="/org/new">
              Create an organization
            </Button>
          }
        />
      }
    >
      {(data) => {
        const memberships = data.me?.memberships ?? [];
        const membership = memberships.find((m) => m.organization.id === current?.id) ?? memberships[0]!;
        const org = membership.organization;
        return (
          <>
            <PageHeader
              title={org.name}
              documentTitle={`${org.name} · Organization`}
              description={
                <>
                  Organization console · billing country {org.billingCountry}
                  {org.billingRegion ? ` (${org.billingRegion})` : ''} · member since <DateText value={membership.createdAt} />
                </>
              }
            />
            <Card withBorder padding="lg" mb="xl" aria-labelledby="your-access-title">
              <Stack gap="sm">
                <Group gap="sm" wrap="wrap">
                  <Title order={2} fz="lg" id="your-access-title">
                    Your access
                  </Title>
                  <Badge size="lg" variant="filled" color="indigo.8" data-testid="org-role">
                    {orgRoleLabel[membership.role]}
                  </Badge>
                </Group>
                <Text size="sm" c="dimmed">
                  {membership.permissions.length
                    ? 'What you may do here was set for you by an organization admin:'
                    : `What you may do here, from the ${orgRoleLabel[membership.role].toLowerCase()} role:`}
                </Text>
                <Group
                  gap={6}
                  component="ul"
                  aria-label="Effective permissions"
                  style={{ listStyle: 'none', padding: 0, margin: 0 }}
                  data-testid="effective-permissions"
                >
                  {membership.effectivePermissions.map((p) => (
                    <li key={p}>
                      <Badge variant="outline" color="gray.8" radius="sm" size="md" tt="none" fw={500}>
                        {permissionLabel[p]}
                      </Badge>
                    </li>
                  ))}
                </Group>
              </Stack>
            </Card>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
              {SECTIONS.filter((s) => !s.visible || s.visible(membership)).map(({ title, to, description, icon: Icon }) => (
                <Card key={title} withBorder padding="lg" component="section" aria-label={title}>
                  <Group justify="space-between" align="flex-start" wrap="nowrap">
                    <ThemeIcon size={44} radius="md" variant="light" aria-hidden>
                      <Icon size={24} />
                    </ThemeIcon>
                    <Button component={Link} to={to} variant="light" size="xs">
                      Open {title.toLowerCase()}
                    </Button>
                  </Group>
                  <Title order={2} fz="md" mt="md">
                    {title}
                  </Title>
                  <Text size="sm" c="dimmed" mt={4}>
                    {description}
                  </Text>
                </Card>
              ))}
            </SimpleGrid>
          </>
        );
      }}
    </QueryStates>
  );
}
