import { Link } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { VendorOverviewQuery } from '../home/graphql/vendor-overview.query';
import { useCurrentVendor, VendorSwitcher } from '../components/current-vendor';
import { ModulesTable } from './modules-table';

/** `/vendor/modules`: every module of the vendor (drafts too), with status and live version. */
export function ModulesListPage() {
  const { vendor } = useCurrentVendor();
  const query = useQuery(VendorOverviewQuery, { variables: { vendorId: vendor?.id ?? 0 }, skip: !vendor });
  if (!vendor) return <PageEmpty title="You do not manage any vendor yet" />;
  return (
    <>
      <PageHeader
        title="Modules"
        documentTitle={`Modules · ${vendor.name}`}
        description="Your listings, drafts included. Open one to edit its listing, screenshots, versions, pricing and contracts."
        actions={
          <>
            <VendorSwitcher />
            <Button component={Link} to="/vendor/modules/new" leftSection={<IconPlus size={16} aria-hidden />}>
              New module
            </Button>
          </>
        }
      />
      <QueryStates query={query}>{(d) => <ModulesTable modules={d.vendorModules.edges.map((e) => e.node)} />}</QueryStates>
    </>
  );
}
