import { Args, ArgsType, Authorized, Ctx, Field, FieldResolver, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { MaxLength } from 'class-validator';
import type { Context } from '../../core/context';
import { isPlatformAdmin } from '../../core/access';
import { ConnectionType, PageArgs } from '../../core/pagination';
import * as auditLog from './audit-log.service';
import { AuditLogEntryFields } from './audit.types';

@ObjectType({
  description: 'Who did something in an organization. The e-mail is shown when the person is a member (or to platform admins).',
})
export class OrgAuditActor {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
}

@ObjectType({ description: "One row of an organization's audit log." })
export class OrgAuditLogEntry extends AuditLogEntryFields {}

@InputType({ description: 'The admin audit filters, without the organization (fixed).' })
export class OrgAuditLogFilter {
  @Field(() => Int, { nullable: true }) userId?: number | null;
  @Field(() => String, { nullable: true, description: "The acting user's e-mail (exact, case-insensitive)." })
  @MaxLength(254)
  userEmail?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(60) action?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(60) entityType?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(60) entityId?: string | null;
  @Field(() => Date, { nullable: true, description: 'Inclusive.' }) from?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Exclusive.' }) to?: Date | null;
}

@ArgsType()
export class OrgAuditLogArgs extends PageArgs {
  @Field(() => Int) orgId!: number;
  @Field(() => OrgAuditLogFilter, { nullable: true }) filter?: OrgAuditLogFilter | null;
}

@ObjectType()
export class OrgAuditFacets {
  @Field(() => [String]) actions!: string[];
  @Field(() => [String]) entityTypes!: string[];
}

@ArgsType()
export class OrgAuditFacetsArgs {
  @Field(() => Int) orgId!: number;
}

export const OrgAuditLogConnection = ConnectionType(OrgAuditLogEntry, 'OrgAuditLog');

@Resolver(() => OrgAuditLogEntry)
export class OrgAuditLogResolver {
  @Authorized()
  @Query(() => OrgAuditLogConnection, {
    description: "An organization's audit log, newest first (its admins, and platform admins). Other orgs' rows never appear.",
  })
  orgAuditLog(@Args(() => OrgAuditLogArgs) args: OrgAuditLogArgs, @Ctx() ctx: Context) {
    return auditLog.searchOrgAuditLog(ctx, args.orgId, args);
  }

  @Authorized()
  @Query(() => OrgAuditFacets, { description: "The action and entity types present in an organization's audit log (its admins)." })
  orgAuditFacets(@Args(() => OrgAuditFacetsArgs) args: OrgAuditFacetsArgs, @Ctx() ctx: Context) {
    return auditLog.orgAuditFacets(ctx, args.orgId);
  }

  @FieldResolver(() => OrgAuditActor, { nullable: true })
  async user(@Root() e: OrgAuditLogEntry, @Ctx() ctx: Context): Promise<OrgAuditActor | null> {
    if (!e.userId) return null;
    const u = await ctx.loaders.user.load(e.userId);
    if (!u) return null;
    const members = e.orgId ? await ctx.loaders.membershipsByUser.load(u.id) : [];
    const visible = isPlatformAdmin(ctx) || members.some((m) => m.orgId === e.orgId);
    return { id: u.id, name: u.name, email: visible ? u.email : null };
  }
}
