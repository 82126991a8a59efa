import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { PageHeader } from '../../../shared/components/page-header';
import { PageError, PageLoading } from '../../../shared/components/page-states';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { CurrentUserQuery } from '../../../shared/graphql/current-user.query';
import { BillingIdentityFields, type BillingValues } from '../components/billing-identity-fields';
import { OrgCrumbs, OrgPermissionGate } from '../components/billing-guard';
import { OrganizationSettingsQuery } from './graphql/organization-settings.query';
import { OrganizationUpdateMutation } from './graphql/organization-update.mutation';

const FIELDS = ['name', 'billingCountry', 'billingRegion', 'taxId'] as const;

/** `/org/settings` (manage_billing): rename, billing country/region, tax id. */
export function OrgSettingsPage() {
  return (
    <>
      <OrgCrumbs current="Settings" />
      <OrgPermissionGate need="manage_billing" what="the organization settings">
        {(m) => <SettingsForm key={m.organization.id} orgId={m.organization.id} />}
      </OrgPermissionGate>
    </>
  );
}

function SettingsForm({ orgId }: { orgId: number }) {
  const query = useQuery(OrganizationSettingsQuery, { variables: { id: orgId } });
  const errors = useFormErrors(FIELDS);
  const [values, setValues] = useState<BillingValues | null>(null);
  const [update, { loading }] = useMutation(OrganizationUpdateMutation, { refetchQueries: [CurrentUserQuery] });
  const org = query.data?.organization;

  useEffect(() => {
    if (org && !values)
      setValues({ name: org.name, billingCountry: org.billingCountry, billingRegion: org.billingRegion ?? '', taxId: org.taxId ?? '' });
  }, [org, values]);

  if (query.error && !query.data) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  if (!org || !values) return <PageLoading label="Loading the settings…" cards={1} />;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    try {
      const { data } = await update({
        variables: {
          input: {
            id: orgId,
            name: values.name.trim(),
            billingCountry: values.billingCountry,
            // An empty string clears region or tax id.
            billingRegion: values.billingRegion.trim(),
            taxId: values.taxId.trim(),
          },
        },
      });
      const p = data?.organizationUpdate;
      if (!p) return;
      if (p.errors.length || !p.organization) return errors.setFromPayload(p.errors);
      const o = p.organization;
      setValues({ name: o.name, billingCountry: o.billingCountry, billingRegion: o.billingRegion ?? '', taxId: o.taxId ?? '' });
      notifications.show({ message: 'Settings saved.', color: 'green' });
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <>
      <PageHeader
        title="Organization settings"
        documentTitle={`Settings · ${org.name}`}
        description="The name and billing identity on your receipts. The billing country and tax id decide the tax of new purchases."
      />
      <Card withBorder padding="lg" maw={720}>
        <form onSubmit={onSubmit} noValidate aria-label="Organization settings">
          <Stack gap="md">
            <FormErrorAlert errors={errors.general} />
            <BillingIdentityFields
              values={values}
              onChange={(k, v) => {
                setValues((s) => (s ? { ...s, [k]: v } : s));
                errors.clearField(k);
              }}
              countries={query.data!.countries}
              error={errors.field}
            />
            <Text size="sm" c="dimmed">
              URL name: <strong>{org.slug}</strong> (it does not change).
            </Text>
            <Group>
              <Button type="submit" loading={loading}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </>
  );
}
