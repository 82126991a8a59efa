import DataLoader from 'dataloader';
import type { PrismaClient } from '@wk/db';

/** Batches by id; results in key order, null for missing rows. */
export function byId<T extends { id: number }>(fetch: (ids: number[]) => Promise<T[]>) {
  return new DataLoader<number, T | null>(async (ids) => {
    const rows = await fetch([...ids]);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** Batches a one-to-many relation: all rows whose `key` is in the batch, grouped by key. */
export function groupedBy<T, K extends number>(fetch: (keys: K[]) => Promise<T[]>, keyOf: (row: T) => K) {
  return new DataLoader<K, T[]>(async (keys) => {
    const rows = await fetch([...keys]);
    const map = new Map<K, T[]>();
    for (const r of rows) {
      const k = keyOf(r);
      const list = map.get(k);
      if (list) list.push(r);
      else map.set(k, [r]);
    }
    return keys.map((k) => map.get(k) ?? []);
  });
}

/**
 * Per-request loaders. Domains register theirs here as they need them; each is created lazily
 * so a request pays only for what it uses.
 */
export function createLoaders(prisma: PrismaClient) {
  const cache = new Map<string, unknown>();
  const lazy = <T>(name: string, make: () => T): T => {
    if (!cache.has(name)) cache.set(name, make());
    return cache.get(name) as T;
  };
  return {
    prisma,
    lazy,
    get user() {
      return lazy('user', () => byId((ids) => prisma.user.findMany({ where: { id: { in: ids } } })));
    },
    get organization() {
      return lazy('organization', () => byId((ids) => prisma.organization.findMany({ where: { id: { in: ids } } })));
    },
    get vendor() {
      return lazy('vendor', () => byId((ids) => prisma.vendor.findMany({ where: { id: { in: ids } } })));
    },
    get membershipsByUser() {
      return lazy('membershipsByUser', () =>
        groupedBy(
          (ids: number[]) => prisma.membership.findMany({ where: { userId: { in: ids } }, orderBy: { id: 'asc' } }),
          (m) => m.userId,
        ),
      );
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
