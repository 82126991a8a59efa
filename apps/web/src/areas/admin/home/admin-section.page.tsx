import { Link, useParams } from 'react-router';
import { Anchor, Breadcrumbs, Card } from '@mantine/core';
import { IconTools } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty } from '../../../shared/components/page-states';
import { NotFoundPage } from '../../../shared/pages/not-found.page';
import { ADMIN_SECTIONS } from './admin-sections';

/** Placeholder for sections that are not built yet (each gets its own page later). */
export function AdminSectionPage() {
  const { section } = useParams();
  const found = ADMIN_SECTIONS.find((s) => s.slug === section);
  if (!found) return <NotFoundPage />;
  return (
    <>
      <Breadcrumbs mb="sm" aria-label="Breadcrumb">
        <Anchor component={Link} to="/admin" size="sm">
          Admin
        </Anchor>
        <span aria-current="page">{found.title}</span>
      </Breadcrumbs>
      <PageHeader title={found.title} description={found.description} />
      <Card withBorder padding="xl">
        <PageEmpty
          title="This section is being built"
          description="It will appear here in a coming release."
          icon={<IconTools aria-hidden />}
        />
      </Card>
    </>
  );
}
