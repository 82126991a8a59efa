import { Arg, Args, ArgsType, Authorized, Ctx, Field, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/context';
import { PageArgs } from '../../core/pagination';
import {
  ModuleAlertIncidentConnection,
  ModuleAlertRule,
  ModuleAlertRuleCreateInput,
  ModuleAlertRuleDeleteInput,
  ModuleAlertRuleDeletePayload,
  ModuleAlertRulePayload,
  ModuleAlertRuleUpdateInput,
} from './alerts.types';
import * as alerts from './alerts.service';

@ArgsType()
class ModuleAlertIncidentsArgs extends PageArgs {
  @Field(() => Int) moduleId!: number;
}

@Resolver(() => ModuleAlertRule)
export class AlertResolver {
  @Authorized()
  @Query(() => [ModuleAlertRule], { description: "Alert rules of one of the vendor's modules (vendor members only; at most 10)." })
  moduleAlertRules(@Arg('moduleId', () => Int) moduleId: number, @Ctx() ctx: Context) {
    return alerts.moduleAlertRules(ctx, moduleId);
  }

  @Authorized()
  @Query(() => ModuleAlertIncidentConnection, { description: "Incidents of a module's alert rules, newest first (vendor members only)." })
  moduleAlertIncidents(@Args(() => ModuleAlertIncidentsArgs) args: ModuleAlertIncidentsArgs, @Ctx() ctx: Context) {
    return alerts.moduleAlertIncidents(ctx, args);
  }

  @Authorized()
  @Mutation(() => ModuleAlertRulePayload, { description: 'Adds an alert rule to one of your modules.' })
  moduleAlertRuleCreate(@Arg('input', () => ModuleAlertRuleCreateInput) input: ModuleAlertRuleCreateInput, @Ctx() ctx: Context) {
    return alerts.createAlertRule(ctx, input);
  }

  @Authorized()
  @Mutation(() => ModuleAlertRulePayload, { description: "Changes a rule's threshold, or turns it off or on." })
  moduleAlertRuleUpdate(@Arg('input', () => ModuleAlertRuleUpdateInput) input: ModuleAlertRuleUpdateInput, @Ctx() ctx: Context) {
    return alerts.updateAlertRule(ctx, input);
  }

  @Authorized()
  @Mutation(() => ModuleAlertRuleDeletePayload, { description: 'Deletes an alert rule and its incidents.' })
  moduleAlertRuleDelete(@Arg('input', () => ModuleAlertRuleDeleteInput) input: ModuleAlertRuleDeleteInput, @Ctx() ctx: Context) {
    return alerts.deleteAlertRule(ctx, input.id);
  }
}
