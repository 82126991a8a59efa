import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { UserError } from '../../core/errors';
import { CheckoutError } from './checkout.errors';
import { Money } from '../../core/scalars';
import { License, ModuleRef, PlanRef } from '../licenses';
import { Receipt, ReceiptLine } from '../receipts';
import { InstanceModuleRelease } from '../instances';

@ObjectType({ description: 'A price quote: the exact breakdown the purchase will charge (same function as the purchase).' })
export class Quote {
  @Field(() => String) currency!: string;
  @Field(() => Money) subtotal!: Money;
  @Field(() => Money) discount!: Money;
  @Field(() => Money, { description: 'subtotal − discount' }) taxableAmount!: Money;
  @Field(() => String, { description: 'Rate applied, as a fraction ("0.20"); "0.00" on reverse charge.' }) taxRate!: string;
  @Field(() => String, { nullable: true }) taxName!: string | null;
  @Field(() => Boolean) reverseCharge!: boolean;
  @Field(() => String, { nullable: true, description: 'Printed on the receipt when reverse-charged.' }) reverseChargeNote!: string | null;
  @Field(() => Money) tax!: Money;
  @Field(() => Money, { description: 'Charged: subtotal − discount + tax.' }) total!: Money;
  @Field(() => Int, { nullable: true }) days!: number | null;
  @Field(() => String, { nullable: true, description: 'The coupon applied (canonical upper-case code).' }) couponCode!: string | null;
  @Field(() => [ReceiptLine]) lines!: ReceiptLine[];
  @Field(() => Boolean, { description: 'False for free plans (and 100 % discounts): no payment method needed.' }) requiresPayment!: boolean;
  @Field(() => Date, { nullable: true, description: 'When a license bought now would expire (null: never).' }) expiresAt!: Date | null;
  @Field(() => Boolean, { description: 'Whether licenses of this plan renew automatically by default.' }) renews!: boolean;
  @Field(() => Int, { nullable: true, description: 'Trial length when this quote starts a free trial (then every amount above is 0).' })
  trialDays!: number | null;
  @Field(() => Date, { nullable: true, description: 'When the trial ends and the first charge is made.' }) trialEndsAt!: Date | null;
  @Field(() => Money, { nullable: true, description: 'What is charged when the trial ends (tax included), then every period.' })
  thenTotal!: Money | null;
  @Field(() => String, {
    nullable: true,
    description: 'For trials: "$0.00 today, then $49.00/month from 2026-12-20" (tax included where it applies).',
  })
  trialSummary!: string | null;
}

@InputType({ description: 'A dependency line of a cart: another module bought with the same payment.' })
export class PurchaseLineInput {
  @Field(() => Int) @Min(1) moduleId!: number;
  @Field(() => Int) @Min(1) planId!: number;
  @Field(() => Int, { nullable: true, description: 'Days bought, for custom (per-day) plans.' })
  @IsOptional()
  @Min(-100000)
  @Max(100000)
  days?: number | null;
  @Field(() => String, { nullable: true, description: 'This line’s coupon (case-insensitive).' })
  @IsOptional()
  @MaxLength(64)
  couponCode?: string | null;
  @Field(() => Int, { nullable: true, description: "The id of this module's active contract the buyer accepted." })
  @IsOptional()
  acceptContractId?: number | null;
}

@InputType()
export class PurchaseQuoteInput {
  @Field(() => Int) @Min(1) orgId!: number;
  @Field(() => Int) @Min(1) moduleId!: number;
  @Field(() => Int) @Min(1) planId!: number;
  @Field(() => Int, { nullable: true, description: 'Days bought, for custom (per-day) plans.' })
  @IsOptional()
  @Min(-100000)
  @Max(100000)
  days?: number | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive.' }) @IsOptional() @MaxLength(64) couponCode?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: "Start the plan's free trial (trial_days): nothing charged now, the first charge when it ends. One per org and module.",
  })
  @IsOptional()
  startTrial?: boolean | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Dependency cart: the instance every line must fit (another org’s → NOT_FOUND). Null: every active instance.',
  })
  @IsOptional()
  @Min(1)
  instanceId?: number | null;
  @Field(() => [PurchaseLineInput], {
    nullable: true,
    description:
      'Dependency cart: the other lines bought with the same payment — every required dependency the org does not license (checkoutDependencies), and optional ones it picked. Null: a single purchase.',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  dependencyLines?: PurchaseLineInput[] | null;
}

@ObjectType({ description: 'One line of a cart quote.' })
export class CartQuoteLine {
  @Field(() => ModuleRef) module!: ModuleRef;
  @Field(() => PlanRef) plan!: PlanRef;
  @Field(() => Quote, { description: 'This line’s own subtotal, coupon, tax (rounded per line) and total.' }) quote!: Quote;
}

@ObjectType({ description: 'A cart priced line by line (the main module first) and its grand totals: one payment.' })
export class CartQuote {
  @Field(() => [CartQuoteLine]) lines!: CartQuoteLine[];
  @Field(() => String) currency!: string;
  @Field(() => Money) subtotal!: Money;
  @Field(() => Money) discount!: Money;
  @Field(() => Money) tax!: Money;
  @Field(() => Money, { description: 'Charged once: the sum of the lines’ totals.' }) total!: Money;
  @Field(() => Boolean) requiresPayment!: boolean;
}

@ObjectType()
export class PurchaseQuotePayload {
  @Field(() => Quote, { nullable: true, description: 'The main module’s line.' }) quote!: Quote | null;
  @Field(() => CartQuote, { nullable: true, description: 'Every line and the grand totals (also for a single purchase).' })
  cart!: CartQuote | null;
  @Field(() => [CheckoutError]) errors!: UserError[];
}

@InputType()
export class PurchaseCreateInput extends PurchaseQuoteInput {
  @Field(() => String, { nullable: true, description: 'A stored method of the org or a sandbox test method; not needed for free plans.' })
  @IsOptional()
  @MaxLength(100)
  paymentMethodId?: string | null;

  @Field(() => Int, { nullable: true, description: "The id of the module's active contract the buyer accepted." })
  @IsOptional()
  acceptContractId?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Renew automatically (subscriptions; default true when a payment method is given).',
  })
  @IsOptional()
  autoRenew?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Must be true to buy while the org already holds an active license of this module (else ALREADY_LICENSED).',
  })
  @IsOptional()
  confirmAdditionalLicense?: boolean | null;

  @Field(() => String, {
    description:
      'Client-generated, unique per checkout attempt (8–200 characters: letters, digits, - _ : .). Same key + same input → the first result; different input → IDEMPOTENCY_KEY_REUSED. Kept at least 24 h.',
  })
  @MaxLength(200)
  idempotencyKey!: string;
}

@ObjectType({ description: 'Another line of a dependency cart, bought with the same payment.' })
export class CartLinePurchase {
  @Field(() => Int) id!: number;
  @Field(() => ModuleRef) module!: ModuleRef;
  @Field(() => PlanRef) plan!: PlanRef;
  @Field(() => Money) total!: Money;
  @Field(() => Int, { nullable: true }) licenseId!: number | null;
  @Field(() => String, { nullable: true }) licenseKey!: string | null;
}

@ObjectType({ description: "A completed purchase, as its buyer's org sees it." })
export class Purchase {
  @Field(() => Int) id!: number;
  @Field(() => Int) orgId!: number;
  @Field(() => ModuleRef) module!: ModuleRef;
  @Field(() => PlanRef) plan!: PlanRef;
  @Field(() => Date) purchasedAt!: Date;
  @Field(() => String) status!: string;
  @Field(() => String, { description: 'new | trial (a free trial start: nothing charged) | upgrade (a plan change charged now)' })
  kind!: string;
  @Field(() => Date, { nullable: true, description: 'For a trial: when it ends and the first charge is made.' }) trialEndsAt!: Date | null;
  @Field(() => Money) subtotal!: Money;
  @Field(() => Money) discount!: Money;
  @Field(() => Money) tax!: Money;
  @Field(() => Money) total!: Money;
  @Field(() => String) taxRate!: string;
  @Field(() => String, { nullable: true }) taxName!: string | null;
  @Field(() => Boolean) reverseCharge!: boolean;
  @Field(() => Int, { nullable: true }) customDays!: number | null;
  @Field(() => String, { nullable: true, description: 'The code applied: a platform coupon, a vendor coupon or a referral code.' })
  couponCode!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Set when the buyer came by a referral link: the referral is recorded on the purchase.',
  })
  referralCode!: string | null;
  @Field(() => String, { nullable: true }) paymentMethodLabel!: string | null;
  @Field(() => Int, { nullable: true, description: 'The license this purchase created.' }) licenseId!: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'A line of a dependency cart: the purchase heading the cart (its payment and receipt cover every line).',
  })
  cartPurchaseId!: number | null;
  @Field(() => [CartLinePurchase], { description: 'The head of a dependency cart: the other lines bought with it (else empty).' })
  cartLines!: CartLinePurchase[];
  @Field(() => Receipt, {
    nullable: true,
    description: 'The receipt (for a cart: one receipt listing every line, with the grand total paid).',
  })
  receipt!: Receipt | null;
  @Field(() => String, { nullable: true }) licenseKey!: string | null;
  @Field(() => String, { nullable: true }) receiptNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'Printable receipt (same permission check).' }) receiptUrl!: string | null;
}

@ObjectType()
export class PurchaseCreatePayload {
  @Field(() => Purchase, { nullable: true }) purchase!: Purchase | null;
  @Field(() => License, { nullable: true }) license!: License | null;
  @Field(() => Receipt, { nullable: true }) receipt!: Receipt | null;
  @Field(() => Boolean, { description: 'True when this is the stored result of an earlier call with the same idempotency key.' })
  replayed!: boolean;
  @Field(() => [Purchase], { description: 'Every purchase of the cart, the main module first (one for a single purchase).' })
  lines!: Purchase[];
  @Field(() => [License], { description: 'The license of each line, in the order of `lines`.' }) licenses!: License[];
  @Field(() => [CheckoutError]) errors!: UserError[];
}

@ObjectType({ description: "The module's contract in force, shown at checkout." })
export class CheckoutContract {
  @Field(() => Int) id!: number;
  @Field(() => String) version!: string;
  @Field(() => String, { description: 'eula | custom' }) contractType!: string;
  @Field(() => String, { nullable: true }) termsUrl!: string | null;
  @Field(() => String, { nullable: true, description: 'Full text (Markdown).' }) body!: string | null;
  @Field(() => Date) effectiveFrom!: Date;
}

@ObjectType({ description: 'A payment method usable at checkout.' })
export class PaymentMethodOption {
  @Field(() => String) id!: string;
  @Field(() => String) label!: string;
  @Field(() => String, { nullable: true }) brand!: string | null;
  @Field(() => String, { nullable: true }) last4!: string | null;
  @Field(() => String, { description: 'stored (saved on the organization) | test (sandbox test card)' }) kind!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
}

@ObjectType({ description: 'Everything the checkout page needs for one module and org.' })
export class CheckoutOptions {
  @Field(() => ModuleRef) module!: ModuleRef;
  @Field(() => [PlanRef], { description: 'Active plans, in display order.' }) plans!: PlanRef[];
  @Field(() => CheckoutContract, { nullable: true }) contract!: CheckoutContract | null;
  @Field(() => [PaymentMethodOption]) paymentMethods!: PaymentMethodOption[];
  @Field(() => String) billingCountry!: string;
  @Field(() => String, { nullable: true }) taxId!: string | null;
}

// ───────────────────────────────────────────── dependency cart (issue 18)

@ObjectType({ description: 'The instance a dependency cart was resolved for.' })
export class CartInstance {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
  @Field(() => String) softwareName!: string;
  @Field(() => String) coreVersion!: string;
}

@ObjectType({ description: 'A dependency of the module being bought, resolved for the target instance(s).' })
export class CartDependency {
  @Field(() => ModuleRef) module!: ModuleRef;
  @Field(() => String, { description: 'required | optional' }) role!: string;
  @Field(() => String, { description: 'functional | integration' }) dependencyType!: string;
  @Field(() => String, { description: 'The highest minimum version a module in the cart asks for.' }) minVersion!: string;
  @Field(() => [String], { description: 'Modules of the cart that declare this dependency.' }) requiredBy!: string[];
  @Field(() => String, { description: 'Why it is in the cart: "Custom ERP requires CRM Pro ≥ 1.0.0".' }) reason!: string;
  @Field(() => InstanceModuleRelease, {
    nullable: true,
    description: 'The version a license would run: fits the target when `compatible`.',
  })
  version!: InstanceModuleRelease | null;
  @Field(() => Boolean, { description: 'The version fits the picked instance (or every active instance of the org).' })
  compatible!: boolean;
  @Field(() => Boolean, { description: 'The org already holds a license: nothing to buy.' }) held!: boolean;
  @Field(() => Boolean, { description: "Built into the target's software (core module): nothing to buy." }) builtIn!: boolean;
  @Field(() => Boolean, { description: 'Required lines (always) and optional offers the buyer ticked.' }) selected!: boolean;
  @Field(() => [PlanRef], { description: 'Active plans, in display order.' }) plans!: PlanRef[];
  @Field(() => CheckoutContract, { nullable: true }) contract!: CheckoutContract | null;
}

@ObjectType({ description: 'What else an org must (or may) buy to run a module: its dependencies, recursively.' })
export class DependencyCart {
  @Field(() => ModuleRef) module!: ModuleRef;
  @Field(() => InstanceModuleRelease, { nullable: true, description: 'The version of the module resolved for the target.' })
  version!: InstanceModuleRelease | null;
  @Field(() => Boolean, { description: 'The module has a version that fits the target.' }) compatible!: boolean;
  @Field(() => CartInstance, { nullable: true, description: 'The picked instance (null: every active instance of the org).' })
  instance!: CartInstance | null;
  @Field(() => Int, { description: 'Active instances the versions were resolved against.' }) instanceCount!: number;
  @Field(() => [CartDependency], { description: 'Required dependencies the org does not license: lines of the cart.' })
  required!: CartDependency[];
  @Field(() => [CartDependency], { description: 'Required dependencies already satisfied (licensed or built in).' })
  satisfied!: CartDependency[];
  @Field(() => [CartDependency], { description: 'Optional dependencies: offered, unchecked unless picked.' }) optional!: CartDependency[];
}

@InputType()
export class CheckoutDependenciesInput {
  @Field(() => Int) @Min(1) orgId!: number;
  @Field(() => Int) @Min(1) moduleId!: number;
  @Field(() => Int, { nullable: true, description: 'Resolve for this instance of the org (else every active instance).' })
  @IsOptional()
  @Min(1)
  instanceId?: number | null;
  @Field(() => [Int], { nullable: true, description: 'Optional dependencies the buyer picked (their own requirements join the cart).' })
  @IsOptional()
  @ArrayMaxSize(50)
  optionalModuleIds?: number[] | null;
}
