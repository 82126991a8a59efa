import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { NotificationType } from '@wk/db';
import { ConnectionType, PageArgs } from '../../core/pagination';
import { UserError } from '../../core/errors';
import { NotificationError } from './notification.errors';
import { registerEnumOnce } from '../../core/register-enum';

registerEnumOnce(NotificationType, { name: 'NotificationType' });

@ObjectType({ description: 'An in-app notification, to the signed-in user or to one of their organizations.' })
export class Notification {
  @Field(() => Int) id!: number;
  @Field(() => NotificationType, { name: 'type' }) type!: NotificationType;
  @Field(() => String) title!: string;
  @Field(() => String) message!: string;
  @Field(() => String, { description: 'user | organization' }) recipientType!: string;
  @Field(() => Int, { nullable: true, description: 'The organization, for org-wide notifications.' }) recipientOrgId!: number | null;
  @Field(() => String, { nullable: true, description: 'license | module | module_version | payout | …' }) relatedEntityType!: string | null;
  @Field(() => Int, { nullable: true }) relatedEntityId!: number | null;
  @Field(() => Boolean) isRead!: boolean;
  @Field(() => Date) sentAt!: Date;
  @Field(() => Date, { nullable: true }) readAt!: Date | null;
}

export const NotificationConnection = ConnectionType(Notification, 'Notification');

@ArgsType()
export class MyNotificationsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false }) unreadOnly?: boolean | null;
}

@ObjectType({ description: 'Channels chosen for one notification type. SMS is stored but no SMS transport exists yet.' })
export class NotificationPreference {
  @Field(() => NotificationType) notificationType!: NotificationType;
  @Field(() => Boolean) emailEnabled!: boolean;
  @Field(() => Boolean) inAppEnabled!: boolean;
  @Field(() => Boolean, { description: 'Stored only: no SMS is sent (no SMS transport).' }) smsEnabled!: boolean;
  @Field(() => Boolean, { description: 'False when the defaults apply (e-mail and in-app on, SMS off).' }) customized!: boolean;
}

@InputType()
export class NotificationPreferenceUpdateInput {
  @Field(() => NotificationType) notificationType!: NotificationType;
  @Field(() => Boolean, { nullable: true }) @IsOptional() emailEnabled?: boolean | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() inAppEnabled?: boolean | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() smsEnabled?: boolean | null;
}

@ObjectType()
export class NotificationPreferencePayload {
  @Field(() => NotificationPreference, { nullable: true }) preference!: NotificationPreference | null;
  @Field(() => [NotificationError], { description: 'Always empty today: every combination of channels is valid.' }) errors!: UserError[];
}

@InputType()
export class NotificationMarkReadInput {
  @Field(() => Int) id!: number;
}

@ObjectType()
export class NotificationMarkReadPayload {
  @Field(() => Notification, { nullable: true }) notification!: Notification | null;
  @Field(() => Int, { description: 'Unread notifications left.' }) unreadCount!: number;
}

@ObjectType()
export class NotificationMarkAllReadPayload {
  @Field(() => Int, { description: 'How many were marked read.' }) count!: number;
  @Field(() => Int) unreadCount!: number;
}
