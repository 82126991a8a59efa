import { Link, useNavigate } from 'react-router';
import { useMutation } from '@apollo/client/react';
import { Anchor, Breadcrumbs } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { PageHeader } from '../../../shared/components/page-header';
import { useFormErrors } from '../../../shared/components/form-errors';
import { ModuleCreateMutation } from './graphql/module-create.mutation';
import { useCurrentVendor } from '../components/current-vendor';
import { LISTING_FIELDS, ListingForm, type ListingValues } from './listing-form';

export function ModuleNewPage() {
  const { vendor } = useCurrentVendor();
  const navigate = useNavigate();
  const errors = useFormErrors(LISTING_FIELDS);
  const [create, { loading }] = useMutation(ModuleCreateMutation, { refetchQueries: ['VendorOverview'] });
  const submit = async (v: ListingValues) => {
    if (!vendor) return;
    errors.clear();
    try {
      const { data } = await create({
        variables: {
          input: {
            vendorId: vendor.id,
            slug: v.slug.trim(),
            name: v.name.trim(),
            type: v.type,
            shortDescription: v.shortDescription || null,
            description: v.description || null,
            category: v.category || null,
            iconUrl: v.iconUrl || null,
          },
        },
      });
      const r = data?.moduleCreate;
      if (r?.errors.length) return errors.setFromPayload(r.errors);
      if (r?.module) {
        notifications.show({ color: 'green', title: 'Module created', message: 'Now upload its first version.' });
        navigate(`/vendor/modules/${r.module.id}/versions/new`);
      }
    } catch (e) {
      errors.setFromException(e);
    }
  };
  return (
    <>
      <Breadcrumbs mb="sm" aria-label="Breadcrumb">
        <Anchor component={Link} to="/vendor" size="sm">
          Vendor portal
        </Anchor>
        <span aria-current="page">New module</span>
      </Breadcrumbs>
      <PageHeader
        title="New module"
        description={`A listing for ${vendor?.name ?? 'your vendor'}. It stays a draft until a version is approved.`}
      />
      <ListingForm
        initial={{ slug: '', name: '', type: 'ready_made', shortDescription: '', description: '', category: '', iconUrl: '' }}
        withSlug
        errors={errors}
        submitting={loading}
        submitLabel="Create module"
        onSubmit={submit}
      />
    </>
  );
}
