import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { IconPlus, IconServer2 } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { OrgInstancesQuery } from '../../../shared/graphql/org-instances.query';
import { CoreLabel, EnvironmentBadge } from './instance-badges';
import { CreateInstanceModal } from './create-instance-modal';
import { useInstanceAccess } from './use-instance-access';

export function InstancesListPage() {
  const access = useInstanceAccess();
  const navigate = useNavigate();
  const [includeInactive, setIncludeInactive] = useState(false);
  const [creating, setCreating] = useState(false);
  const query = useQuery(OrgInstancesQuery, {
    variables: { orgId: access.orgId ?? 0, includeInactive, first: 100 },
    skip: !access.orgId || !access.canView,
  });

  const newButton = access.canManage ? (
    <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setCreating(true)}>
      New instance
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Instances"
        documentTitle={`Instances · ${access.orgName ?? 'Organization'}`}
        description={`The installs of ${access.orgName ?? 'your organization'}: their core version, the modules active on them, updates and usage.`}
        actions={newButton}
      />
      {!access.canView ? (
        <PageEmpty
          title="You cannot see this organization’s instances"
          description="Ask an organization admin for the “View instances” permission."
        />
      ) : (
        <>
          <Group justify="space-between" mb="md">
            <Switch
              label="Show deactivated instances"
              checked={includeInactive}
              onChange={(e) => setIncludeInactive(e.currentTarget.checked)}
            />
            {query.data && (
              <Text size="sm" c="dimmed">
                {query.data.orgInstances.totalCount} instance{query.data.orgInstances.totalCount === 1 ? '' : 's'}
              </Text>
            )}
          </Group>
          <QueryStates
            query={query}
            isEmpty={(d) => d.orgInstances.edges.length === 0}
            empty={
              <PageEmpty
                icon={<IconServer2 aria-hidden />}
                title="No instances yet"
                description="Register your production, staging and development installs to activate modules on them."
                action={newButton}
              />
            }
          >
            {(d) => (
              <SimpleGrid
                cols={{ base: 1, sm: 2, lg: 3 }}
                spacing="lg"
                component="ul"
                aria-label="Instances"
                style={{ listStyle: 'none', padding: 0, margin: 0 }}
              >
                {d.orgInstances.edges.map(({ node: i }) => (
                  <li key={i.id} data-testid="instance-card">
                    <Card withBorder padding="lg" h="100%" style={{ opacity: i.isActive ? 1 : 0.7 }}>
                      <Stack gap="xs">
                        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                          <Title order={2} fz="lg" style={{ overflowWrap: 'anywhere' }}>
                            <Anchor component={Link} to={`/org/instances/${i.id}`} inherit>
                              {i.name}
                            </Anchor>
                          </Title>
                          <Group gap={4} wrap="nowrap">
                            {!i.isActive && (
                              <Badge color="gray.8" variant="filled">
                                Deactivated
                              </Badge>
                            )}
                            <EnvironmentBadge environment={i.environment} />
                          </Group>
                        </Group>
                        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                          {i.domain ?? 'No domain'} · since <DateText value={i.createdAt} />
                        </Text>
                        <CoreLabel core={i.core} />
                        <Text size="sm" fw={500} mt={4}>
                          {i.modules.length ? `${i.modules.length} active module${i.modules.length > 1 ? 's' : ''}` : 'No active module'}
                        </Text>
                        {i.modules.length > 0 && (
                          <Group gap={6}>
                            {i.modules.map((m) => (
                              <Badge key={m.id} variant="outline" color="indigo.8" tt="none">
                                {m.module.name} {m.version.version}
                              </Badge>
                            ))}
                          </Group>
                        )}
                      </Stack>
                    </Card>
                  </li>
                ))}
              </SimpleGrid>
            )}
          </QueryStates>
        </>
      )}
      {access.orgId && (
        <CreateInstanceModal
          orgId={access.orgId}
          opened={creating}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            navigate(`/org/instances/${id}`);
          }}
        />
      )}
    </>
  );
}
