import type { Invoice, Prisma } from '@wk/db';
import {
  buildCartReceipt,
  buildReceiptLines,
  formatInvoiceNumber,
  REVERSE_CHARGE_NOTE,
  toAmount,
  type Receipt,
  type ReceiptQuote,
} from '@wk/domain';
import type { Context } from '../../core/context';
import { isPlatformAdmin, membershipOf, requireUser } from '../../core/access';
import { effectivePermissions } from '../../core/permissions';
import { forbidden, notFound } from '../../core/errors';

type Tx = Prisma.TransactionClient;

/** Permissions that open an org's receipts (billing documents): any one of them. */
export const RECEIPT_PERMISSIONS = ['manage_billing', 'purchase_modules', 'manage_licenses'] as const;

/**
 * The next invoice number of the year of `at`: `INV-<year>-<6-digit sequence>`, gapless per year.
 * A transaction-scoped advisory lock per year serializes numbering (held until the caller's
 * transaction ends), so concurrent purchases never get the same number and a rolled-back
 * purchase leaves no gap.
 */
export async function nextInvoiceNumber(tx: Tx, at: Date): Promise<string> {
  const year = at.getUTCFullYear();
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`wk:invoice-number:${year}`}))) AS l`;
  const rows = await tx.$queryRaw<{ seq: number }[]>`
    SELECT COALESCE(MAX(CAST(split_part(number, '-', 3) AS integer)), 0)::integer AS seq
    FROM invoices WHERE number ~ ${`^INV-${year}-[0-9]+$`}`;
  return formatInvoiceNumber(year, Number(rows[0]?.seq ?? 0) + 1);
}

export interface InvoiceInput {
  orgId: number;
  purchaseId?: number | null;
  renewalId?: number | null;
  issuedAt: Date;
  quote: ReceiptQuote;
  labels: { moduleName: string; planName: string; couponCode?: string | null; discountLabel?: string | null };
  /**
   * Dependency cart: every line bought with this one payment (the first is `quote`/`labels`). The
   * receipt lists each line with its own discount and tax, and totals that are their exact sums.
   */
  parts?: {
    quote: ReceiptQuote;
    labels: { moduleName: string; planName: string; couponCode?: string | null; discountLabel?: string | null };
  }[];
}

/**
 * Creates the receipt (invoice row) of a purchase or renewal inside the caller's transaction:
 * lines from @wk/domain buildReceiptLines (which proves they add up to the total), the org's
 * billing identity (its billing profile, else its name), country and tax id at issue time.
 */
export async function createInvoice(tx: Tx, input: InvoiceInput): Promise<Invoice> {
  const receipt: Receipt =
    input.parts && input.parts.length > 1 ? buildCartReceipt(input.parts) : buildReceiptLines(input.quote, input.labels);
  const org = await tx.organization.findUniqueOrThrow({ where: { id: input.orgId } });
  const profile = await tx.billingProfile.findFirst({ where: { orgId: input.orgId }, orderBy: { id: 'asc' } });
  const number = await nextInvoiceNumber(tx, input.issuedAt);
  return tx.invoice.create({
    data: {
      number,
      orgId: input.orgId,
      purchaseId: input.purchaseId ?? null,
      renewalId: input.renewalId ?? null,
      issuedAt: input.issuedAt,
      currency: receipt.currency,
      lines: receipt.lines as unknown as Prisma.InputJsonValue,
      subtotalAmount: receipt.subtotal,
      discountAmount: receipt.discount,
      taxAmount: receipt.tax,
      totalAmount: receipt.total,
      taxName: input.quote.taxName,
      taxRate: input.quote.taxRate,
      reverseCharge: receipt.reverseCharge,
      billingName: profile?.name ?? org.name,
      billingAddress: profile?.address ?? null,
      billingCountry: org.billingCountry,
      taxId: org.taxId,
    },
  });
}

/**
 * The receipt gate: a member with a billing permission (manage_billing, purchase_modules or
 * manage_licenses) or a platform admin. Another org's receipt → NOT_FOUND; a member without
 * the permission (viewer, developer) → FORBIDDEN.
 */
export async function requireReceiptAccess(ctx: Context, orgId: number): Promise<void> {
  requireUser(ctx);
  const m = await membershipOf(ctx, orgId);
  if (!m) {
    if (isPlatformAdmin(ctx)) return;
    throw notFound('Receipt');
  }
  const perms = effectivePermissions(m.role, m.permissions);
  if (!RECEIPT_PERMISSIONS.some((p) => perms.has(p))) {
    throw forbidden('Receipts need the manage_billing, purchase_modules or manage_licenses permission.');
  }
}

/** Whether the signed-in user may see the org's receipts (no throw). */
export async function canSeeReceipts(ctx: Context, orgId: number): Promise<boolean> {
  try {
    await requireReceiptAccess(ctx, orgId);
    return true;
  } catch {
    return false;
  }
}

export async function getReceipt(ctx: Context, id: number): Promise<Invoice> {
  requireUser(ctx);
  const invoice = await ctx.prisma.invoice.findUnique({ where: { id } });
  if (!invoice) throw notFound('Receipt');
  await requireReceiptAccess(ctx, invoice.orgId);
  return invoice;
}

export async function getReceiptByNumber(ctx: Context, number: string): Promise<Invoice> {
  requireUser(ctx);
  const invoice = await ctx.prisma.invoice.findUnique({ where: { number } });
  if (!invoice) throw notFound('Receipt');
  await requireReceiptAccess(ctx, invoice.orgId);
  return invoice;
}

/** The module a single-purchase receipt is for (null for a cart receipt or when unknown), shown on the printable receipt. */
export async function receiptModuleName(ctx: Context, invoice: Invoice): Promise<string | null> {
  if (!invoice.purchaseId) return null;
  const p = await ctx.prisma.purchase.findUnique({ where: { id: invoice.purchaseId }, select: { module: { select: { name: true } } } });
  return p?.module.name ?? null;
}

/** Receipts of a license: its purchase's and its renewals' (oldest first). */
export async function receiptsOfLicense(
  ctx: Context,
  license: { id: number; orgId: number; purchaseId: number | null },
): Promise<Invoice[]> {
  await requireReceiptAccess(ctx, license.orgId);
  // Upgrades are purchases that start a period of the license.
  const periods = await ctx.prisma.licensePeriod.findMany({
    where: { licenseId: license.id, purchaseId: { not: null } },
    select: { purchaseId: true },
  });
  const own = [license.purchaseId, ...periods.map((p) => p.purchaseId)].filter((id): id is number => id !== null);
  // A line of a dependency cart shares the receipt of the cart's head purchase.
  const heads = own.length
    ? await ctx.prisma.purchase.findMany({ where: { id: { in: own }, cartPurchaseId: { not: null } }, select: { cartPurchaseId: true } })
    : [];
  const purchaseIds = [...new Set([...own, ...heads.map((h) => h.cartPurchaseId!)])];
  return ctx.prisma.invoice.findMany({
    where: { OR: [...(purchaseIds.length ? [{ purchaseId: { in: purchaseIds } }] : []), { renewal: { licenseId: license.id } }] },
    orderBy: [{ issuedAt: 'asc' }, { id: 'asc' }],
  });
}

export interface ReceiptLineView {
  description: string;
  amount: string;
}

/** The stored lines, normalized to exact 2-decimal strings. */
export function receiptLines(invoice: Invoice): ReceiptLineView[] {
  const raw = Array.isArray(invoice.lines) ? (invoice.lines as unknown as { description?: unknown; amount?: unknown }[]) : [];
  return raw.map((l) => ({ description: String(l.description ?? ''), amount: toAmount(String(l.amount ?? '0')) }));
}

/** Legal notes printed under the totals. */
export function receiptNotes(invoice: Invoice): string[] {
  return invoice.reverseCharge ? [REVERSE_CHARGE_NOTE] : [];
}

/** The path of the printable receipt (same session and permission check as the API). */
export function receiptDownloadPath(invoice: Pick<Invoice, 'number'>): string {
  return `/api/receipts/${encodeURIComponent(invoice.number)}.html`;
}
