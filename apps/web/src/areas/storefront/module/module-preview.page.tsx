import { Link, useParams } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { Button, Card } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPackageOff } from '@tabler/icons-react';
import { PageEmpty, PageError, PageLoading } from '../../../shared/components/page-states';
import { hasErrorCode } from '../../../shared/errors/describe-error';
import { VendorModulePreviewQuery } from './graphql/vendor-module-preview.query';
import { ModuleView } from './module.page';

/** `/modules/preview/:moduleId`: a vendor's own listing rendered by the buyers' module page, whatever its status. */
export function ModulePreviewPage() {
  const moduleId = Number(useParams().moduleId);
  const valid = Number.isSafeInteger(moduleId) && moduleId > 0;
  const query = useQuery(VendorModulePreviewQuery, { variables: { moduleId }, skip: !valid, fetchPolicy: 'network-only' });
  const m = query.data?.vendorModulePreview;
  useDocumentTitle(m ? `Preview: ${m.name} · Webkernel Marketplace` : 'Preview · Webkernel Marketplace');
  if (!m) {
    if (!valid || (query.error && hasErrorCode(query.error, 'NOT_FOUND')))
      return (
        <Card withBorder>
          <PageEmpty
            icon={<IconPackageOff aria-hidden />}
            title="There is no listing to preview here"
            description="Only the vendor of a module can preview its listing."
            action={
              <Button component={Link} to="/vendor/modules">
                Your modules
              </Button>
            }
          />
        </Card>
      );
    if (query.error) return <PageError error={query.error} onRetry={() => void query.refetch().catch(() => undefined)} />;
    return <PageLoading label="Loading the preview…" cards={3} />;
  }
  return (
    <ModuleView m={m} preview={{ listed: m.versions.length > 0 && m.publishedAt != null, backTo: `/vendor/modules/${m.id}?tab=listing` }} />
  );
}
