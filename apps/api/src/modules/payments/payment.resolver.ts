import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/context';
import { PaymentMethodOption } from '../checkout';
import { listPaymentMethods } from './payment.service';
import { addPaymentMethod, listStoredPaymentMethods, removePaymentMethod, setDefaultPaymentMethod } from './payment-method.service';
import {
  PaymentMethodAddInput,
  PaymentMethodAddPayload,
  PaymentMethodIdInput,
  PaymentMethodRemovePayload,
  PaymentMethodSetDefaultPayload,
  StoredPaymentMethod,
} from './payment.types';

@Resolver()
export class PaymentResolver {
  @Authorized()
  @Query(() => [PaymentMethodOption], {
    description:
      "Payment methods an org can pay with: its stored methods (default first), then the sandbox's test cards when the sandbox is the configured payment provider (purchase_modules, manage_billing or manage_licenses).",
  })
  async orgPaymentMethods(@Arg('orgId', () => Int) orgId: number, @Ctx() ctx: Context): Promise<PaymentMethodOption[]> {
    const methods = await listPaymentMethods(ctx, orgId);
    return methods.map((m) => ({
      id: m.id,
      label: m.label,
      brand: m.brand,
      last4: m.last4,
      kind: m.kind,
      description: m.description ?? null,
    }));
  }

  @Authorized()
  @Query(() => [StoredPaymentMethod], {
    description: 'The cards stored for an org, default first (manage_billing; at most 20, so not paginated).',
  })
  orgStoredPaymentMethods(@Arg('orgId', () => Int) orgId: number, @Ctx() ctx: Context) {
    return listStoredPaymentMethods(ctx, orgId);
  }

  @Authorized()
  @Mutation(() => PaymentMethodAddPayload, {
    description: 'Adds a card through the payment provider (tokenized to a pm_… id; manage_billing). The first card becomes the default.',
  })
  paymentMethodAdd(@Arg('input', () => PaymentMethodAddInput) input: PaymentMethodAddInput, @Ctx() ctx: Context) {
    return addPaymentMethod(ctx, input);
  }

  @Authorized()
  @Mutation(() => PaymentMethodSetDefaultPayload, { description: 'Makes a card the default that renewals charge (manage_billing).' })
  async paymentMethodSetDefault(@Arg('input', () => PaymentMethodIdInput) input: PaymentMethodIdInput, @Ctx() ctx: Context) {
    return { paymentMethod: await setDefaultPaymentMethod(ctx, input.paymentMethodId), errors: [] };
  }

  @Authorized()
  @Mutation(() => PaymentMethodRemovePayload, { description: 'Removes a stored card (manage_billing).' })
  async paymentMethodRemove(@Arg('input', () => PaymentMethodIdInput) input: PaymentMethodIdInput, @Ctx() ctx: Context) {
    const r = await removePaymentMethod(ctx, input.paymentMethodId);
    return { removedId: r.removedId, errors: [] };
  }
}
