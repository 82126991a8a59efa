/**
 * Detached artifact signatures, made once and stored with the version: at approval (in the
 * approval's transaction), for versions approved before signing existed by the
 * `artifact-signing-backfill` job, and — should a download reach a version the backfill has not
 * signed yet — at that download. Each is signed with the active key and keeps its key id, so a
 * rotation never changes a stored signature: the retired key stays in the published key set and
 * still verifies it. Imported seed history without a SHA-256 (32-hex hashes) cannot be signed.
 */
import { ARTIFACT_SIGNATURE_FORMAT, signArtifact, type ArtifactSignature } from '@wk/verify';
import type { Prisma } from '@wk/db';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import type { SigningKeyRing } from './signing-keys';

type Tx = Prisma.TransactionClient;

const SHA256 = /^[0-9a-f]{64}$/i;

/** The versions a signature is stored for: approved ones (beta, stable) and withdrawn ones (approved before). */
export const SIGNED_STATUSES = ['beta', 'stable', 'withdrawn'] as const;

export function isSignableHash(hash: string | null | undefined): hash is string {
  return !!hash && SHA256.test(hash);
}

/** The stored signature as the document verifiers read (null when the version has none yet). */
export function storedArtifactSignature(v: {
  slug: string;
  version: string;
  hash: string | null;
  artifactSignature: string | null;
  signatureKeyId: string | null;
}): ArtifactSignature | null {
  if (!v.artifactSignature || !v.signatureKeyId || !isSignableHash(v.hash)) return null;
  return {
    format: ARTIFACT_SIGNATURE_FORMAT,
    kid: v.signatureKeyId,
    module: v.slug,
    version: v.version,
    sha256: v.hash.toLowerCase(),
    signature: v.artifactSignature,
  };
}

/**
 * Signs a version's artifact and stores the signature, in the caller's transaction, unless one is
 * stored already (idempotent: `WHERE artifact_signature IS NULL`). Writes an audit row when it signs.
 * Returns the stored signature (and whether this call made it), or null when the version has no SHA-256.
 */
export async function signVersionArtifact(
  tx: Tx,
  ctx: Context,
  ring: SigningKeyRing,
  versionId: number,
  via: 'approval' | 'backfill' | 'download',
): Promise<{ signature: ArtifactSignature; signedNow: boolean } | null> {
  const v = await tx.moduleVersion.findUnique({
    where: { id: versionId },
    include: { module: { select: { slug: true, vendor: { select: { orgId: true } } } } },
  });
  if (!v || !isSignableHash(v.hash)) return null;
  const existing = storedArtifactSignature({ ...v, slug: v.module.slug });
  if (existing) return { signature: existing, signedNow: false };
  const now = ctx.clock.now();
  const sig = signArtifact({ module: v.module.slug, version: v.version, sha256: v.hash }, ring.active);
  const { count } = await tx.moduleVersion.updateMany({
    where: { id: v.id, artifactSignature: null },
    data: { artifactSignature: sig.signature, signatureKeyId: sig.kid, signedAt: now },
  });
  if (count === 1) {
    await audit(tx, ctx, {
      action: 'artifact_signed',
      entityType: 'module_version',
      entityId: v.id,
      orgId: v.module.vendor.orgId,
      newValue: { kid: sig.kid, sha256: sig.sha256, module: sig.module, version: sig.version, via },
    });
    return { signature: sig, signedNow: true };
  }
  // Signed meanwhile by another transaction: return what it stored.
  const fresh = await tx.moduleVersion.findUniqueOrThrow({ where: { id: v.id } });
  const stored = storedArtifactSignature({ ...fresh, slug: v.module.slug });
  return stored ? { signature: stored, signedNow: false } : null;
}

/**
 * The backfill ("migration job"): signs every approved or withdrawn version with a SHA-256 and no
 * stored signature, one transaction per version. Idempotent; safe with two workers (the
 * conditional update signs each version once).
 */
export async function backfillArtifactSignatures(ctx: Context, ring: SigningKeyRing): Promise<{ checked: number; signed: number }> {
  const pending = await ctx.prisma.moduleVersion.findMany({
    where: { status: { in: [...SIGNED_STATUSES] }, artifactSignature: null, hash: { not: null } },
    select: { id: true, hash: true },
    orderBy: { id: 'asc' },
  });
  const signable = pending.filter((x) => isSignableHash(x.hash));
  let signed = 0;
  for (const p of signable) {
    const r = await ctx.prisma.$transaction((tx) => signVersionArtifact(tx, ctx, ring, p.id, 'backfill'));
    if (r?.signedNow) signed++;
  }
  return { checked: signable.length, signed };
}
