/** What every page gets: where to draw, the API, who is looking, the live feed and shared reference data. */
import type { ApiClient } from '../api/client.js';
import type { County, Me, Operator } from '../api/types.js';
import type { LiveFeed } from '../live/live-feed.js';

export interface ViewContext {
  root: HTMLElement;
  api: ApiClient;
  me: Me;
  live: LiveFeed;
  params: Record<string, string>;
  navigate(hash: string): void;
  reference: Reference;
}

/** Loaded once per session: names the pages show beside codes. */
export interface Reference {
  counties: County[];
  operators: Map<string, Operator>;
  countyName(code: string | null | undefined): string;
  operatorName(id: string | null | undefined): string;
}

/** A page draws itself into `ctx.root`; what it returns is called when the person leaves it. */
export type View = (ctx: ViewContext) => Promise<void | (() => void)>;

/** Calls `fn` at most once per `ms`, at the end of a burst (live events come in bursts). */
export function debounce(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
  call.cancel = () => clearTimeout(timer);
  return call;
}
