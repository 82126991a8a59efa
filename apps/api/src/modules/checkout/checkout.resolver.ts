import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/context';
import { toModuleRef, toPlanRef } from '../licenses';
import { toReceipt } from '../receipts';
import {
  CheckoutDependenciesInput,
  DependencyCart,
  CheckoutOptions,
  Purchase,
  PurchaseCreateInput,
  PurchaseCreatePayload,
  PurchaseQuoteInput,
  PurchaseQuotePayload,
} from './checkout.types';
import * as checkout from './checkout.service';
import * as quotes from './quote.service';
import { toCartQuote, toContract, toDependencyCart, toPurchase, toQuote } from './checkout.mapper';
import * as cart from './cart.service';
import { loadPurchase } from './purchase-view.service';

async function purchaseView(ctx: Context, purchaseId: number): Promise<Purchase> {
  const { purchase, paymentMethod } = await loadPurchase(ctx, purchaseId);
  return toPurchase(purchase, paymentMethod);
}

@Resolver()
export class CheckoutResolver {
  @Authorized()
  @Query(() => CheckoutOptions, {
    description: 'Plans, contract in force and payment methods to buy a module for an org (purchase_modules).',
  })
  async checkoutOptions(
    @Arg('orgId', () => Int) orgId: number,
    @Arg('moduleSlug', () => String) moduleSlug: string,
    @Ctx() ctx: Context,
  ): Promise<CheckoutOptions> {
    const o = await quotes.checkoutOptions(ctx, orgId, moduleSlug.slice(0, 200));
    return {
      module: toModuleRef(o.module),
      plans: o.plans.map(toPlanRef),
      contract: o.contract ? toContract(o.contract) : null,
      paymentMethods: o.paymentMethods.map((m) => ({
        id: m.id,
        label: m.label,
        brand: m.brand,
        last4: m.last4,
        kind: m.kind,
        description: m.description ?? null,
      })),
      billingCountry: o.org.billingCountry,
      taxId: o.org.taxId,
    };
  }

  @Authorized()
  @Query(() => DependencyCart, {
    description:
      'The dependencies to buy with a module (purchase_modules): required ones the org does not license, recursively, each with its plans and the version that fits the picked instance (or every instance); optional ones as offers.',
  })
  async checkoutDependencies(
    @Arg('input', () => CheckoutDependenciesInput) input: CheckoutDependenciesInput,
    @Ctx() ctx: Context,
  ): Promise<DependencyCart> {
    return toDependencyCart(await cart.checkoutDependencies(ctx, input));
  }

  @Authorized()
  @Query(() => PurchaseQuotePayload, {
    description: 'The exact price breakdown of a purchase, or payload errors (purchase_modules in the org).',
  })
  async purchaseQuote(
    @Arg('input', () => PurchaseQuoteInput) input: PurchaseQuoteInput,
    @Ctx() ctx: Context,
  ): Promise<PurchaseQuotePayload> {
    const r = await quotes.quote(ctx, input);
    return r.ok
      ? { quote: toQuote(r.cart.lines[0]!.priced), cart: toCartQuote(r.cart), errors: [] }
      : { quote: null, cart: null, errors: r.errors };
  }

  @Authorized()
  @Query(() => Purchase, { description: 'A purchase of an org (billing permission, like receipts).' })
  async purchase(@Arg('id', () => Int) id: number, @Ctx() ctx: Context): Promise<Purchase> {
    const p = await quotes.getPurchase(ctx, id);
    return purchaseView(ctx, p.id);
  }

  @Authorized()
  @Mutation(() => PurchaseCreatePayload, {
    description: 'Buy a module for an org (purchase_modules): idempotent, contract acceptance, payment, license.',
  })
  async purchaseCreate(
    @Arg('input', () => PurchaseCreateInput) input: PurchaseCreateInput,
    @Ctx() ctx: Context,
  ): Promise<PurchaseCreatePayload> {
    const r = await checkout.purchaseCreate(ctx, input);
    if (r.kind === 'errors')
      return { purchase: null, license: null, receipt: null, replayed: r.replayed, lines: [], licenses: [], errors: r.errors };
    const head = await purchaseView(ctx, r.purchase.id);
    const lines = [head];
    for (const l of r.lines) lines.push(await purchaseView(ctx, l.purchase.id));
    return {
      purchase: head,
      license: r.license,
      receipt: toReceipt(r.invoice),
      replayed: r.replayed,
      lines,
      licenses: [r.license, ...r.lines.map((l) => l.license)],
      errors: [],
    };
  }
}
