import type { ModuleVersion, UpdateFlow } from '@wk/db';
import { safeCompare } from '../activation';

/**
 * How an installed version may move to a newer one (pure):
 * - along an update flow from → to that a platform admin approved (its breaking / downtime /
 *   estimated minutes / migration and rollback scripts apply); or
 * - directly, when there is no such flow and every approved release after `from` up to `to`
 *   declares `isCompatibleWithPrevious` (a drop-in update: nothing to migrate, nothing breaks).
 * A flow that exists but is not approved yet blocks a breaking update; a non-breaking one
 * falls back to the drop-in rule.
 */
export type UpdatePathCode = 'UPDATE_FLOW_NOT_APPROVED' | 'UPDATE_PATH_MISSING';

export interface UpdatePath {
  allowed: boolean;
  /** Why not, when not allowed. */
  code: UpdatePathCode | null;
  message: string | null;
  /** The approved flow used (null for a drop-in update). */
  flow: UpdateFlow | null;
  /** An existing flow row from → to, approved or not (reused by drop-in updates). */
  existingFlow: UpdateFlow | null;
  breaking: boolean;
  requiresDowntime: boolean;
  estimatedDurationMinutes: number | null;
  direct: boolean;
}

type V = Pick<ModuleVersion, 'id' | 'version' | 'isCompatibleWithPrevious'>;

export function resolveUpdatePath(from: V, to: V, flows: readonly UpdateFlow[], releases: readonly V[]): UpdatePath {
  const flow = flows.find((f) => f.fromVersionId === from.id && f.toVersionId === to.id) ?? null;
  if (flow?.approvedAt) {
    return {
      allowed: true,
      code: null,
      message: null,
      flow,
      existingFlow: flow,
      direct: false,
      breaking: flow.isBreaking,
      requiresDowntime: flow.requiresDowntime,
      estimatedDurationMinutes: flow.estimatedDurationMinutes,
    };
  }
  const base = {
    flow: null,
    existingFlow: flow,
    breaking: flow?.isBreaking ?? false,
    requiresDowntime: flow?.requiresDowntime ?? false,
    estimatedDurationMinutes: flow?.estimatedDurationMinutes ?? null,
  };
  if (flow && flow.isBreaking) {
    return {
      ...base,
      allowed: false,
      direct: false,
      code: 'UPDATE_FLOW_NOT_APPROVED',
      message: `The update flow ${from.version} → ${to.version} is not approved by the platform yet.`,
    };
  }
  const between = releases.filter((r) => safeCompare(r.version, from.version) > 0 && safeCompare(r.version, to.version) <= 0);
  if (!between.some((r) => r.id === to.id)) between.push(to);
  const incompatible = between.filter((r) => !r.isCompatibleWithPrevious);
  if (incompatible.length === 0) {
    return { ...base, allowed: true, direct: true, code: null, message: null, breaking: false, requiresDowntime: false };
  }
  return {
    ...base,
    allowed: false,
    direct: false,
    code: 'UPDATE_PATH_MISSING',
    message: `There is no approved update flow from ${from.version} to ${to.version}, and ${incompatible.map((r) => r.version).join(', ')} ${incompatible.length > 1 ? 'are' : 'is'} not compatible with the previous version.`,
  };
}

/** "major" / "minor" / "patch" from two versions (for flows created for drop-in updates). */
export function updateTypeBetween(from: string, to: string): 'major' | 'minor' | 'patch' {
  const [a, b] = [from, to].map((v) =>
    v
      .split(/[.+-]/)
      .slice(0, 3)
      .map((x) => Number(x) || 0),
  );
  if (b[0] !== a[0]) return 'major';
  if (b[1] !== a[1]) return 'minor';
  return 'patch';
}
