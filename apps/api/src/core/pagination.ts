import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { badInput } from './errors';

/** Relay connections (HOUSE_STYLE "Pagination"): first/after (cap 100), keyset cursors. */
@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20 })
  @Min(1)
  @Max(100)
  first: number = 20;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

export function ConnectionType<T extends object>(node: ClassType<T>, name: string, opts: { countCap?: string } = {}) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class EdgeClass {
    @Field(() => String) cursor!: string;
    @Field(() => node) node!: T;
  }
  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class ConnectionClass {
    @Field(() => [EdgeClass]) edges!: EdgeClass[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int) totalCount!: number;
  }
  if (opts.countCap) {
    // A capped count: say whether totalCount is exact (it may be a lower bound).
    Field(() => Boolean, { description: opts.countCap })(ConnectionClass.prototype, 'totalCountIsExact');
  }
  return ConnectionClass as ClassType<Connection<T>>;
}

/** A keyset cursor: the sort key values of the row and its id (stable under ties). */
export type CursorValue = (string | number | null)[];

export function encodeCursor(values: CursorValue): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, arity: number): CursorValue | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === arity && v.every((x) => x === null || ['string', 'number'].includes(typeof x))) return v;
  } catch {
    /* fall through */
  }
  throw badInput('Invalid cursor.', 'after');
}

/** An edge whose cursor is encoded when first read (a page's query seldom selects every edge's cursor). */
class PageEdge<T> implements Edge<T> {
  #cursor: string | undefined;
  constructor(
    readonly node: T,
    private readonly cursorOf: (row: T) => CursorValue,
  ) {}
  get cursor(): string {
    return (this.#cursor ??= encodeCursor(this.cursorOf(this.node)));
  }
}

class PageInfoOf<T> implements PageInfo {
  constructor(
    private readonly edges: PageEdge<T>[],
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
  ) {}
  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }
  get endCursor(): string | null {
    return this.edges[this.edges.length - 1]?.cursor ?? null;
  }
}

/** Builds a connection from `first + 1` rows fetched after the cursor; cursors are encoded when read. */
export function toConnection<T>(
  rows: T[],
  first: number,
  totalCount: number,
  cursorOf: (row: T) => CursorValue,
  hasPrevious: boolean,
): Connection<T> {
  const n = Math.min(rows.length, first);
  const edges = new Array<PageEdge<T>>(n);
  for (let i = 0; i < n; i++) edges[i] = new PageEdge(rows[i] as T, cursorOf);
  return { edges, totalCount, pageInfo: new PageInfoOf(edges, rows.length > first, hasPrevious) };
}

/** The query of one page listed by id: spread it into a Prisma `findMany` (beside an `include` or `select`). */
export interface IdPageQuery<W> {
  where: W;
  orderBy: { id: 'asc' | 'desc' };
  take: number;
}

/**
 * A page of a list ordered by id alone (oldest or newest first), with `after` as the last id seen: the
 * rows past the cursor and the count of every row `where` matches, read together. `rows` may map what
 * it reads, as long as each node keeps its id.
 */
export async function pageById<W extends object, T extends { id: number }>(
  args: { first: number; after?: string | null },
  order: 'asc' | 'desc',
  where: W,
  read: { rows: (q: IdPageQuery<W>) => Promise<T[]>; count: (q: { where: W }) => Promise<number> },
): Promise<Connection<T>> {
  const cursor = decodeCursor(args.after, 1);
  const afterId = cursor ? Number(cursor[0]) : null;
  if (afterId !== null && !Number.isSafeInteger(afterId)) throw badInput('Invalid cursor.', 'after');
  const past = afterId === null ? null : { id: order === 'asc' ? { gt: afterId } : { lt: afterId } };
  // Every Prisma where-input takes AND and a filter on its id.
  const pageWhere = (past ? { AND: [where, past] } : where) as W;
  const [rows, total] = await Promise.all([
    read.rows({ where: pageWhere, orderBy: { id: order }, take: args.first + 1 }),
    read.count({ where }),
  ]);
  return toConnection(rows, args.first, total, (r) => [r.id], cursor !== null);
}
