/**
 * A purchase with everything its receipt view shows (module and vendor, plan, coupon or promotion, licenses, invoice,
 * a cart's lines) and the label of the payment method it was paid with.
 */
import type { Context } from '../../core/context';
import { paymentMethodLabel } from '../payments';

export async function loadPurchase(ctx: Context, purchaseId: number) {
  const purchase = await ctx.prisma.purchase.findUniqueOrThrow({
    where: { id: purchaseId },
    include: {
      module: { include: { vendor: true } },
      pricingPlan: true,
      coupon: true,
      vendorPromotion: true,
      licenses: { orderBy: { id: 'asc' } },
      invoice: true,
      cartPurchase: { include: { invoice: true } },
      cartLines: {
        orderBy: { id: 'asc' },
        include: { module: { include: { vendor: true } }, pricingPlan: true, licenses: { orderBy: { id: 'asc' } } },
      },
    },
  });
  return { purchase, paymentMethod: await paymentMethodLabel(ctx.prisma, ctx.services, purchase.paymentMethodId) };
}
