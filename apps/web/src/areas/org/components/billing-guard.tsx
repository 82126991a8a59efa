import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Breadcrumbs, Button, Card } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { PageEmpty } from '../../../shared/components/page-states';
import { useCurrentOrg } from '../../../shared/session/current-org';
import type { CurrentMembership } from '../../../shared/session/session-provider';

/** Breadcrumbs of an org console page. */
export function OrgCrumbs({ current }: { current: string }) {
  const { organization } = useCurrentOrg();
  return (
    <Breadcrumbs mb="sm" aria-label="Breadcrumb">
      <Anchor component={Link} to="/org" size="sm">
        {organization?.name ?? 'Organization'}
      </Anchor>
      <span aria-current="page">{current}</span>
    </Breadcrumbs>
  );
}

/**
 * Renders its children for members who may do `need` in the current org; others get a clear
 * explanation (the API refuses them anyway).
 */
export function OrgPermissionGate({
  need,
  what,
  children,
}: {
  need: 'manage_billing' | 'admin';
  what: string;
  children: (membership: CurrentMembership) => ReactNode;
}) {
  const { membership } = useCurrentOrg();
  if (!membership) return null;
  const ok = need === 'admin' ? membership.role === 'admin' : membership.effectivePermissions.includes(need);
  if (!ok) {
    return (
      <Card withBorder padding="xl">
        <PageEmpty
          icon={<IconLock aria-hidden />}
          title={`You cannot open ${what}`}
          description={
            need === 'admin'
              ? `Only admins of ${membership.organization.name} can see this.`
              : `This needs the “Manage billing” permission in ${membership.organization.name}. Ask one of its admins.`
          }
          action={
            <Button component={Link} to="/org" variant="default">
              Back to the organization
            </Button>
          }
        />
      </Card>
    );
  }
  return <>{children(membership)}</>;
}
