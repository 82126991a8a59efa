import { ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, Matches, MaxLength } from 'class-validator';
import { BillingCycle, ContractType, DependencyType, Environment, ModuleType, PlanType, ReleaseChannel, VersionStatus } from '@wk/db';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { JSONScalar, Money } from '../../core/scalars';
import { Software, SoftwareCore } from '../softwares';

// Registering an enum twice under the same name is harmless in type-graphql (other domains
// register some of these too); the catalog needs them whatever else is loaded.
registerEnumType(ModuleType, {
  name: 'ModuleType',
  description: 'ready_made: a packaged module; custom: developed for the buyer (priced per day).',
});
registerEnumType(VersionStatus, { name: 'VersionStatus', description: 'pending → beta | stable (approved) or rejected.' });
registerEnumType(ReleaseChannel, { name: 'ReleaseChannel' });
registerEnumType(PlanType, { name: 'PlanType' });
registerEnumType(BillingCycle, { name: 'BillingCycle' });
registerEnumType(ContractType, { name: 'ContractType' });
registerEnumType(DependencyType, { name: 'DependencyType' });
registerEnumType(Environment, { name: 'Environment', description: 'Where an instance runs: production, staging or development.' });

export enum CatalogSort {
  RELEVANCE = 'RELEVANCE',
  NEWEST = 'NEWEST',
  NAME = 'NAME',
  PRICE = 'PRICE',
  RATING = 'RATING',
  INSTALLS = 'INSTALLS',
}
registerEnumType(CatalogSort, {
  name: 'CatalogSort',
  description: 'Catalog order. Every order ends with the module id, so cursors are stable under ties.',
  valuesConfig: {
    RELEVANCE: {
      description:
        'Best text match first (name > slug > category > short description = vendor > description), then newest. Without a search: newest. ' +
        'Beyond 1000 matches (totalCountIsExact false) it ranks the newest 1000 matches, the newest 1000 whose name holds every word and an exact name match.',
    },
    NEWEST: { description: 'Most recently published first.' },
    NAME: { description: 'Name, A→Z (case-insensitive).' },
    PRICE: { description: 'Lowest entry price first (see CatalogPriceSummary.from); modules without an active plan last.' },
    RATING: { description: 'Highest average rating first, then most ratings; unrated modules last.' },
    INSTALLS: { description: 'Most installed first: active installs (instances with the module active).' },
  },
});

export enum CatalogPlanType {
  FREE = 'FREE',
  SUBSCRIPTION = 'SUBSCRIPTION',
  PERPETUAL = 'PERPETUAL',
  CUSTOM = 'CUSTOM',
}
registerEnumType(CatalogPlanType, {
  name: 'CatalogPlanType',
  description: 'Plan families for the catalog filter.',
  valuesConfig: {
    FREE: { description: 'A free or freemium plan, or any non-custom plan priced 0.00.' },
    SUBSCRIPTION: { description: 'Monthly or yearly subscription.' },
    PERPETUAL: { description: 'One-time purchase.' },
    CUSTOM: { description: 'Custom development billed per day.' },
  },
});

@InputType({ description: 'Catalog filters; all given filters must hold.' })
export class CatalogFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Words searched in name, slug, category, descriptions and vendor name (every word must match).',
  })
  @IsOptional()
  @MaxLength(100)
  search?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Software slug (e.g. "webkernel"): only modules with a compatibility declaration for it.',
  })
  @IsOptional()
  @MaxLength(64)
  software?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A core version (semver, e.g. "2.0.0"): only modules with at least one approved version whose declared range contains it (inclusive bounds, open max). Combine with `software` to pick the software; without it any software matches.',
  })
  @IsOptional()
  @MaxLength(64)
  coreVersion?: string | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(64) category?: string | null;
  @Field(() => ModuleType, { nullable: true }) @IsOptional() type?: ModuleType | null;
  @Field(() => CatalogPlanType, { nullable: true, description: 'Only modules with an active plan of this family.' })
  @IsOptional()
  planType?: CatalogPlanType | null;

  @Field(() => String, { nullable: true, description: 'Vendor slug.' })
  @IsOptional()
  @MaxLength(64)
  @Matches(/^[a-z0-9-]+$/)
  vendor?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only modules of verified (or official) vendors.' }) @IsOptional() verifiedOnly?:
    boolean | null;
}

@ArgsType()
export class CatalogModulesArgs extends PageArgs {
  @Field(() => CatalogFilter, { nullable: true }) filter?: CatalogFilter | null;
  @Field(() => CatalogSort, { defaultValue: CatalogSort.RELEVANCE }) sort: CatalogSort = CatalogSort.RELEVANCE;
}

@ObjectType({ simpleResolvers: true, description: 'A vendor as buyers see it.' })
export class CatalogVendor {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
  @Field(() => String) slug!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true }) website!: string | null;
  @Field(() => Boolean, { description: 'Run by the platform itself.' }) isOfficial!: boolean;
  @Field(() => Boolean, { description: 'Identity verified by platform admins.' }) isVerified!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'A declared compatibility range of a version with one software.' })
export class CatalogCompatibility {
  @Field(() => Int) id!: number;
  softwareId!: number;
  @Field(() => Software) software!: Software;
  @Field(() => String, { description: 'Inclusive lower bound.' }) minCoreVersion!: string;
  @Field(() => String, { nullable: true, description: 'Inclusive upper bound; null = no upper bound.' }) maxCoreVersion!: string | null;
  @Field(() => Boolean, { description: 'Tested by the vendor on a real core.' }) isVerified!: boolean;
  @Field(() => Date, { nullable: true }) testedAt!: Date | null;
}

@ObjectType({
  simpleResolvers: true,
  description: 'A link to another module, with whether it is in the catalog (only then can it be opened).',
})
export class CatalogModuleLink {
  @Field(() => Int) id!: number;
  @Field(() => String) slug!: string;
  @Field(() => String) name!: string;
  @Field(() => Boolean, { description: 'Published with an approved version, i.e. it has a page in the catalog.' }) isListed!: boolean;
}

@ObjectType({ simpleResolvers: true })
export class CatalogDependency {
  @Field(() => Int) id!: number;
  @Field(() => CatalogModuleLink) module!: CatalogModuleLink;
  @Field(() => DependencyType) dependencyType!: DependencyType;
  @Field(() => String, { description: 'Lowest version of the dependency that works (inclusive).' }) minVersion!: string;
  @Field(() => Boolean) isRequired!: boolean;
}

@ObjectType({ simpleResolvers: true })
export class CatalogIntegration {
  @Field(() => Int) id!: number;
  @Field(() => CatalogModuleLink) module!: CatalogModuleLink;
  @Field(() => String) integrationType!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Boolean) isBidirectional!: boolean;
}

@ObjectType({
  simpleResolvers: true,
  description: 'An approved release (beta or stable). Pending and rejected versions are never in the catalog.',
})
export class CatalogVersion {
  @Field(() => Int) id!: number;
  moduleId!: number;
  @Field(() => String) version!: string;
  @Field(() => VersionStatus, { description: 'beta or stable (approved).' }) status!: VersionStatus;
  @Field(() => ReleaseChannel) channel!: ReleaseChannel;
  @Field(() => String, { nullable: true, description: 'Markdown.' }) changelog!: string | null;
  @Field(() => Boolean, { description: 'Upgrading from the previous version needs no migration.' }) isCompatibleWithPrevious!: boolean;
  @Field(() => Date, { nullable: true }) releaseDate!: Date | null;
  @Field(() => Date, { nullable: true }) deprecatedAt!: Date | null;
  @Field(() => Boolean) isDeprecated!: boolean;
  @Field(() => [CatalogCompatibility]) compatibility!: CatalogCompatibility[];
  @Field(() => [CatalogDependency]) dependencies!: CatalogDependency[];
  @Field(() => [CatalogIntegration]) integrations!: CatalogIntegration[];
}

@ObjectType({ simpleResolvers: true, description: 'One feature of a plan, normalised for a comparison table.' })
export class CatalogPlanFeature {
  @Field(() => String) key!: string;
  @Field(() => String, { description: 'Human label, e.g. "Custom dev" for custom_dev.' }) label!: string;
  @Field(() => Boolean, { nullable: true, description: 'For yes/no features.' }) included!: boolean | null;
  @Field(() => String, { nullable: true, description: 'For valued features (e.g. support: "priority").' }) value!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'An active pricing plan.' })
export class CatalogPlan {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
  @Field(() => PlanType) planType!: PlanType;
  @Field(() => BillingCycle) billingCycle!: BillingCycle;
  @Field(() => Money, { nullable: true, description: 'Price per billing cycle (null for custom plans).' }) price!: Money | null;
  @Field(() => Money, { nullable: true, description: 'Day rate of a custom plan (subtotal = rate × days).' })
  customRatePerDay!: Money | null;
  @Field(() => String, { description: 'e.g. "Free", "$49.00/month", "$490.00/year", "$999.00 once", "$450.00/day".' }) priceLabel!: string;
  @Field(() => JSONScalar) features!: Record<string, unknown>;
  @Field(() => [CatalogPlanFeature]) featureList!: CatalogPlanFeature[];
  @Field(() => Int, { nullable: true }) maxUsers!: number | null;
  @Field(() => Int, { nullable: true }) maxInstances!: number | null;
  @Field(() => Int) trialDays!: number;
}

@ObjectType({ simpleResolvers: true, description: "A card's price line: the plan with the lowest entry price." })
export class CatalogPriceSummary {
  @Field(() => String, {
    description: 'e.g. "Free", "from $49.00/month", "$450.00/day", "$999.00 once"; "No plans yet" without an active plan.',
  })
  label!: string;
  @Field(() => Money, {
    nullable: true,
    description:
      'Lowest entry price: 0 for free/freemium plans, the day rate for custom plans, the price of one billing cycle otherwise (monthly, yearly or once). Not converted between currencies.',
  })
  from!: Money | null;
  @Field(() => Boolean, { description: 'A free plan exists.' }) isFree!: boolean;
  @Field(() => Int) planCount!: number;
}

@ObjectType({ simpleResolvers: true })
export class CatalogContract {
  @Field(() => Int) id!: number;
  @Field(() => String) version!: string;
  @Field(() => ContractType) contractType!: ContractType;
  @Field(() => String, { nullable: true }) termsUrl!: string | null;
  @Field(() => String, { nullable: true, description: 'Full text (Markdown).' }) body!: string | null;
  @Field(() => Date) effectiveFrom!: Date;
}

@ObjectType({
  simpleResolvers: true,
  description: 'One row of the compatibility matrix: a version against each known core of the software.',
})
export class CompatibilityMatrixRow {
  @Field(() => Int) versionId!: number;
  @Field(() => String) version!: string;
  @Field(() => [Boolean], { description: 'One cell per entry of `cores`, in the same order.' }) compatible!: boolean[];
}

@ObjectType({ simpleResolvers: true, description: 'Versions × known core versions of one software.' })
export class CompatibilityMatrix {
  @Field(() => Software) software!: Software;
  @Field(() => [SoftwareCore], { description: 'Public cores of the software, newest first.' }) cores!: SoftwareCore[];
  @Field(() => [CompatibilityMatrixRow], { description: 'Approved versions, newest first.' }) rows!: CompatibilityMatrixRow[];
}

@ObjectType({ simpleResolvers: true, description: "Whether one of the viewer's instances can run this module." })
export class InstanceCompatibilityHint {
  @Field(() => Int) instanceId!: number;
  @Field(() => String) instanceName!: string;
  @Field(() => Environment) environment!: Environment;
  @Field(() => String, { nullable: true }) domain!: string | null;
  @Field(() => Int) organizationId!: number;
  @Field(() => String) organizationName!: string;
  @Field(() => String) softwareName!: string;
  @Field(() => String) coreVersion!: string;
  @Field(() => [String], { description: 'Approved versions that declare this core (newest first).' }) compatibleVersions!: string[];
  @Field(() => String, {
    nullable: true,
    description: 'The newest compatible stable, non-deprecated version (else the newest compatible one).',
  })
  recommendedVersion!: string | null;
  @Field(() => Boolean) isCompatible!: boolean;
}

@ObjectType({
  simpleResolvers: true,
  description: 'A module as the storefront shows it: only approved versions, active plans, the active contract.',
})
export class CatalogModule {
  @Field(() => Int) id!: number;
  @Field(() => String) slug!: string;
  @Field(() => String) name!: string;
  @Field(() => ModuleType) type!: ModuleType;
  @Field(() => String, { nullable: true }) category!: string | null;
  @Field(() => String, { nullable: true }) shortDescription!: string | null;
  @Field(() => String, { nullable: true, description: 'Markdown (render without raw HTML).' }) description!: string | null;
  @Field(() => String, { nullable: true }) iconUrl!: string | null;
  @Field(() => Float, { nullable: true, description: 'Average review rating (1–5), two decimals.' }) ratingAverage!: number | null;
  @Field(() => Int) ratingCount!: number;
  @Field(() => Int, { description: 'Active installs: instances of any organization with the module active.' }) activeInstalls!: number;
  @Field(() => Date, { nullable: true }) publishedAt!: Date | null;
  @Field(() => CatalogVendor) vendor!: CatalogVendor;
  @Field(() => [CatalogVersion], { description: 'Approved versions, newest first (semver order), deprecated ones flagged.' })
  versions!: CatalogVersion[];
  @Field(() => CatalogVersion, { nullable: true, description: 'The latest stable version, else the latest beta.' })
  latestVersion!: CatalogVersion | null;
  @Field(() => CatalogVersion, { nullable: true, description: 'Highest non-deprecated stable version.' })
  latestStableVersion!: CatalogVersion | null;
  @Field(() => CatalogVersion, { nullable: true, description: 'Highest non-deprecated beta version newer than the latest stable one.' })
  latestBetaVersion!: CatalogVersion | null;
  @Field(() => [CatalogPlan], { description: 'Active plans in display order.' }) plans!: CatalogPlan[];
  @Field(() => CatalogPriceSummary) priceSummary!: CatalogPriceSummary;
  @Field(() => CatalogContract, {
    nullable: true,
    description: 'The contract buyers accept at checkout: the active one most recently in effect.',
  })
  contract!: CatalogContract | null;
  @Field(() => [CatalogDependency], { description: 'Dependencies of the latest version.' }) dependencies!: CatalogDependency[];
  @Field(() => [CatalogIntegration], {
    description: 'Integrations declared by approved versions (the newest declaration per integrated module).',
  })
  integrations!: CatalogIntegration[];
}

export const CatalogModuleConnection = ConnectionType(CatalogModule, 'CatalogModule', {
  countCap: 'totalCount is exact up to 1000 matches; beyond that it is 1000 and totalCountIsExact is false ("1000+").',
});

@ObjectType({ simpleResolvers: true, description: 'A category with the number of catalog modules in it.' })
export class CatalogCategory {
  @Field(() => String) name!: string;
  @Field(() => Int) moduleCount!: number;
}

@ObjectType({ simpleResolvers: true, description: 'A vendor with at least one module in the catalog.' })
export class CatalogVendorFacet {
  @Field(() => CatalogVendor) vendor!: CatalogVendor;
  @Field(() => Int) moduleCount!: number;
}
