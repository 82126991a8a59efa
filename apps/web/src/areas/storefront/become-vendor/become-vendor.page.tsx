import { useMemo, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useMutation } from '@apollo/client/react';
import { Button, Card, Group, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { PageHeader } from '../../../shared/components/page-header';
import { PageError, PageLoading } from '../../../shared/components/page-states';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { CurrentUserQuery } from '../../../shared/graphql/current-user.query';
import { useSession, type CurrentUser } from '../../../shared/session/session-provider';
import { signInPath } from '../../../shared/session/safe-next';
import { BecomeVendorCreateMutation } from './graphql/become-vendor-create.mutation';

const FIELDS = ['name', 'slug', 'description', 'website', 'supportEmail', 'orgId'] as const;
const MYSELF = 'me';
/** The vendor portal remembers its current vendor under this key (areas/vendor current-vendor.tsx). */
const VENDOR_STORAGE_KEY = 'wk.vendorId';

/** "Acme Tools GmbH" → "acme-tools-gmbh" (the API's slug rule: lowercase letters, digits, single hyphens, ≤ 64). */
export function suggestSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** `/become-a-vendor`: a signed-in user starts a vendor for themself or for an organization they administer. */
export function BecomeVendorPage() {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <PageLoading />;
  if (session.status === 'error') return <PageError error={session.error} onRetry={session.refetch} />;
  if (session.status === 'signed-out') return <Navigate to={signInPath(location.pathname)} replace />;
  return <BecomeVendorForm me={session.me} />;
}

function BecomeVendorForm({ me }: { me: CurrentUser }) {
  const navigate = useNavigate();
  const adminOrgs = useMemo(() => me.memberships.filter((m) => m.role === 'admin').map((m) => m.organization), [me.memberships]);
  const [v, setV] = useState({ name: '', slug: '', description: '', website: '', supportEmail: '' });
  const [slugEdited, setSlugEdited] = useState(false);
  const [publishAs, setPublishAs] = useState<string>(MYSELF);
  const errors = useFormErrors(FIELDS);
  // Refetching CurrentUser puts the new vendor in `me.vendors`: the header shows "Vendor portal"
  // and the /vendor guard lets the user in. awaitRefetchQueries so /vendor never sees the old session.
  const [create, { loading }] = useMutation(BecomeVendorCreateMutation, { refetchQueries: [CurrentUserQuery], awaitRefetchQueries: true });

  const set = (key: keyof typeof v, value: string) => {
    errors.clearField(key);
    setV((prev) => ({ ...prev, [key]: value, ...(key === 'name' && !slugEdited ? { slug: suggestSlug(value) } : {}) }));
    if (key === 'name' && !slugEdited) errors.clearField('slug');
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    const orgId = publishAs === MYSELF ? null : Number(publishAs);
    try {
      const { data } = await create({
        variables: {
          input: {
            name: v.name,
            slug: v.slug,
            description: v.description.trim() || null,
            website: v.website.trim() || null,
            supportEmail: v.supportEmail.trim() || null,
            orgId,
          },
        },
      });
      const payload = data?.vendorCreate;
      if (payload?.errors.length) return errors.setFromPayload(payload.errors);
      if (!payload?.vendor) return;
      try {
        window.localStorage.setItem(VENDOR_STORAGE_KEY, String(payload.vendor.id));
      } catch {
        /* private mode: the portal opens on its first vendor */
      }
      notifications.show({ color: 'green', title: 'Vendor created', message: `${payload.vendor.name} is ready: add your first module.` });
      void navigate('/vendor');
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <>
      <PageHeader
        title="Become a vendor"
        description="Publish your modules on the marketplace. The platform team reviews every version before buyers can see it."
      />
      <Card withBorder padding="lg" maw={720}>
        <form onSubmit={submit} aria-label="Become a vendor" noValidate>
          <Stack gap="md">
            <Radio.Group
              label="Publish as"
              description={
                adminOrgs.length
                  ? 'A vendor for an organization is run by all of its admins.'
                  : 'You can also publish for an organization where you are an admin.'
              }
              value={publishAs}
              onChange={(value) => {
                errors.clearField('orgId');
                setPublishAs(value);
              }}
              error={errors.field('orgId')}
            >
              <Stack gap="xs" mt="xs">
                <Radio value={MYSELF} label={`Myself (${me.name})`} />
                {adminOrgs.map((o) => (
                  <Radio key={o.id} value={String(o.id)} label={o.name} />
                ))}
              </Stack>
            </Radio.Group>
            <TextInput
              label="Vendor name"
              required
              value={v.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={errors.field('name')}
              maxLength={120}
            />
            <TextInput
              label="Slug"
              required
              description="Used in your vendor's address; lowercase letters, digits and hyphens. It cannot change later."
              value={v.slug}
              onChange={(e) => {
                setSlugEdited(true);
                set('slug', e.currentTarget.value.toLowerCase());
              }}
              error={errors.field('slug')}
              maxLength={64}
            />
            <Textarea
              label="Description"
              autosize
              minRows={3}
              maxRows={8}
              value={v.description}
              onChange={(e) => set('description', e.currentTarget.value)}
              error={errors.field('description')}
            />
            <Group grow align="flex-start" wrap="wrap">
              <TextInput
                label="Website"
                placeholder="https://example.com"
                type="url"
                value={v.website}
                onChange={(e) => set('website', e.currentTarget.value)}
                error={errors.field('website')}
                miw={220}
              />
              <TextInput
                label="Support e-mail"
                type="email"
                value={v.supportEmail}
                onChange={(e) => set('supportEmail', e.currentTarget.value)}
                error={errors.field('supportEmail')}
                miw={220}
              />
            </Group>
            <FormErrorAlert errors={errors.general} />
            <Group justify="space-between" wrap="wrap">
              <Text size="sm" c="dimmed">
                New vendors start unverified; the platform team may verify you later.
              </Text>
              <Button type="submit" loading={loading}>
                Create vendor
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </>
  );
}
