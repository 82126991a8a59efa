import { Prisma } from '@wk/db';

/**
 * What a sale is — the one definition behind payouts, the portal's sales table and revenue chart,
 * the CSV export and analytics, so their figures agree by construction:
 * - a purchase of the vendor's module, completed or later refunded (trial starts are not sales);
 * - a renewal the platform charged (status active, with a receipt; the seed's historical renewal
 *   rows carry no receipt and are covered by the purchases they repeat);
 * - a refund: a credit note line's adjustment (negative amounts; a cart's credit note has one line
 *   per module refunded, each with its own vendor and payout month).
 *
 * Columns: `kind` (purchase | renewal | refund), `id` (of the purchase, renewal or credit note line),
 * `at` (when it happened), `period_at` (the payout month it counts in: a refund's payout period,
 * else `at`), `vendor_id`, `module_id` (null for a refund without a license), `plan_id`, `org_id`,
 * `purchase_kind` (new | upgrade for purchases, null otherwise), `currency`, and exact numeric
 * `gross`, `commission`, `net` with `gross = commission + net`. A purchase's gross is its subtotal
 * less a vendor-funded discount (vendor coupon or referral code); a platform coupon does not
 * lower it (platform-funded).
 *
 * `vendorId` null: every vendor (payout generation).
 */
export function salesSql(vendorId: number | null): Prisma.Sql {
  return Prisma.sql`
    SELECT 'purchase'::text AS kind, p.id, p.purchased_at AS at, p.purchased_at AS period_at, p.vendor_id, p.module_id,
           p.pricing_plan_id AS plan_id, p.org_id, p.kind::text AS purchase_kind, p.currency,
           p.subtotal_amount - CASE WHEN p.vendor_promotion_id IS NULL THEN 0 ELSE p.discount_amount END AS gross,
           p.commission_amount AS commission, p.vendor_amount AS net
    FROM module_purchases p
    WHERE p.status IN ('completed', 'refunded') AND p.kind <> 'trial' AND (${vendorId}::int IS NULL OR p.vendor_id = ${vendorId}::int)
    UNION ALL
    SELECT 'refund', cn.id, c.issued_at, cn.payout_period_start, cn.vendor_id, cl.module_id, cl.pricing_plan_id, c.org_id, NULL, c.currency,
           cn.sales_adjustment, cn.commission_adjustment, cn.vendor_adjustment
    FROM credit_note_lines cn JOIN credit_notes c ON c.id = cn.credit_note_id LEFT JOIN module_licenses cl ON cl.id = cn.license_id
    WHERE (${vendorId}::int IS NULL OR cn.vendor_id = ${vendorId}::int)
    UNION ALL
    SELECT 'renewal', r.id, r.renewed_at, r.renewed_at, rm.vendor_id, rl.module_id, rl.pricing_plan_id, rl.org_id, NULL, r.currency,
           r.amount, r.commission_amount, r.vendor_amount
    FROM subscription_renewals r JOIN module_licenses rl ON rl.id = r.module_license_id JOIN modules rm ON rm.id = rl.module_id
    JOIN invoices ri ON ri.renewal_id = r.id
    WHERE r.status = 'active' AND (${vendorId}::int IS NULL OR rm.vendor_id = ${vendorId}::int)`;
}
