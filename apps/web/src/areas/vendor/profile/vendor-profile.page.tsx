import '@mantine/charts/styles.css';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Breadcrumbs, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { VendorProfileQuery as VendorProfileData } from '../../../gql/graphql';
import { PageHeader } from '../../../shared/components/page-header';
import { QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { VendorProfileQuery } from './graphql/vendor-profile.query';
import { VendorUpdateMutation } from './graphql/vendor-update.mutation';
import { useCurrentVendor, VendorSwitcher } from '../components/current-vendor';
import { MarkdownEditor } from '../components/markdown';
import { percent as percentOf } from '../../../shared/format/rate.format';

const FIELDS = ['name', 'description', 'website', 'supportEmail'];

export function VendorProfilePage() {
  const { vendor } = useCurrentVendor();
  const query = useQuery(VendorProfileQuery, { variables: { vendorId: vendor?.id ?? 0 }, skip: !vendor });
  return (
    <>
      <Breadcrumbs mb="sm" aria-label="Breadcrumb">
        <Anchor component={Link} to="/vendor" size="sm">
          Vendor portal
        </Anchor>
        <span aria-current="page">Profile</span>
      </Breadcrumbs>
      <PageHeader title="Vendor profile" description="What buyers see next to your modules." />
      <Group mb="md">
        <VendorSwitcher />
      </Group>
      <QueryStates query={query}>{(d) => <ProfileForm key={d.managedVendor.id} v={d.managedVendor} />}</QueryStates>
    </>
  );
}

function ProfileForm({ v }: { v: VendorProfileData['managedVendor'] }) {
  const [name, setName] = useState(v.name);
  const [description, setDescription] = useState(v.description ?? '');
  const [website, setWebsite] = useState(v.website ?? '');
  const [supportEmail, setSupportEmail] = useState(v.supportEmail ?? '');
  const errors = useFormErrors(FIELDS);
  const [update, { loading }] = useMutation(VendorUpdateMutation, { refetchQueries: ['CurrentUser'] });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    errors.clear();
    try {
      const { data } = await update({ variables: { input: { vendorId: v.id, name, description, website, supportEmail } } });
      if (data?.vendorUpdate.errors.length) return errors.setFromPayload(data.vendorUpdate.errors);
      notifications.show({ color: 'green', title: 'Profile saved', message: name });
    } catch (err) {
      errors.setFromException(err);
    }
  };
  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="lg">
      <Card withBorder padding="lg" style={{ gridColumn: 'span 2' }}>
        <form onSubmit={submit} aria-label="Vendor profile">
          <Stack gap="sm">
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.field('name')} />
            <TextInput label="Slug" value={v.slug} disabled description="The slug never changes." />
            <MarkdownEditor label="Description" value={description} onChange={setDescription} error={errors.field('description')} />
            <Group grow wrap="wrap" align="flex-start">
              <TextInput
                label="Website"
                placeholder="https://…"
                value={website}
                onChange={(e) => setWebsite(e.currentTarget.value)}
                error={errors.field('website')}
                miw={220}
              />
              <TextInput
                label="Support e-mail"
                type="email"
                value={supportEmail}
                onChange={(e) => setSupportEmail(e.currentTarget.value)}
                error={errors.field('supportEmail')}
                miw={220}
              />
            </Group>
            <FormErrorAlert errors={errors.general} />
            <Group>
              <Button type="submit" loading={loading}>
                Save profile
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} fz="md" mb="sm">
          Status
        </Title>
        <Group gap={6} mb="sm">
          {v.isOfficial && <Badge color="indigo.8">Official</Badge>}
          {v.isVerified ? (
            <Badge color="green.9">Verified</Badge>
          ) : (
            <Badge color="orange.9" variant="outline">
              Not verified
            </Badge>
          )}
        </Group>
        <Text size="sm">
          Run by:{' '}
          {v.owner.kind === 'ORGANIZATION'
            ? `${v.owner.orgName} (its admins)`
            : v.owner.kind === 'PLATFORM'
              ? 'the platform team'
              : v.owner.userName}
        </Text>
        <Text size="sm" mt="xs">
          Commission: <strong>{percentOf(v.commissionRate)}</strong> of each sale
        </Text>
        <Title order={3} fz="sm" mt="md" mb={4}>
          Commission history
        </Title>
        <Stack gap={2}>
          {v.commissionHistory.map((h) => (
            <Text key={h.id} size="xs">
              {percentOf(h.commissionRate)} from <DateText value={h.effectiveFrom} />
              {h.effectiveTo ? (
                <>
                  {' '}
                  to <DateText value={h.effectiveTo} />
                </>
              ) : (
                ' onwards'
              )}
            </Text>
          ))}
        </Stack>
      </Card>
    </SimpleGrid>
  );
}
