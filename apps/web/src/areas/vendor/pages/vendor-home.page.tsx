import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconDiscountCheck, IconMail, IconRosetteDiscountCheck, IconWorld } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { VendorPortalHomeQuery } from '../graphql/vendor-portal-home.query';

export function VendorHomePage() {
  const query = useQuery(VendorPortalHomeQuery);
  return (
    <>
      <PageHeader title="Vendor portal" description="Publish modules and versions, set pricing, and follow reviews, sales and payouts." />
      <Title order={2} fz="lg" mb="md" id="your-vendors">
        Your vendors
      </Title>
      <QueryStates
        query={query}
        isEmpty={(data) => !data.me?.vendors.length}
        empty={<PageEmpty title="You do not manage any vendor yet" description="Vendors are created by the platform team or by an organization admin." />}
      >
        {(data) => (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" component="ul" aria-labelledby="your-vendors" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {data.me!.vendors.map((v) => (
              <li key={v.id} data-testid="vendor-card">
                <Card withBorder padding="lg" h="100%">
                  <Stack gap="xs">
                    <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
                      <Title order={3} fz="lg" style={{ overflowWrap: 'anywhere' }}>
                        {v.name}
                      </Title>
                      <Group gap={6}>
                        {v.isOfficial && (
                          <Badge color="indigo.8" variant="filled" leftSection={<IconRosetteDiscountCheck size={14} aria-hidden />}>
                            Official
                          </Badge>
                        )}
                        {v.isVerified ? (
                          <Badge color="green.9" variant="filled" leftSection={<IconDiscountCheck size={14} aria-hidden />}>
                            Verified
                          </Badge>
                        ) : (
                          <Badge color="orange.9" variant="outline">
                            Not verified
                          </Badge>
                        )}
                      </Group>
                    </Group>
                    <Text size="sm" c="dimmed">
                      {v.slug} · since <DateText value={v.createdAt} />
                    </Text>
                    {v.description && <Text size="sm">{v.description}</Text>}
                    {(v.website || v.supportEmail) && (
                      <Group gap="md" mt={4}>
                        {v.website && (
                          <Anchor href={v.website} target="_blank" rel="noreferrer noopener" size="sm">
                            <Group gap={4} wrap="nowrap" component="span">
                              <IconWorld size={14} aria-hidden /> Website
                            </Group>
                          </Anchor>
                        )}
                        {v.supportEmail && (
                          <Anchor href={`mailto:${v.supportEmail}`} size="sm">
                            <Group gap={4} wrap="nowrap" component="span">
                              <IconMail size={14} aria-hidden /> {v.supportEmail}
                            </Group>
                          </Anchor>
                        )}
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
  );
}
