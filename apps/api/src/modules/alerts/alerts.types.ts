import { ModuleAlertKind } from '@wk/db';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { ConnectionType } from '../../core/pagination';
import { AlertError } from './alerts.errors';

registerEnumType(ModuleAlertKind, {
  name: 'ModuleAlertKind',
  description: 'error_rate: the daily error rate of a module is above a threshold; new_error: an error fingerprint not seen before.',
});

@ObjectType({ description: "An alert rule on one of the vendor's modules. Each incident notifies the vendor once (in-app and e-mail)." })
export class ModuleAlertRule {
  @Field(() => Int) id!: number;
  @Field(() => Int) moduleId!: number;
  @Field(() => ModuleAlertKind) kind!: ModuleAlertKind;
  @Field(() => String, { nullable: true, description: 'error_rate: fires when errors ÷ API calls of a day is above this percent.' })
  thresholdPercent!: string | null;
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => Boolean, { description: 'error_rate: an incident is open now.' }) firing!: boolean;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType({ description: 'One incident of an alert rule: opened once (one notification), cleared when the condition stops holding.' })
export class ModuleAlertIncident {
  @Field(() => Int) id!: number;
  @Field(() => Int) ruleId!: number;
  @Field(() => ModuleAlertKind) kind!: ModuleAlertKind;
  @Field(() => Date) openedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'error_rate: when the rate went back under the threshold.' }) clearedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'error_rate: the day measured (YYYY-MM-DD, UTC).' }) windowDate!: string | null;
  @Field(() => Int, { nullable: true }) apiCalls!: number | null;
  @Field(() => Int, { nullable: true }) errors!: number | null;
  @Field(() => String, { nullable: true }) errorRatePercent!: string | null;
  @Field(() => String, { nullable: true }) thresholdPercent!: string | null;
  @Field(() => String, { nullable: true, description: 'new_error: the new error.' }) errorType!: string | null;
  @Field(() => String, { nullable: true }) errorMessage!: string | null;
}

@ObjectType('ModuleAlertIncidentConnection')
export class ModuleAlertIncidentConnection extends ConnectionType(ModuleAlertIncident, 'ModuleAlertIncident') {}

@InputType()
export class ModuleAlertRuleCreateInput {
  @Field(() => Int) moduleId!: number;
  @Field(() => ModuleAlertKind) kind!: ModuleAlertKind;
  @Field(() => String, {
    nullable: true,
    description: 'error_rate only: a percent above 0, at most 100, two decimals (e.g. "5" or "2.5").',
  })
  thresholdPercent?: string | null;
}

@InputType()
export class ModuleAlertRuleUpdateInput {
  @Field(() => Int) id!: number;
  @Field(() => String, { nullable: true }) thresholdPercent?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Disabling clears an open incident; enabling starts afresh.' }) enabled?:
    boolean | null;
}

@InputType()
export class ModuleAlertRuleDeleteInput {
  @Field(() => Int) id!: number;
}

@ObjectType()
export class ModuleAlertRulePayload {
  @Field(() => ModuleAlertRule, { nullable: true }) rule!: ModuleAlertRule | null;
  @Field(() => [AlertError]) errors!: UserError[];
}

@ObjectType()
export class ModuleAlertRuleDeletePayload {
  @Field(() => Int, { nullable: true }) deletedId!: number | null;
  @Field(() => [AlertError]) errors!: UserError[];
}
