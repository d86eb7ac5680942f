/** Job queues on Redis through BullMQ, behind the bus's `JobQueue` shape. */
import { EventEmitter } from 'node:events';
import { Queue, Worker, type Job as BullJob } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  defaultBackoffMs,
  retainedJobs,
  type Job,
  type JobCounts,
  type JobHandler,
  type JobOptions,
  type JobQueue,
  type JobWorker,
  type BusLog,
} from './bus.js';
import { checkName } from './errors.js';

export class RedisJobQueue implements JobQueue {
  private readonly queue: Queue;
  private readonly workers = new Set<RedisJobWorker>();

  constructor(
    readonly name: string,
    private readonly connection: Redis,
    private readonly prefix: string,
    private readonly log: BusLog,
  ) {
    checkName('queue', name);
    this.queue = new Queue(name, { connection, prefix });
    this.queue.on('error', (err) => log.error({ err, queue: name }, 'job queue connection error'));
  }

  async add(jobName: string, data: unknown, options: JobOptions = {}): Promise<string> {
    const job = await this.queue.add(jobName, data, {
      ...(options.jobId === undefined ? {} : { jobId: options.jobId }),
      attempts: Math.max(1, options.attempts ?? 1),
      backoff: { type: 'exponential', delay: options.backoffMs ?? defaultBackoffMs },
      ...(options.delayMs ? { delay: options.delayMs } : {}),
      removeOnComplete: { count: retainedJobs.completed },
      removeOnFail: { count: retainedJobs.failed },
    });
    return job.id!;
  }

  work(handler: JobHandler, options: { concurrency?: number } = {}): JobWorker {
    const worker = new RedisJobWorker(
      new Worker(this.name, (job: BullJob) => handler(toJob(job)), {
        // BullMQ duplicates this connection for its blocking reads.
        connection: this.connection,
        prefix: this.prefix,
        concurrency: Math.max(1, options.concurrency ?? 1),
      }),
      this.log,
      () => this.workers.delete(worker),
    );
    this.workers.add(worker);
    return worker;
  }

  async counts(): Promise<JobCounts> {
    const c = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    return {
      waiting: c.waiting ?? 0,
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      completed: c.completed ?? 0,
      failed: c.failed ?? 0,
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers].map((w) => w.close()));
    await this.queue.close();
  }
}

class RedisJobWorker extends EventEmitter implements JobWorker {
  constructor(
    private readonly worker: Worker,
    log: BusLog,
    private readonly onClose: () => void,
  ) {
    super();
    worker.on('completed', (job, result) => this.emit('completed', toJob(job), result ?? null));
    worker.on('failed', (job, error) => {
      if (!job) return;
      const willRetry = job.attemptsMade < (job.opts.attempts ?? 1);
      // BullMQ counts the failed try already; report it as the try that just ran.
      this.emit('failed', { ...toJob(job), attempt: job.attemptsMade }, error, willRetry);
    });
    worker.on('error', (err) => log.error({ err, queue: worker.name }, 'job worker error'));
  }

  async close(): Promise<void> {
    this.onClose();
    await this.worker.close();
  }
}

function toJob(job: BullJob): Job {
  return { id: job.id!, name: job.name, data: job.data, attempt: job.attemptsMade + 1 };
}
