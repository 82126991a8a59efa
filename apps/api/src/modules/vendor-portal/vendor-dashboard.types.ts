import { Field, Int, ObjectType } from 'type-graphql';
import { Money } from '../../core/scalars';

@ObjectType({ description: 'Revenue of this month against last month, in one currency (gross = subtotals, net = paid to the vendor).' })
export class VendorDashboardRevenue {
  @Field(() => String) currency!: string;
  @Field(() => Money) grossThisMonth!: Money;
  @Field(() => Money) grossLastMonth!: Money;
  @Field(() => Money) netThisMonth!: Money;
  @Field(() => Money) netLastMonth!: Money;
  @Field(() => Int) salesThisMonth!: number;
  @Field(() => Int) salesLastMonth!: number;
  @Field(() => Money, {
    description:
      'Monthly recurring revenue: the plan price of every active, auto-renewing monthly or yearly subscription, yearly ones divided by 12 (each rounded half-up to the cent).',
  })
  mrr!: Money;
}

@ObjectType({ description: "The vendor portal's home figures, computed from the live data when asked." })
export class VendorDashboard {
  @Field(() => Int) vendorId!: number;
  @Field(() => String, { description: 'This month (UTC), YYYY-MM.' }) month!: string;
  @Field(() => String, { description: 'Last month (UTC), YYYY-MM.' }) previousMonth!: string;
  @Field(() => [VendorDashboardRevenue], { description: 'One entry per currency with sales or subscriptions (at least USD).' })
  revenue!: VendorDashboardRevenue[];
  @Field(() => Int, { description: "Licenses of the vendor's modules that are active and not past their expiry." })
  activeLicenses!: number;
  @Field(() => Int, { description: 'Active subscriptions that renew automatically (the MRR base).' }) activeSubscriptions!: number;
  @Field(() => Int, { description: "Active installs: instances where one of the vendor's modules is active now." }) installs!: number;
  @Field(() => Int, { description: "Reviews of the vendor's modules that have no vendor reply yet." }) openReviews!: number;
  @Field(() => Int, { description: "Every review of the vendor's modules." }) reviewCount!: number;
}
