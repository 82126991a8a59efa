import { useMemo, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { PageError, PageLoading } from '../../../shared/components/page-states';
import { useSession } from '../../../shared/session/session-provider';
import { useCurrentOrg } from '../../../shared/session/current-org';
import { CannotBuyYet, SignInToBuy, VerifyEmailToBuy } from './checkout-gates';
import { CheckoutForm } from './checkout-form';

/** `/checkout/:slug?plan=<id>`: buy a module for one of the user's organizations. */
export function CheckoutPage() {
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  const session = useSession();
  const { memberships, organization } = useCurrentOrg();

  const buyers = useMemo(() => memberships.filter((m) => m.effectivePermissions.includes('purchase_modules')), [memberships]);
  const [orgId, setOrgId] = useState<number | null>(null);
  const chosenOrgId = orgId ?? (buyers.find((b) => b.organization.id === organization?.id) ?? buyers[0])?.organization.id ?? null;

  if (session.status === 'loading') return <PageLoading label="Loading checkout…" />;
  if (session.status === 'error') return <PageError error={session.error} onRetry={session.refetch} />;
  if (session.status === 'signed-out') {
    return <SignInToBuy here={`/checkout/${encodeURIComponent(slug)}${params.toString() ? `?${params.toString()}` : ''}`} />;
  }
  if (buyers.length === 0 || chosenOrgId === null) return <CannotBuyYet slug={slug} />;
  if (!session.me.emailVerified) return <VerifyEmailToBuy slug={slug} email={session.me.email} />;
  return (
    <CheckoutForm
      key={`${chosenOrgId}-${slug}`}
      slug={slug}
      orgId={chosenOrgId}
      buyers={buyers.map((b) => ({ value: String(b.organization.id), label: b.organization.name }))}
      onOrgChange={setOrgId}
      initialPlanId={Number(params.get('plan')) || null}
      initialTrial={params.get('trial') === '1'}
    />
  );
}
