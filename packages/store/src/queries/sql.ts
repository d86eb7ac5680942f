/** Small pieces the read queries share: the connection they need, visibility scope, filters and pages. */
import type pg from 'pg';

/** What a read query needs of the store's database handle. */
export interface ReadDb {
  pool: Pick<pg.Pool, 'query'>;
}

/** Whose data a caller may see: one operator's, or (no operatorId) everyone's. */
export interface Scope {
  operatorId?: string;
}

export interface Page {
  limit: number;
  offset: number;
}

export interface Paged<T> {
  items: T[];
  limit: number;
  offset: number;
  /** Offset of the next page, or null when this page is the last. */
  nextOffset: number | null;
}

export interface TimeRange {
  from?: Date;
  to?: Date;
}

/** Collects `WHERE` conditions with numbered parameters, so filters compose without string juggling. */
export class Conditions {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  /** Adds `condition`, where `$?` stands for `value` — unless `value` is undefined (filter not given). */
  add(condition: string, value?: unknown): this {
    if (value === undefined && condition.includes('$?')) return this;
    if (condition.includes('$?')) {
      this.params.push(value);
      this.parts.push(condition.replaceAll('$?', `$${this.params.length}`));
    } else this.parts.push(condition);
    return this;
  }

  /** A parameter for use outside the WHERE clause (LIMIT, OFFSET). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  get where(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

export function range(c: Conditions, column: string, r: TimeRange): Conditions {
  return c.add(`${column} >= $?`, r.from).add(`${column} < $?`, r.to);
}

/** Runs a paged query: fetches one row more than asked to know whether another page follows. */
export async function paged<R, T>(
  db: ReadDb,
  c: Conditions,
  sql: (limitOffset: string) => string,
  page: Page,
  map: (row: R) => T,
): Promise<Paged<T>> {
  const text = sql(`LIMIT ${c.param(page.limit + 1)} OFFSET ${c.param(page.offset)}`);
  const { rows } = await db.pool.query(text, c.params);
  const more = rows.length > page.limit;
  return {
    items: (rows as R[]).slice(0, page.limit).map(map),
    limit: page.limit,
    offset: page.offset,
    nextOffset: more ? page.offset + page.limit : null,
  };
}

/**
 * A result row as pg returns it. Each query's mapping function gives it its type: the record it returns
 * is checked against the declared record interface, which is what callers see.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Row = Record<string, any>;
