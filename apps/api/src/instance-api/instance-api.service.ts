import type { PrismaClient, RawDb } from '@wk/db';
import { activeUsersSql } from '../modules/licenses';
import { exceedsUserLimit, planEntitlements, isLicenseKeyFormat, isLicenseUsableAt } from '@wk/domain';
import type { AuthenticatedInstance } from '../modules/instances';
import { asSentence } from '../modules/version-checks';

/** What GET /licenses/:key/validate answers. */
export interface LicenseValidation {
  key: string;
  valid: boolean;
  /**
   * Why not valid: NOT_ACTIVE (pending/suspended/revoked/expired status), EXPIRED (past its end) or
   * USER_LIMIT_EXCEEDED (the plan's max_users is below the active users the org's instances report) or
   * WITHDRAWN (the version active on this instance was withdrawn by the platform; see `withdrawn`).
   */
  reason: 'NOT_ACTIVE' | 'EXPIRED' | 'USER_LIMIT_EXCEEDED' | 'WITHDRAWN' | null;
  /** Active users reported for this license (see README "User limits") and the plan's limit. */
  users: { active: number; max: number | null };
  /** The version active here, when the platform withdrew it. */
  withdrawn: { version: string; reason: string | null; withdrawnAt: string | null } | null;
  status: string;
  startsAt: string;
  expiresAt: string | null;
  module: { id: number; slug: string; name: string };
  activeOnThisInstance: boolean;
  /**
   * The permissions an org admin consented to for the version active on this instance (its manifest's
   * permissions that the consent in force covers); empty when the module is not active here, asks for
   * none, or was activated before consent existed.
   */
  permissions: string[];
  /** When the consent in force was given (null: none). */
  permissionsConsentedAt: string | null;
  entitlements: {
    plan: string | null;
    planType: string | null;
    features: unknown;
    codes: string[];
    maxUsers: number | null;
    maxInstances: number | null;
  };
}

type Row = {
  license_key: string;
  status: string;
  starts_at: Date;
  expires_at: Date | null;
  module_id: number;
  slug: string;
  name: string;
  plan_name: string | null;
  plan_type: string | null;
  features: unknown;
  entitlement_codes: unknown;
  max_users: number | null;
  max_instances: number | null;
  active_here: boolean;
  active_users: number;
  withdrawn_version: string | null;
  withdrawn_reason: string | null;
  withdrawn_at: Date | null;
  version_permissions: string[] | null;
  consented_permissions: string[] | null;
  consented_at: Date | null;
};

/**
 * The fast path: ONE statement, an index lookup on the unique license key restricted to the
 * instance's organization (another org's key is simply not found), joined with the module and the
 * plan, plus an index probe of this instance's activations.
 */
export async function validateLicense(
  prisma: Pick<RawDb, '$queryRaw'>,
  who: AuthenticatedInstance,
  key: string,
  now: Date,
): Promise<LicenseValidation | null> {
  if (!isLicenseKeyFormat(key)) return null;
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT l.license_key, l.status::text AS status, l.starts_at, l.expires_at, m.id AS module_id, m.slug, m.name,
      p.name AS plan_name, p.plan_type::text AS plan_type, p.features_json AS features, p.entitlement_codes, p.max_users, p.max_instances,
      EXISTS (SELECT 1 FROM instance_modules im WHERE im.instance_id = ${who.instanceId} AND im.module_license_id = l.id AND im.is_active) AS active_here,
      ${activeUsersSql(now)} AS active_users,
      wv.version AS withdrawn_version, wv.withdrawn_reason, wv.withdrawn_at,
      pc.version_permissions, pc.consented_permissions, pc.consented_at
    FROM module_licenses l
    LEFT JOIN LATERAL (
      SELECT mv.permissions AS version_permissions, c.permissions AS consented_permissions, c.consented_at
      FROM instance_modules im
      JOIN module_versions mv ON mv.id = im.module_version_id
      JOIN LATERAL (
        SELECT permissions, consented_at FROM permission_consents
        WHERE instance_id = im.instance_id AND module_id = im.module_id AND revoked_at IS NULL
        ORDER BY consented_at DESC, id DESC LIMIT 1
      ) c ON true
      WHERE im.instance_id = ${who.instanceId} AND im.module_license_id = l.id AND im.is_active LIMIT 1
    ) pc ON true
    LEFT JOIN LATERAL (
      SELECT mv.version, mv.withdrawn_reason, mv.withdrawn_at FROM instance_modules im
      JOIN module_versions mv ON mv.id = im.module_version_id AND mv.status = 'withdrawn'
      WHERE im.instance_id = ${who.instanceId} AND im.module_license_id = l.id AND im.is_active LIMIT 1
    ) wv ON true
    JOIN modules m ON m.id = l.module_id
    LEFT JOIN module_pricing_plans p ON p.id = l.pricing_plan_id
    WHERE l.license_key = ${key} AND l.org_id = ${who.orgId}`;
  const r = rows[0];
  if (!r) return null;
  const usable = isLicenseUsableAt({ status: r.status as 'active', expiresAt: r.expires_at }, now);
  const overUsers = exceedsUserLimit(r.max_users, Number(r.active_users));
  const withdrawn = r.withdrawn_version
    ? { version: r.withdrawn_version, reason: r.withdrawn_reason, withdrawnAt: r.withdrawn_at?.toISOString() ?? null }
    : null;
  return {
    key: r.license_key,
    valid: usable && !overUsers && !withdrawn,
    users: { active: Number(r.active_users), max: r.max_users },
    reason: !usable
      ? r.status !== 'active'
        ? 'NOT_ACTIVE'
        : 'EXPIRED'
      : overUsers
        ? 'USER_LIMIT_EXCEEDED'
        : withdrawn
          ? 'WITHDRAWN'
          : null,
    withdrawn,
    status: r.status,
    startsAt: r.starts_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    module: { id: r.module_id, slug: r.slug, name: r.name },
    activeOnThisInstance: r.active_here,
    permissions: (r.version_permissions ?? []).filter((p) => (r.consented_permissions ?? []).includes(p)),
    permissionsConsentedAt: r.consented_at?.toISOString() ?? null,
    entitlements: {
      plan: r.plan_name,
      planType: r.plan_type,
      features: r.features ?? {},
      /** The plan's entitlement codes (the vendor's own, or derived from its features), as in signed license files. */
      codes: planEntitlements({ features: r.features, entitlementCodes: r.entitlement_codes }),
      maxUsers: r.max_users,
      maxInstances: r.max_instances,
    },
  };
}

export type ArtifactDecision =
  | {
      ok: true;
      versionId: number;
      key: string;
      sha256: string | null;
      filename: string;
      slug: string;
      version: string;
      artifactSignature: string | null;
      signatureKeyId: string | null;
    }
  | { ok: false; status: 403 | 404 | 410; code: string; message: string };

/**
 * An artifact may be downloaded when the version is approved (beta/stable), has a stored artifact,
 * and the instance's organization holds an active, unexpired license for the module.
 */
export async function artifactFor(
  prisma: PrismaClient,
  who: AuthenticatedInstance,
  versionId: number,
  now: Date,
): Promise<ArtifactDecision> {
  const v = await prisma.moduleVersion.findUnique({ where: { id: versionId }, include: { module: { select: { slug: true } } } });
  if (v?.status === 'withdrawn') {
    const licensed = await prisma.license.count({ where: { orgId: who.orgId, moduleId: v.moduleId } });
    if (licensed)
      return {
        ok: false,
        status: 410,
        code: 'VERSION_WITHDRAWN',
        // One full stop after the reason, whether or not the admin ended it with one.
        message: `This version was withdrawn by the platform${v.withdrawnReason ? `: ${asSentence(v.withdrawnReason)}` : '.'} Install another version.`,
      };
  }
  if (!v || (v.status !== 'beta' && v.status !== 'stable'))
    return { ok: false, status: 404, code: 'VERSION_NOT_FOUND', message: 'No approved module version with this id.' };
  const licenses = await prisma.license.findMany({
    where: { orgId: who.orgId, moduleId: v.moduleId, status: 'active' },
    select: { status: true, expiresAt: true },
  });
  if (!licenses.some((l) => isLicenseUsableAt(l, now))) {
    return { ok: false, status: 403, code: 'LICENSE_REQUIRED', message: 'Your organization holds no active license for this module.' };
  }
  if (!v.artifactKey) return { ok: false, status: 404, code: 'ARTIFACT_NOT_FOUND', message: 'This version has no artifact.' };
  return {
    ok: true,
    versionId: v.id,
    artifactSignature: v.artifactSignature,
    signatureKeyId: v.signatureKeyId,
    key: v.artifactKey,
    sha256: v.hash,
    filename: `${v.module.slug}-${v.version}.zip`,
    slug: v.module.slug,
    version: v.version,
  };
}
