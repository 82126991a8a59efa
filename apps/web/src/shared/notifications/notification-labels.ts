import type { NotificationType } from '../../gql/graphql';

export const notificationTypeLabel: Record<NotificationType, string> = {
  license_expiring: 'License expiring or expired',
  renewal_successful: 'Renewal succeeded',
  renewal_failed: 'Renewal failed',
  module_update: 'New module version available',
  validation_required: 'Version awaiting review',
  validation_approved: 'Version approved',
  validation_rejected: 'Version rejected',
  purchase_completed: 'Purchase completed',
  payout_paid: 'Payout paid',
  team_invite: 'Team invitation',
  version_withdrawn: 'Module version withdrawn',
  trial_ending: 'Free trial ending',
  refund_issued: 'Refund issued',
  price_change: 'Price change of a subscription',
  module_alert: 'Module alert (error rate or new error)',
};

/** Where a notification leads, when the app has a page for it. */
export function notificationLink(n: {
  relatedEntityType?: string | null;
  relatedEntityId?: number | null;
  type: NotificationType;
}): string | null {
  if (n.relatedEntityType === 'license' && n.relatedEntityId) return `/org/licenses/${n.relatedEntityId}`;
  if (n.relatedEntityType === 'payout' || n.type === 'payout_paid') return '/vendor/sales';
  if (n.type === 'module_alert' && n.relatedEntityId) return `/vendor/usage/${n.relatedEntityId}`;
  if (n.type === 'refund_issued') return '/vendor/sales'; // the vendor's copy (the org's links to the license above)
  return null;
}
