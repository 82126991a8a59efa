import { Arg, Args, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/context';
import type { Connection } from '../../core/pagination';
import {
  MyNotificationsArgs,
  Notification,
  NotificationConnection,
  NotificationMarkAllReadPayload,
  NotificationMarkReadInput,
  NotificationMarkReadPayload,
  NotificationPreference,
  NotificationPreferencePayload,
  NotificationPreferenceUpdateInput,
} from './notification.types';
import * as notifications from './notification.service';

@Resolver(() => Notification)
export class NotificationResolver {
  @Authorized()
  @Query(() => NotificationConnection, { description: "The signed-in user's notifications and their organizations' ones, newest first." })
  myNotifications(@Args(() => MyNotificationsArgs) args: MyNotificationsArgs, @Ctx() ctx: Context): Promise<Connection<Notification>> {
    return notifications.myNotifications(ctx, args) as Promise<Connection<Notification>>;
  }

  @Authorized()
  @Query(() => Int, { description: 'Unread notifications (the header bell).' })
  myUnreadNotificationCount(@Ctx() ctx: Context): Promise<number> {
    return notifications.unreadNotificationCount(ctx);
  }

  @Authorized()
  @Query(() => [NotificationPreference], { description: 'Channels per notification type for the signed-in user (defaults filled in).' })
  notificationPreferences(@Ctx() ctx: Context): Promise<NotificationPreference[]> {
    return notifications.myNotificationPreferences(ctx);
  }

  @Authorized()
  @Mutation(() => NotificationMarkReadPayload)
  async notificationMarkRead(
    @Arg('input', () => NotificationMarkReadInput) input: NotificationMarkReadInput,
    @Ctx() ctx: Context,
  ): Promise<NotificationMarkReadPayload> {
    const n = await notifications.markNotificationRead(ctx, input.id);
    return { notification: n as Notification, unreadCount: await notifications.unreadNotificationCount(ctx) };
  }

  @Authorized()
  @Mutation(() => NotificationMarkAllReadPayload)
  async notificationMarkAllRead(@Ctx() ctx: Context): Promise<NotificationMarkAllReadPayload> {
    const count = await notifications.markAllNotificationsRead(ctx);
    return { count, unreadCount: await notifications.unreadNotificationCount(ctx) };
  }

  @Authorized()
  @Mutation(() => NotificationPreferencePayload, {
    description: 'Choose the channels of one notification type (unspecified channels unchanged).',
  })
  async notificationPreferenceUpdate(
    @Arg('input', () => NotificationPreferenceUpdateInput) input: NotificationPreferenceUpdateInput,
    @Ctx() ctx: Context,
  ): Promise<NotificationPreferencePayload> {
    return { preference: await notifications.updateNotificationPreference(ctx, input), errors: [] };
  }
}
