/**
 * Signed offline license files (for instances that cannot reach the marketplace) and detached
 * artifact signatures. The formats are @wk/verify's; this module fills them from the database and
 * signs with the platform's active key. Every license file issued writes an audit row.
 */
import { encryptLicenseFile, signLicense, type EncryptedLicenseFile, type LicenseFile, type LicensePayload } from '@wk/verify';
import { planEntitlements } from '@wk/domain';
import type { PrismaClient } from '@wk/db';
import { audit } from '../../core/audit';
import type { Context } from '../../core/context';
import { notFound } from '../../core/errors';
import { requireOrgPermission, requireUser } from '../../core/access';
import type { SigningKeyRing } from './signing-keys';
import type { LicenseFileErrorCode } from './license-file.errors';

const DAY_MS = 86_400_000;

export type LicenseFileResult =
  | { ok: true; file: LicenseFile | EncryptedLicenseFile; payload: LicensePayload; kid: string }
  | { ok: false; code: keyof typeof LicenseFileErrorCode; message: string };

type Db = Pick<PrismaClient, 'license'>;

async function loadLicense(db: Db, where: { id: number } | { licenseKey: string }) {
  return db.license.findUnique({ where, include: { org: true, module: true, pricingPlan: true } });
}
type LoadedLicense = NonNullable<Awaited<ReturnType<typeof loadLicense>>>;

/** What a license file says: valid until the earlier of the license's end and the time to live. */
export function licensePayload(license: LoadedLicense, now: Date, ttlDays: number): LicensePayload {
  const ttlEnd = new Date(now.getTime() + ttlDays * DAY_MS);
  const validUntil = license.expiresAt && license.expiresAt < ttlEnd ? license.expiresAt : ttlEnd;
  const plan = license.pricingPlan;
  return {
    licenseKey: license.licenseKey,
    organization: { id: license.org.id, name: license.org.name },
    module: { slug: license.module.slug, name: license.module.name },
    plan: plan ? { id: plan.id, name: plan.name, type: plan.planType } : { id: 0, name: 'none', type: 'none' },
    entitlements: planEntitlements(plan),
    maxInstances: plan?.maxInstances ?? null,
    maxUsers: plan?.maxUsers ?? null,
    licenseExpiresAt: license.expiresAt?.toISOString() ?? null,
    issuedAt: now.toISOString(),
    validUntil: validUntil.toISOString(),
  };
}

function sign(license: LoadedLicense, ring: SigningKeyRing, now: Date, ttlDays: number, encrypt: boolean): LicenseFileResult {
  if (license.status !== 'active' || (license.expiresAt && license.expiresAt <= now)) {
    return { ok: false, code: 'LICENSE_NOT_ACTIVE', message: 'Only an active, unexpired license gets a license file.' };
  }
  const payload = licensePayload(license, now, ttlDays);
  const signed = signLicense(payload, ring.active);
  return { ok: true, file: encrypt ? encryptLicenseFile(signed, license.licenseKey) : signed, payload, kid: ring.active.kid };
}

/** An org admin's download (manage_licenses). Another org's license does not exist for the caller. */
export async function issueLicenseFile(
  ctx: Context,
  ring: SigningKeyRing,
  input: { licenseId: number; encrypt?: boolean | null },
): Promise<LicenseFileResult> {
  requireUser(ctx);
  const license = await loadLicense(ctx.prisma, { id: input.licenseId });
  if (!license) throw notFound('License');
  await requireOrgPermission(ctx, license.orgId, 'manage_licenses', 'License');
  return signAudited(ctx, ring, license, !!input.encrypt, { via: 'web' });
}

/** Signs a license file and records who had it issued, and through what (the web or an instance). */
async function signAudited(
  ctx: Context,
  ring: SigningKeyRing,
  license: NonNullable<Awaited<ReturnType<typeof loadLicense>>>,
  encrypt: boolean,
  through: { via: 'web' } | { via: 'instance'; instanceId: number },
): Promise<LicenseFileResult> {
  const r = sign(license, ring, ctx.clock.now(), license.pricingPlan?.licenseFileTtlDays ?? ctx.config.licenseFileTtlDays, encrypt);
  if (r.ok) {
    await ctx.prisma.$transaction((tx) =>
      audit(tx, ctx, {
        action: 'license.file_issued',
        entityType: 'license',
        entityId: license.id,
        orgId: license.orgId,
        newValue: { kid: r.kid, validUntil: r.payload.validUntil, encrypted: encrypt, ...through },
      }),
    );
  }
  return r;
}

/** An instance's fetch through the instance API: only licenses of the instance's own org. */
export async function issueLicenseFileForInstance(
  ctx: Context,
  ring: SigningKeyRing,
  instance: { instanceId: number; orgId: number },
  licenseKey: string,
  encrypt: boolean,
): Promise<LicenseFileResult | null> {
  const license = await loadLicense(ctx.prisma, { licenseKey });
  if (!license || license.orgId !== instance.orgId) return null;
  return signAudited(ctx, ring, license, encrypt, { via: 'instance', instanceId: instance.instanceId });
}
