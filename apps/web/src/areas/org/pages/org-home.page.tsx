import type { ComponentType } from 'react';
import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCertificate, IconReceipt, IconServer2, IconUsers } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { useCurrentOrg } from '../../../shared/session/current-org';
import { orgRoleLabel, permissionLabel } from '../../../shared/session/labels';
import { OrgConsoleHomeQuery } from '../graphql/org-console-home.query';

/** Any one of these opens the billing history (the API's receipts gate). */
const BILLING_PERMISSIONS = ['manage_billing', 'purchase_modules', 'manage_licenses'];

const SECTIONS: { title: string; to: string; description: string; icon: ComponentType<{ size?: number }>; billing?: boolean }[] = [
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
    title: 'Billing history',
    to: '/org/billing',
    description: 'Every invoice and credit note, with running totals and a PDF of each.',
    icon: IconReceipt,
    billing: true,
  },
];

export function OrgHomePage() {
  const query = useQuery(OrgConsoleHomeQuery);
  const { organization: current } = useCurrentOrg();

  return (
    <QueryStates
      query={query}
      isEmpty={(data) => !data.me?.memberships.length}
      empty={<PageEmpty title="You are not a member of any organization" description="Ask an organization admin to invite you." />}
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
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="lg">
              {SECTIONS.filter((s) => !s.billing || membership.effectivePermissions.some((p) => BILLING_PERMISSIONS.includes(p))).map(
                ({ title, to, description, icon: Icon }) => (
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
                ),
              )}
            </SimpleGrid>
          </>
        );
      }}
    </QueryStates>
  );
}
