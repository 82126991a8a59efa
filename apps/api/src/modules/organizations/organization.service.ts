/**
 * Organizations and their teams: creation and billing identity, members with roles and
 * permissions, invitations by e-mail (a token link, stored as SHA-256, valid 7 days).
 *
 * Rules:
 * - Org data is visible to members only (others get NOT_FOUND); platform admins may read.
 * - Managing members needs `manage_members`; billing fields need `manage_billing`.
 * - No escalation: only an admin may make someone admin, change or remove an admin, or grant a
 *   permission; a non-admin manager may only grant permissions they hold themselves.
 * - An organization always keeps at least one admin (LAST_ADMIN): demoting, removing or leaving
 *   is refused for the last one. The admin rows are locked (FOR UPDATE) so two concurrent
 *   demotions cannot both pass.
 * - Every change runs in a transaction with an audit row.
 */
import type { Membership, Organization } from '@wk/db';
import { normalizeTaxId } from '@wk/domain';
import type { Context } from '../../core/context';
import { isPlatformAdmin, membershipOf, requireOrgMember, requireOrgPermission, requireUser } from '../../core/access';
import { audit } from '../../core/audit';
import { notFound, UserError, UserErrorsException, userErrors } from '../../core/errors';
import { countryName, isIsoCountry, ISO_COUNTRIES } from './countries';
import { OrgErrorCode as E, isUniqueViolation, orgError } from './organization.errors';
import { memberCountByOrg } from './organization.loaders';
import type { Country } from './organization.types';

// Members: ./membership.service.ts; invitations: ./invitation.service.ts.

const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REGION_RE = /^[\p{L}\p{N}][\p{L}\p{N} .'-]{0,63}$/u;

// ─────────────────────────────────────────────────────────── organizations

export function countries(): Country[] {
  return ISO_COUNTRIES.map((code) => ({ code, name: countryName(code) })).sort((a, b) => a.name.localeCompare(b.name));
}

interface BillingFields {
  name?: string | null;
  billingCountry?: string | null;
  billingRegion?: string | null;
  taxId?: string | null;
}

/** Validates and normalises billing fields; `current` fills what an update leaves out. */
function billingIdentity(input: BillingFields, current: Organization | null, errors: UserError[]) {
  const out: { name?: string; billingCountry?: string; billingRegion?: string | null; taxId?: string | null } = {};
  if (input.name !== undefined && input.name !== null) {
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (name.length < 2 || name.length > 120) errors.push(orgError(E.INVALID_NAME, 'Enter a name of 2 to 120 characters.', 'name'));
    else out.name = name;
  } else if (!current) errors.push(orgError(E.INVALID_NAME, 'Enter a name.', 'name'));

  let country = current?.billingCountry ?? null;
  if (input.billingCountry !== undefined && input.billingCountry !== null) {
    const c = input.billingCountry.trim().toUpperCase();
    if (!isIsoCountry(c))
      errors.push(orgError(E.INVALID_COUNTRY, 'Choose a country (ISO 3166-1 alpha-2 code, e.g. GB).', 'billingCountry'));
    else out.billingCountry = country = c;
  }

  if (input.billingRegion !== undefined && input.billingRegion !== null) {
    const r = input.billingRegion.trim();
    if (r && !REGION_RE.test(r))
      errors.push(
        orgError(E.INVALID_REGION, 'Enter a region name or code (up to 64 letters, digits, spaces, dots, hyphens).', 'billingRegion'),
      );
    else out.billingRegion = r || null;
  }

  // The tax id must fit the billing country, including when only the country changes.
  const taxInput = input.taxId !== undefined && input.taxId !== null ? input.taxId.trim() : undefined;
  const taxId = taxInput !== undefined ? taxInput || null : (current?.taxId ?? null);
  if (taxId && country && isIsoCountry(country)) {
    const normalised = normalizeTaxId(country, taxId);
    if (!normalised) errors.push(orgError(E.INVALID_TAX_ID, `This is not a valid tax id for ${countryName(country)}.`, 'taxId'));
    else if (taxInput !== undefined || normalised !== current?.taxId) out.taxId = normalised;
  } else if (taxInput !== undefined) {
    out.taxId = taxId;
  }
  return out;
}

export async function createOrganization(
  ctx: Context,
  input: { name: string; slug: string; billingCountry: string; billingRegion?: string | null; taxId?: string | null },
): Promise<{ organization: Organization | null; errors: UserError[] }> {
  const user = requireUser(ctx);
  const errors: UserError[] = [];
  const fields = billingIdentity(input, null, errors);
  const slug = input.slug.trim().toLowerCase();
  if (slug.length < 3 || slug.length > 48 || !SLUG_RE.test(slug)) {
    errors.push(orgError(E.INVALID_SLUG, 'Use 3 to 48 lowercase letters, digits and single hyphens (e.g. acme-corp).', 'slug'));
  }
  if (errors.length) return { organization: null, errors };
  try {
    const organization = await ctx.prisma.$transaction(async (tx) => {
      if (await tx.organization.findUnique({ where: { slug }, select: { id: true } }))
        throw userErrors([E.SLUG_TAKEN, 'This URL name is taken.', 'slug']);
      const now = ctx.clock.now();
      const org = await tx.organization.create({
        data: {
          name: fields.name!,
          slug,
          billingCountry: fields.billingCountry!,
          billingRegion: fields.billingRegion ?? null,
          taxId: fields.taxId ?? null,
          createdAt: now,
        },
      });
      const m = await tx.membership.create({ data: { orgId: org.id, userId: user.id, role: 'admin', permissions: [], createdAt: now } });
      await audit(tx, ctx, {
        action: 'create',
        entityType: 'organization',
        entityId: org.id,
        orgId: org.id,
        newValue: { name: org.name, slug, billingCountry: org.billingCountry, billingRegion: org.billingRegion, taxId: org.taxId },
      });
      await audit(tx, ctx, {
        action: 'create',
        entityType: 'membership',
        entityId: m.id,
        orgId: org.id,
        newValue: { userId: user.id, role: 'admin' },
      });
      return org;
    });
    ctx.loaders.membershipsByUser.clear(user.id);
    return { organization, errors: [] };
  } catch (e) {
    if (e instanceof UserErrorsException) return { organization: null, errors: e.errors };
    if (isUniqueViolation(e)) return { organization: null, errors: [orgError(E.SLUG_TAKEN, 'This URL name is taken.', 'slug')] };
    throw e;
  }
}

export async function updateOrganization(
  ctx: Context,
  input: BillingFields & { id: number },
): Promise<{ organization: Organization | null; errors: UserError[] }> {
  await requireOrgPermission(ctx, input.id, 'manage_billing');
  const current = await ctx.prisma.organization.findUnique({ where: { id: input.id } });
  if (!current) throw notFound('Organization');
  const errors: UserError[] = [];
  const changes = billingIdentity(input, current, errors);
  if (errors.length) return { organization: null, errors };
  const changed = Object.fromEntries(Object.entries(changes).filter(([k, v]) => current[k as keyof Organization] !== v));
  if (!Object.keys(changed).length) return { organization: current, errors: [] };
  const organization = await ctx.prisma.$transaction(async (tx) => {
    const org = await tx.organization.update({ where: { id: current.id }, data: changed });
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'organization',
      entityId: org.id,
      orgId: org.id,
      oldValue: Object.fromEntries(Object.keys(changed).map((k) => [k, current[k as keyof Organization]])),
      newValue: changed,
    });
    return org;
  });
  return { organization, errors: [] };
}

export async function myOrganizations(ctx: Context): Promise<Organization[]> {
  const user = requireUser(ctx);
  const memberships = await ctx.loaders.membershipsByUser.load(user.id);
  const orgs = await ctx.loaders.organization.loadMany(memberships.map((m) => m.orgId));
  return orgs.filter((o): o is Organization => !!o && !(o instanceof Error)).sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}

export async function organizationById(ctx: Context, id: number): Promise<Organization> {
  await requireOrgMember(ctx, id);
  const org = await ctx.loaders.organization.load(id);
  if (!org) throw notFound('Organization');
  return org;
}

/** The viewer's membership of an org (null for non-members, e.g. a platform admin reading). */
export async function viewerMembership(ctx: Context, orgId: number): Promise<Membership | null> {
  return membershipOf(ctx, orgId);
}

export async function memberCount(ctx: Context, orgId: number): Promise<number | null> {
  if (!(await membershipOf(ctx, orgId)) && !isPlatformAdmin(ctx)) return null;
  return memberCountByOrg(ctx).load(orgId);
}

// ───────────────────────────────────────────────────────────────── members
