import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Breadcrumbs, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { PageHeader } from '../../../shared/components/page-header';
import { PageError, PageLoading } from '../../../shared/components/page-states';
import { FormErrorAlert, useFormErrors, type PayloadError } from '../../../shared/components/form-errors';
import { CurrentUserQuery } from '../../../shared/graphql/current-user.query';
import { useCurrentOrg } from '../../../shared/session/current-org';
import { safeNextPath } from '../../../shared/session/safe-next';
import { BillingIdentityFields, type BillingValues } from '../components/billing-identity-fields';
import { BillingCountriesQuery } from './graphql/countries.query';
import { OrganizationCreateMutation } from './graphql/organization-create.mutation';

const FIELDS = ['name', 'slug', 'billingCountry', 'billingRegion', 'taxId'] as const;

const slugify = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);

/** `/org/new`: any signed-in person creates an organization and becomes its admin. */
export default function OrgCreatePage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'), '/org');
  const navigate = useNavigate();
  const { setCurrentOrgId } = useCurrentOrg();
  const countries = useQuery(BillingCountriesQuery);
  const errors = useFormErrors(FIELDS);
  const [values, setValues] = useState<BillingValues & { slug: string }>({
    name: '',
    slug: '',
    billingCountry: '',
    billingRegion: '',
    taxId: '',
  });
  const [slugTouched, setSlugTouched] = useState(false);
  const [create, { loading }] = useMutation(OrganizationCreateMutation, { refetchQueries: [CurrentUserQuery], awaitRefetchQueries: true });

  const set = (key: keyof typeof values, value: string) => {
    setValues((v) => ({ ...v, [key]: value, ...(key === 'name' && !slugTouched ? { slug: slugify(value) } : {}) }));
    errors.clearField(key);
    if (key === 'name' && !slugTouched) errors.clearField('slug');
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const local: PayloadError[] = [];
    if (!values.name.trim()) local.push({ code: 'REQUIRED', field: 'name', message: 'Enter a name.' });
    if (!values.slug.trim()) local.push({ code: 'REQUIRED', field: 'slug', message: 'Choose a URL name.' });
    if (!values.billingCountry) local.push({ code: 'REQUIRED', field: 'billingCountry', message: 'Choose the billing country.' });
    if (local.length) return errors.setFromPayload(local);
    errors.clear();
    try {
      const { data } = await create({
        variables: {
          input: {
            name: values.name.trim(),
            slug: values.slug.trim(),
            billingCountry: values.billingCountry,
            billingRegion: values.billingRegion.trim() || null,
            taxId: values.taxId.trim() || null,
          },
        },
      });
      const p = data?.organizationCreate;
      if (!p) return;
      if (p.errors.length || !p.organization) return errors.setFromPayload(p.errors);
      setCurrentOrgId(p.organization.id);
      notifications.show({ message: `${p.organization.name} is ready. You are its admin.`, color: 'green' });
      await navigate(next, { replace: true });
    } catch (err) {
      errors.setFromException(err);
    }
  };

  if (countries.error && !countries.data) return <PageError error={countries.error} onRetry={() => void countries.refetch()} />;
  if (!countries.data) return <PageLoading label="Loading…" cards={1} />;

  return (
    <>
      <Breadcrumbs mb="sm" aria-label="Breadcrumb">
        <Anchor component={Link} to="/" size="sm">
          Storefront
        </Anchor>
        <span aria-current="page">New organization</span>
      </Breadcrumbs>
      <PageHeader
        title="Create an organization"
        description="Organizations buy modules, hold licenses and run instances. You become its admin and can invite your team."
      />
      <Card withBorder padding="lg" maw={720}>
        <form onSubmit={onSubmit} noValidate aria-label="Create an organization">
          <Stack gap="md">
            <FormErrorAlert errors={errors.general} />
            <BillingIdentityFields values={values} onChange={set} countries={countries.data.countries} error={errors.field} />
            <TextInput
              label="URL name"
              description="3–48 lowercase letters, digits and single hyphens; unique."
              required
              value={values.slug}
              onChange={(e) => {
                setSlugTouched(true);
                set('slug', e.currentTarget.value);
              }}
              error={errors.field('slug')}
            />
            <Group gap="sm">
              <Button type="submit" loading={loading}>
                Create organization
              </Button>
              <Button component={Link} to={next === '/org' ? '/' : next} variant="default">
                Cancel
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              Next: add a card under Payment methods, then buy.
            </Text>
          </Stack>
        </form>
      </Card>
    </>
  );
}
