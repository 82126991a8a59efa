import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { JSONScalar } from '../../core/scalars';

// ───────────────────────────────────────────── audit log

@ObjectType()
export class AuditActor {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
  @Field(() => String) email!: string;
}

@ObjectType()
export class AuditOrganization {
  @Field(() => Int) id!: number;
  @Field(() => String) name!: string;
}

/**
 * The columns of one audit log row, as both audit logs show them (platform-wide: AdminAuditLogEntry; per
 * organization: OrgAuditLogEntry), each of which extends it and adds its own `user` (and `organization`) field
 * resolvers. type-graphql 2 inherits fields only from a registered type, hence @ObjectType here; no field returns
 * this class, so it never appears in the schema (the SDL is the same as with the fields written twice).
 */
@ObjectType('AuditLogEntryFields')
export abstract class AuditLogEntryFields {
  @Field(() => Int) id!: number;
  userId!: number | null;
  orgId!: number | null;
  @Field(() => String) actionType!: string;
  @Field(() => String) entityType!: string;
  @Field(() => String, { nullable: true }) entityId!: string | null;
  @Field(() => JSONScalar, { nullable: true }) oldValue!: unknown;
  @Field(() => JSONScalar, { nullable: true }) newValue!: unknown;
  @Field(() => String, { nullable: true }) ipAddress!: string | null;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
  @Field(() => Date) performedAt!: Date;
}

@ObjectType({ description: 'One audit log row: who did what to which entity, with the values before and after.' })
export class AdminAuditLogEntry extends AuditLogEntryFields {}

@InputType()
export class AdminAuditLogFilter {
  @Field(() => Int, { nullable: true }) userId?: number | null;
  @Field(() => String, { nullable: true, description: "The acting user's e-mail (exact, case-insensitive)." }) @MaxLength(254) userEmail?:
    string | null;
  @Field(() => Int, { nullable: true }) orgId?: number | null;
  @Field(() => String, { nullable: true, description: 'e.g. create, update, approve.' }) @MaxLength(60) action?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. module_version, vendor, coupon.' }) @MaxLength(60) entityType?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(60) entityId?: string | null;
  @Field(() => Date, { nullable: true, description: 'Inclusive.' }) from?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Exclusive.' }) to?: Date | null;
}

@ArgsType()
export class AdminAuditLogArgs extends PageArgs {
  @Field(() => AdminAuditLogFilter, { nullable: true }) filter?: AdminAuditLogFilter | null;
}

export const AdminAuditLogConnection = ConnectionType(AdminAuditLogEntry, 'AdminAuditLog');
