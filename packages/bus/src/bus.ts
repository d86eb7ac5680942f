/**
 * The seam between pilewatch processes: live events (pub/sub), command routing to the csms node that
 * holds a charger, a durable event log for resumable feeds, and job queues. Redis carries it when
 * several processes share the work; an in-process implementation carries it in the embedded mode.
 * Both behave the same: every message crosses the bus as JSON (a `Date` arrives as an ISO string).
 */

export type Unsubscribe = () => Promise<void>;

export interface RequestContext {
  /** The charger the request was routed by. */
  chargerId: string;
}

/** Answers a routed request; a thrown error reaches the requester as a `RemoteError` with the same code. */
export type RequestHandler = (request: unknown, context: RequestContext) => Promise<unknown>;

export interface StreamEntry {
  /** `<ms>-<seq>`, increasing within a stream (the Redis Streams id format, in both implementations). */
  id: string;
  event: unknown;
}

export interface Bus {
  readonly kind: 'redis' | 'memory';

  /** Delivers `message` to every current subscriber of `channel`; nothing is kept for later ones. */
  publish(channel: string, message: unknown): Promise<void>;
  /** Once this resolves, every later publish on `channel` reaches `handler` (in publish order). */
  subscribe(channel: string, handler: (message: unknown) => void): Promise<Unsubscribe>;

  /** Answers requests routed to `nodeId` (one handler per node and bus). */
  serve(nodeId: string, handler: RequestHandler): Promise<Unsubscribe>;
  /** Records that `nodeId` holds `chargerId` for `ttlS` seconds (fractions allowed); refresh before it lapses. */
  claim(chargerId: string, nodeId: string, ttlS: number): Promise<void>;
  /** Drops the claim, but only if `nodeId` still holds it (a newer node's claim survives). */
  release(chargerId: string, nodeId: string): Promise<void>;
  /** The node holding `chargerId`, if any claim is live. */
  holder(chargerId: string): Promise<string | undefined>;
  /**
   * Sends `request` to the node holding `chargerId` and returns its answer.
   * Fails with `PW_BUS_NO_HOLDER` when no live node holds it, `PW_BUS_REQUEST_TIMEOUT` after `timeoutMs`,
   * or the handler's own error code (as `RemoteError`).
   */
  request(chargerId: string, request: unknown, timeoutMs: number): Promise<unknown>;

  /** Appends to a bounded durable log; returns the new entry's id. */
  append(stream: string, event: unknown): Promise<string>;
  /** Up to `limit` entries after `afterId` (from the oldest kept entry when undefined), oldest first. */
  readAfter(stream: string, afterId: string | undefined, limit: number): Promise<StreamEntry[]>;
  /** Id of the newest entry, or undefined for an empty stream: where a new reader starts. */
  latestId(stream: string): Promise<string | undefined>;

  /** The named job queue (the same object for the same name). */
  queue(name: string): JobQueue;

  /** Resolves when the transport is reachable (always, in-process). */
  ping(): Promise<void>;
  /** Stops workers and subscriptions and closes connections. */
  close(): Promise<void>;
}

export interface JobOptions {
  /** A job added with the id of a job still kept (waiting, running, or retained after finishing) is ignored. */
  jobId?: string;
  /** Total tries, first included (default 1). */
  attempts?: number;
  /** Exponential backoff base: retry n waits `backoffMs * 2^(n-1)` (default 1000). */
  backoffMs?: number;
  /** Wait before the first try. */
  delayMs?: number;
}

export interface Job {
  id: string;
  name: string;
  data: unknown;
  /** 1 for the first try. */
  attempt: number;
}

export type JobHandler = (job: Job) => Promise<unknown>;

export interface JobCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

export interface JobWorker {
  on(event: 'completed', listener: (job: Job, result: unknown) => void): this;
  /** `willRetry` is false when the job has used all its attempts. */
  on(event: 'failed', listener: (job: Job, error: Error, willRetry: boolean) => void): this;
  /** Stops taking jobs and waits for the running ones. */
  close(): Promise<void>;
}

export interface JobQueue {
  readonly name: string;
  add(jobName: string, data: unknown, options?: JobOptions): Promise<string>;
  work(handler: JobHandler, options?: { concurrency?: number }): JobWorker;
  counts(): Promise<JobCounts>;
}

/** Where the bus reports problems it cannot hand to a caller (a subscriber that throws, a lost connection). */
export interface BusLog {
  error(details: object, message: string): void;
}

export interface BusOptions {
  /** Namespaces every key and channel, so several deployments or test runs can share one Redis. */
  prefix?: string;
  /** Entries a stream keeps (approximately, on Redis). Default 10 000. */
  streamMaxLen?: number;
  log?: BusLog;
}

/** Finished jobs kept for dedupe and counts: the same numbers in both implementations. */
export const retainedJobs = { completed: 1000, failed: 5000 } as const;

export const defaultStreamMaxLen = 10_000;

export const defaultBackoffMs = 1000;

/** Both transports carry JSON; the in-process bus applies the same round trip so behaviour matches. */
export function jsonRoundTrip(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

export const consoleLog: BusLog = {
  error: (details, message) => console.error(message, details),
};
