import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../core/context';
import { UserError } from '../../core/errors';
import { LicenseFileDownload, LicenseFileIssueInput, LicenseFileIssuePayload } from './license-file.types';
import { issueLicenseFile } from './license-file.service';
import { signingKeysOf } from './signing-keys';

@Resolver(() => LicenseFileDownload)
export class LicenseFileResolver {
  @Authorized()
  @Mutation(() => LicenseFileIssuePayload, {
    description: 'A signed offline license file for an active license of your organization (manage_licenses); audited.',
  })
  async licenseFileIssue(@Arg('input') input: LicenseFileIssueInput, @Ctx() ctx: Context): Promise<LicenseFileIssuePayload> {
    const r = await issueLicenseFile(ctx, signingKeysOf(ctx.services), input);
    if (!r.ok) return { licenseFile: null, errors: [new UserError(r.code, r.message, 'licenseId')] };
    return {
      errors: [],
      licenseFile: {
        content: `${JSON.stringify(r.file, null, 2)}\n`,
        fileName: `${r.payload.licenseKey}.license.json`,
        keyId: r.kid,
        issuedAt: new Date(r.payload.issuedAt),
        validUntil: new Date(r.payload.validUntil),
        entitlements: r.payload.entitlements,
        maxInstances: r.payload.maxInstances,
        maxUsers: r.payload.maxUsers,
        encrypted: !!input.encrypt,
      },
    };
  }
}
