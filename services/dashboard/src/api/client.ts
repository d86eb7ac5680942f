/**
 * Calls to the pilewatch API with the session's bearer token. A failed call throws `ApiFailure` with the
 * API's stable error code, so views can say what went wrong (and the session can end on a revoked token).
 */

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export interface ApiClient {
  get<T>(path: string, query?: Record<string, string | number | boolean | undefined>): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, contentType?: string): Promise<T>;
  /** Every item of a paged list (`limit` per request). */
  all<T>(path: string, query?: Record<string, string | number | boolean | undefined>, limit?: number): Promise<T[]>;
  /** The raw response, for files. */
  raw(path: string): Promise<Response>;
  readonly token: string;
}

export function queryString(query: Record<string, string | number | boolean | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function createApiClient(token: string, onUnauthenticated: () => void, base = ''): ApiClient {
  const request = async <T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    let payload: BodyInit | undefined;
    if (body !== undefined) {
      headers['content-type'] = contentType;
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await fetch(base + path, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    } catch (err) {
      throw new ApiFailure(0, 'NETWORK', (err as Error).message);
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let data: unknown = undefined;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (!res.ok) {
      const error = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
      if (res.status === 401) onUnauthenticated();
      throw new ApiFailure(res.status, error?.code ?? `HTTP_${res.status}`, error?.message ?? res.statusText);
    }
    return data as T;
  };
  return {
    token,
    get: (path, query) => request('GET', path + queryString(query)),
    send: (method, path, body, contentType) => request(method, path, body, contentType),
    async all<T>(path: string, query: Record<string, string | number | boolean | undefined> = {}, limit = 500) {
      const items: T[] = [];
      for (let offset: number | null = 0; offset !== null; ) {
        const page: { items: T[]; nextOffset: number | null } = await request('GET', path + queryString({ ...query, limit, offset }));
        items.push(...page.items);
        offset = page.nextOffset;
      }
      return items;
    },
    raw: (path) => fetch(base + path, { headers: { authorization: `Bearer ${token}` } }),
  };
}

/** True when the API does not (yet) have the route: a feature from another issue that has not landed. */
export const isMissingRoute = (err: unknown) => err instanceof ApiFailure && err.status === 404 && /^no route /.test(err.message);
