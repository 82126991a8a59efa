import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { Public } from '../../core/auth-checker';
import { Software, SoftwareCore } from './software.types';
import * as softwares from './software.service';

@Resolver(() => Software)
export class SoftwareResolver {
  @Public()
  @Query(() => [Software], { description: 'Active softwares, with their public core versions (for the compatibility filter).' })
  softwares(@Ctx() ctx: Context) {
    return softwares.listPublicSoftwares(ctx);
  }

  @FieldResolver(() => [SoftwareCore], { description: 'Registered core versions that are not rejected, newest first (semver order).' })
  cores(@Root() s: Software, @Ctx() ctx: Context) {
    return softwares.publicCores(ctx, s.id);
  }
}
