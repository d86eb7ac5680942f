/** The read side the API (and reports) use. */
export type { ReadDb, Scope, Page, Paged, TimeRange } from './sql.js';
export * from './registry.js';
export * from './status.js';
export * from './history.js';
export * from './province.js';
export * from './plan.js';
