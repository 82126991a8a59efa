import { ArgsType, Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { UsageError } from './usage.errors';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { InstanceModule, InstanceModuleListing } from '../instances/instance.types';

@ObjectType({ description: 'Usage of one day (one instance module, or summed over several for vendors).' })
export class UsageDay {
  @Field(() => String, { description: 'YYYY-MM-DD (UTC).' }) date!: string;
  @Field(() => Int) activeUsers!: number;
  @Field(() => Float, { description: 'A whole number (Float only because sums may exceed 32 bits).' }) apiCalls!: number;
  @Field(() => Int) errors!: number;
  @Field(() => Int, { nullable: true, description: 'Average response time in ms (weighted by API calls when summed).' })
  avgResponseTimeMs!: number | null;
  @Field(() => String, { description: 'Data processed, MB, exact decimal with two places.' }) dataProcessedMb!: string;
  @Field(() => String, { nullable: true, description: 'errors ÷ apiCalls in percent, two places (half-up); null without calls.' })
  errorRatePercent!: string | null;
}

@ObjectType({ description: 'Totals over a period.' })
export class UsageTotals {
  @Field(() => Int, { description: 'Highest daily active users in the period.' }) peakActiveUsers!: number;
  @Field(() => Float) apiCalls!: number;
  @Field(() => Int) errors!: number;
  @Field(() => Int, { nullable: true, description: 'Average response time weighted by API calls.' }) avgResponseTimeMs!: number | null;
  @Field(() => String) dataProcessedMb!: string;
  @Field(() => Int, { description: 'Days with a report.' }) reportedDays!: number;
  @Field(() => String, { nullable: true, description: 'errors ÷ apiCalls in percent, two places (half-up); null without calls.' })
  errorRatePercent!: string | null;
}

@ObjectType({ description: 'A latency percentile read off a merged histogram: at most `ms` (or, when `overflow`, more than `ms`).' })
export class LatencyPercentile {
  @Field(() => Int, { description: 'Upper bound of the bucket holding the percentile, in ms.' }) ms!: number;
  @Field(() => Boolean, { description: 'In the open last bucket: more than `ms`.' }) overflow!: boolean;
}

@ObjectType({ description: 'Calls in one latency bucket.' })
export class LatencyBucket {
  @Field(() => Int, { nullable: true, description: 'Upper bound in ms (inclusive); null for the open last bucket.' }) leMs!: number | null;
  @Field(() => Float) calls!: number;
}

@ObjectType({
  description:
    'Response times from the latency histograms instances reported, merged bucket by bucket (reports without a histogram count in no bucket).',
})
export class LatencySummary {
  @Field(() => Float, { description: 'Calls with a measured latency.' }) calls!: number;
  @Field(() => LatencyPercentile, { nullable: true }) p50!: LatencyPercentile | null;
  @Field(() => LatencyPercentile, { nullable: true }) p95!: LatencyPercentile | null;
  @Field(() => LatencyPercentile, { nullable: true }) p99!: LatencyPercentile | null;
  @Field(() => [LatencyBucket]) buckets!: LatencyBucket[];
}

@ObjectType({ description: 'Uses of one feature of a module version, summed over every install (reported per day with usage).' })
export class VendorFeatureUsage {
  @Field(() => String) version!: string;
  @Field(() => String) feature!: string;
  @Field(() => Float) count!: number;
  @Field(() => Int, { description: 'Distinct installs that reported the feature.' }) installs!: number;
}

@ObjectType({ description: "One module's daily usage on an instance." })
export class InstanceModuleUsage {
  @Field(() => InstanceModule) instanceModule!: InstanceModule;
  @Field(() => InstanceModuleListing) module!: InstanceModuleListing;
  @Field(() => [UsageDay], { description: 'Days with a report, oldest first.' }) days!: UsageDay[];
  @Field(() => UsageTotals) totals!: UsageTotals;
}

@ObjectType({ description: 'Usage reported by an instance for its modules over a period.' })
export class InstanceUsageReport {
  @Field(() => Int) instanceId!: number;
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => String, { nullable: true, description: 'The most recent day any module of the instance reported.' }) latestReportDate!:
    string | null;
  @Field(() => [InstanceModuleUsage]) modules!: InstanceModuleUsage[];
}

@ObjectType({ description: 'An error reported by an instance, grouped by fingerprint (repeats raise the count).' })
export class ModuleErrorGroup {
  @Field(() => Int) id!: number;
  instanceModuleId!: number;
  moduleVersionId!: number | null;
  @Field(() => String, { nullable: true }) coreVersion!: string | null;
  @Field(() => String) errorType!: string;
  @Field(() => String) errorMessage!: string;
  @Field(() => String, { nullable: true }) stackTrace!: string | null;
  @Field(() => Int) occurrences!: number;
  @Field(() => Date) firstSeenAt!: Date;
  @Field(() => Date, { description: 'Last occurrence.' }) occurredAt!: Date;
  @Field(() => Boolean) resolved!: boolean;
}

@ObjectType('ModuleErrorGroupConnection')
export class ModuleErrorGroupConnection extends ConnectionType(ModuleErrorGroup, 'ModuleErrorGroup') {}

@ArgsType()
export class InstanceErrorsArgs extends PageArgs {
  @Field(() => Int) instanceId!: number;
  @Field(() => Boolean, { nullable: true, description: 'Only resolved (true) or open (false) errors.' }) resolved?: boolean | null;
  @Field(() => Int, { nullable: true }) moduleId?: number | null;
}

@InputType()
export class InstanceErrorResolveInput {
  @Field(() => Int) id!: number;
  @Field(() => Boolean, { defaultValue: true }) resolved: boolean = true;
}

@ObjectType()
export class InstanceErrorResolvePayload {
  @Field(() => ModuleErrorGroup, { nullable: true }) error!: ModuleErrorGroup | null;
  @Field(() => [UsageError]) errors!: UserError[];
}

@ObjectType({ description: 'Usage of one module version on one core version, summed over every instance (no customer identifiers).' })
export class VendorUsageGroup {
  @Field(() => String) version!: string;
  @Field(() => String) coreVersion!: string;
  @Field(() => Int, { description: 'Distinct installs that reported in the period.' }) installs!: number;
  @Field(() => [UsageDay]) days!: UsageDay[];
  @Field(() => UsageTotals) totals!: UsageTotals;
  @Field(() => LatencySummary) latency!: LatencySummary;
}

@ObjectType({
  description: 'An error of a module version on a core version, summed over every instance (no customer identifiers, no stack traces).',
})
export class VendorErrorAggregate {
  @Field(() => String) version!: string;
  @Field(() => String) coreVersion!: string;
  @Field(() => String) errorType!: string;
  @Field(() => String) errorMessage!: string;
  @Field(() => Int) occurrences!: number;
  @Field(() => Int) affectedInstalls!: number;
  @Field(() => Date) lastSeenAt!: Date;
}

@ObjectType({ description: "A vendor's view of one module's usage and errors, per module version × core version." })
export class VendorModuleUsageReport {
  @Field(() => InstanceModuleListing) module!: InstanceModuleListing;
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => String, { nullable: true }) latestReportDate!: string | null;
  @Field(() => [VendorUsageGroup]) groups!: VendorUsageGroup[];
  @Field(() => [UsageDay], { description: 'All versions and cores together, per day.' }) days!: UsageDay[];
  @Field(() => UsageTotals) totals!: UsageTotals;
  @Field(() => [VendorErrorAggregate], { description: 'Most frequent first (at most 50).' }) errors!: VendorErrorAggregate[];
  @Field(() => LatencySummary, { description: 'All versions and cores together.' }) latency!: LatencySummary;
  @Field(() => [VendorFeatureUsage], { description: 'Per module version, most used first (at most 500 rows).' })
  features!: VendorFeatureUsage[];
}

@ObjectType({ description: "One of the vendor's modules with its usage totals in the period." })
export class VendorModuleUsageSummary {
  @Field(() => InstanceModuleListing) module!: InstanceModuleListing;
  @Field(() => Int) installs!: number;
  @Field(() => UsageTotals) totals!: UsageTotals;
}

@ObjectType({ description: "Usage totals of each of a vendor's modules over a period." })
export class VendorUsageSummary {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => [VendorModuleUsageSummary]) modules!: VendorModuleUsageSummary[];
}
