/**
 * Periodic jobs that run once per period however many workers there are: every worker offers the job
 * with the same id for the current period, and the queue keeps only the first.
 */
import type { JobQueue } from '@pilewatch/bus';

export interface Periodic {
  stop(): void;
}

export function offerEveryPeriod(queue: JobQueue, jobName: string, periodMs: number, onError: (err: unknown) => void): Periodic {
  const offer = () => {
    const slot = Math.floor(Date.now() / periodMs);
    queue.add(jobName, { slot }, { jobId: `${jobName}-${slot}` }).catch(onError);
  };
  offer();
  const timer = setInterval(offer, Math.min(periodMs, 60_000));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
