import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { UserError } from '../../core/errors';
import { AdminError } from '../admin';
import { ConnectionType, PageArgs } from '../../core/pagination';

// ───────────────────────────────────────────── tax rules

@ObjectType()
export class AdminTaxRule {
  @Field(() => Int) id!: number;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2.' }) countryCode!: string;
  @Field(() => String, { nullable: true, description: 'Region (state/province); null: the whole country.' }) region!: string | null;
  @Field(() => String) taxName!: string;
  taxRate!: { toString(): string };
  @Field(() => Boolean) isActive!: boolean;
  @Field(() => Date) effectiveFrom!: Date;
  @Field(() => Date, { nullable: true, description: 'Exclusive end; null: open-ended.' }) effectiveTo!: Date | null;
}

@InputType()
export class AdminTaxRulesFilter {
  @Field(() => String, { nullable: true }) @MaxLength(10) countryCode?: string | null;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean | null;
}

@ArgsType()
export class AdminTaxRulesArgs extends PageArgs {
  @Field(() => AdminTaxRulesFilter, { nullable: true }) filter?: AdminTaxRulesFilter | null;
}

@InputType()
export class TaxRuleCreateInput {
  @Field(() => String) @MaxLength(10) countryCode!: string;
  @Field(() => String, { nullable: true }) @MaxLength(20) region?: string | null;
  @Field(() => String) @MaxLength(60) taxName!: string;
  @Field(() => String, { description: 'Fraction between 0 and 1, e.g. "0.20".' }) @MaxLength(20) taxRate!: string;
  @Field(() => Boolean, { defaultValue: true }) isActive!: boolean;
  @Field(() => Date) effectiveFrom!: Date;
  @Field(() => Date, { nullable: true }) effectiveTo?: Date | null;
}

@InputType()
export class TaxRuleUpdateInput {
  @Field(() => Int) taxRuleId!: number;
  @Field(() => String, { nullable: true }) @MaxLength(10) countryCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Empty string: the whole country.' }) @MaxLength(20) region?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(60) taxName?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(20) taxRate?: string | null;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean | null;
  @Field(() => Date, { nullable: true }) effectiveFrom?: Date | null;
  @Field(() => Date, { nullable: true }) effectiveTo?: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'Set to make the rule open-ended (clears effectiveTo).' }) clearEffectiveTo?:
    boolean | null;
}

@InputType()
export class TaxRuleIdInput {
  @Field(() => Int) taxRuleId!: number;
}

@ObjectType()
export class AdminTaxRulePayload {
  @Field(() => AdminTaxRule, { nullable: true }) taxRule!: AdminTaxRule | null;
  @Field(() => [AdminError]) errors!: UserError[];
}

@ObjectType()
export class TaxRuleDeletePayload {
  @Field(() => Int, { nullable: true }) deletedTaxRuleId!: number | null;
  @Field(() => [AdminError]) errors!: UserError[];
}

export const AdminTaxRuleConnection = ConnectionType(AdminTaxRule, 'AdminTaxRule');
