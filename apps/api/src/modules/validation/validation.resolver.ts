import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { Role } from '../../core/auth-checker';
import { isPlatformAdmin } from '../../core/access';
import { toPayload } from '../publishing';
import { ModuleSubmission, ModuleSubmissionConnection } from '../publishing';
import { publishingLoaders } from '../publishing';
import { Vendor } from '../vendors';
import {
  AdminValidationQueueArgs,
  SubmissionDiff,
  ValidationApproveInput,
  ValidationPayload,
  ValidationRecordChecksInput,
  ValidationRejectInput,
} from './validation.types';
import * as validation from './validation.service';
import { artifactDownloadPath } from './artifact-download.routes';

@Resolver(() => ModuleSubmission)
export class ValidationResolver {
  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => ModuleSubmissionConnection, {
    description: 'Submitted versions for review, oldest first; filters by vendor, module and status (platform admins).',
  })
  adminValidationQueue(@Args(() => AdminValidationQueueArgs) args: AdminValidationQueueArgs, @Ctx() ctx: Context) {
    return validation.queue(ctx, args);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => ModuleSubmission, { description: 'One submission (platform admins).' })
  adminSubmission(@Arg('id', () => Int) id: number, @Ctx() ctx: Context) {
    return validation.submission(ctx, id);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => ValidationPayload, {
    description: 'Record the security scan, code review and performance test results with notes (any subset).',
  })
  validationRecordChecks(
    @Arg('input', () => ValidationRecordChecksInput) input: ValidationRecordChecksInput,
    @Ctx() ctx: Context,
  ): Promise<ValidationPayload> {
    return toPayload(async () => ({ submission: await validation.recordChecks(ctx, input) }), { submission: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => ValidationPayload, {
    description: 'Approve a submission whose three checks passed: the version goes live on its channel.',
  })
  validationApprove(
    @Arg('input', () => ValidationApproveInput) input: ValidationApproveInput,
    @Ctx() ctx: Context,
  ): Promise<ValidationPayload> {
    return toPayload(async () => ({ submission: await validation.approve(ctx, input) }), { submission: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => ValidationPayload, { description: 'Reject a submission with notes for the vendor.' })
  validationReject(
    @Arg('input', () => ValidationRejectInput) input: ValidationRejectInput,
    @Ctx() ctx: Context,
  ): Promise<ValidationPayload> {
    return toPayload(async () => ({ submission: await validation.reject(ctx, input) }), { submission: null });
  }

  @FieldResolver(() => SubmissionDiff, {
    description: 'Declared compatibility and dependencies compared with the previous approved version.',
  })
  diff(@Root() s: ModuleSubmission, @Ctx() ctx: Context) {
    return validation.diff(ctx, s);
  }

  @FieldResolver(() => Vendor)
  async vendor(@Root() s: ModuleSubmission, @Ctx() ctx: Context) {
    const v = await publishingLoaders(ctx).version.load(s.versionId);
    const m = await publishingLoaders(ctx).module.load(v!.moduleId);
    return ctx.loaders.vendor.load(m!.vendorId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Admin-only download of the submitted artifact (null for others or when no artifact is stored).',
  })
  async artifactDownloadUrl(@Root() s: ModuleSubmission, @Ctx() ctx: Context) {
    if (!isPlatformAdmin(ctx)) return null;
    const v = await publishingLoaders(ctx).version.load(s.versionId);
    return v?.artifactKey && /^[a-f0-9]{64}$/.test(v.hash ?? '') ? artifactDownloadPath(v.id) : null;
  }
}
