import { Args, Authorized, Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { Role } from '../../core/auth-checker';
import { AdminAuditLogArgs, AdminAuditLogConnection, AdminAuditLogEntry, AuditActor, AuditOrganization } from './audit.types';
import * as auditLog from './audit-log.service';

@ObjectType()
export class AuditFacets {
  @Field(() => [String]) actions!: string[];
  @Field(() => [String]) entityTypes!: string[];
}

@Resolver(() => AdminAuditLogEntry)
export class AdminAuditLogResolver {
  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => AdminAuditLogConnection, { description: 'Search the audit log, newest first (platform admins).' })
  adminAuditLog(@Args(() => AdminAuditLogArgs) args: AdminAuditLogArgs, @Ctx() ctx: Context) {
    return auditLog.searchAuditLog(ctx, args);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => AuditFacets, { description: 'The action and entity types present in the audit log.' })
  adminAuditFacets(@Ctx() ctx: Context) {
    return auditLog.auditFacets(ctx);
  }

  @FieldResolver(() => AuditActor, { nullable: true })
  async user(@Root() e: AdminAuditLogEntry, @Ctx() ctx: Context) {
    return e.userId ? ctx.loaders.user.load(e.userId) : null;
  }

  @FieldResolver(() => AuditOrganization, { nullable: true })
  async organization(@Root() e: AdminAuditLogEntry, @Ctx() ctx: Context) {
    return e.orgId ? ctx.loaders.organization.load(e.orgId) : null;
  }
}
