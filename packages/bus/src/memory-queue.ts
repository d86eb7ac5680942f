/**
 * An in-process job queue with BullMQ's semantics: attempts, exponential backoff, delays, job-id dedupe,
 * and a bounded memory of finished jobs. Jobs live in memory only: the embedded mode has one process.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import {
  defaultBackoffMs,
  jsonRoundTrip,
  retainedJobs,
  type Job,
  type JobCounts,
  type JobHandler,
  type JobOptions,
  type JobQueue,
  type JobWorker,
} from './bus.js';
import { BusError, checkName } from './errors.js';

interface QueuedJob {
  id: string;
  name: string;
  data: unknown;
  attemptsMade: number;
  attempts: number;
  backoffMs: number;
}

export class MemoryJobQueue implements JobQueue {
  private readonly waiting: QueuedJob[] = [];
  private readonly delayed = new Map<string, { job: QueuedJob; timer: NodeJS.Timeout }>();
  private readonly active = new Set<string>();
  private readonly completed: string[] = [];
  private readonly failed: string[] = [];
  private readonly workers = new Set<MemoryJobWorker>();
  private closed = false;

  constructor(readonly name: string) {
    checkName('queue', name);
  }

  async add(jobName: string, data: unknown, options: JobOptions = {}): Promise<string> {
    if (this.closed) throw new BusError('PW_BUS_CLOSED', `queue ${this.name} is closed`);
    const id = options.jobId ?? randomUUID();
    if (this.knows(id)) return id;
    const job: QueuedJob = {
      id,
      name: jobName,
      data: jsonRoundTrip(data),
      attemptsMade: 0,
      attempts: Math.max(1, options.attempts ?? 1),
      backoffMs: options.backoffMs ?? defaultBackoffMs,
    };
    if (options.delayMs && options.delayMs > 0) this.delay(job, options.delayMs);
    else this.enqueue(job);
    return id;
  }

  work(handler: JobHandler, options: { concurrency?: number } = {}): JobWorker {
    const worker = new MemoryJobWorker(this, handler, Math.max(1, options.concurrency ?? 1));
    this.workers.add(worker);
    queueMicrotask(() => this.dispatch());
    return worker;
  }

  async counts(): Promise<JobCounts> {
    return {
      waiting: this.waiting.length,
      active: this.active.size,
      delayed: this.delayed.size,
      completed: this.completed.length,
      failed: this.failed.length,
    };
  }

  /** Called by a worker that has a free slot, and whenever a job becomes ready. */
  dispatch(): void {
    for (const worker of this.workers) {
      while (worker.hasCapacity() && this.waiting.length > 0) {
        const job = this.waiting.shift()!;
        this.active.add(job.id);
        worker.run(job);
      }
    }
  }

  /** A worker reports the end of one try. */
  settle(job: QueuedJob, outcome: { ok: true } | { ok: false; willRetry: boolean }): void {
    this.active.delete(job.id);
    if (outcome.ok) remember(this.completed, job.id, retainedJobs.completed);
    else if (outcome.willRetry) this.delay(job, job.backoffMs * 2 ** (job.attemptsMade - 1));
    else remember(this.failed, job.id, retainedJobs.failed);
    this.dispatch();
  }

  detach(worker: MemoryJobWorker): void {
    this.workers.delete(worker);
  }

  close(): Promise<void> {
    this.closed = true;
    for (const { timer } of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    return Promise.all([...this.workers].map((w) => w.close())).then(() => undefined);
  }

  private knows(id: string): boolean {
    return (
      this.active.has(id) ||
      this.delayed.has(id) ||
      this.waiting.some((j) => j.id === id) ||
      this.completed.includes(id) ||
      this.failed.includes(id)
    );
  }

  private enqueue(job: QueuedJob): void {
    this.waiting.push(job);
    this.dispatch();
  }

  private delay(job: QueuedJob, ms: number): void {
    const timer = setTimeout(() => {
      this.delayed.delete(job.id);
      this.enqueue(job);
    }, ms);
    this.delayed.set(job.id, { job, timer });
  }
}

class MemoryJobWorker extends EventEmitter implements JobWorker {
  private running = 0;
  private closing = false;
  private readonly idle: Array<() => void> = [];

  constructor(
    private readonly queue: MemoryJobQueue,
    private readonly handler: JobHandler,
    private readonly concurrency: number,
  ) {
    super();
  }

  hasCapacity(): boolean {
    return !this.closing && this.running < this.concurrency;
  }

  run(queued: QueuedJob): void {
    this.running += 1;
    queued.attemptsMade += 1;
    const job: Job = { id: queued.id, name: queued.name, data: queued.data, attempt: queued.attemptsMade };
    Promise.resolve()
      .then(() => this.handler(job))
      .then(
        (result) => {
          this.finish();
          this.queue.settle(queued, { ok: true });
          this.emit('completed', job, jsonRoundTrip(result));
        },
        (err: unknown) => {
          const error = err instanceof Error ? err : new Error(String(err));
          const willRetry = queued.attemptsMade < queued.attempts;
          this.finish();
          this.queue.settle(queued, { ok: false, willRetry });
          this.emit('failed', job, error, willRetry);
        },
      );
  }

  async close(): Promise<void> {
    this.closing = true;
    this.queue.detach(this);
    if (this.running > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private finish(): void {
    this.running -= 1;
    if (this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
  }
}

function remember(list: string[], id: string, max: number): void {
  list.push(id);
  if (list.length > max) list.splice(0, list.length - max);
}
