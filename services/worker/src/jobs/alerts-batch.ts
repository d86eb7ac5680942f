/**
 * Group commit for alert inputs: each job hands its input in and waits; inputs that arrive while a
 * batch is being stored form the next batch, applied in one transaction (`applyAlertInputs`), in the
 * order they were handed in. Under load a batch holds everything that queued up meanwhile; when idle
 * an input is applied at once. A batch that fails is retried input by input, so one input that cannot
 * be applied fails only its own job.
 */
import { applyAlertInputs, type AlertInputItem, type AlertUpdate, type StoredTransition, type WriteDb } from '@pilewatch/store';
import type { ChargerAlertState } from '@pilewatch/supervision';

type Item = AlertInputItem<ChargerAlertState>;

interface Waiting {
  item: Item;
  resolve(result: AlertUpdate): void;
  reject(err: unknown): void;
}

export class AlertInputBatcher {
  private waiting: Waiting[] = [];
  private running = false;

  constructor(
    private readonly db: WriteDb,
    private readonly severityOf: (rule: string) => number,
    private readonly maxBatch: number,
    /** Hears of the transitions each batch stored, in order, after its commit. */
    private readonly onStored: (transitions: StoredTransition[]) => void,
  ) {}

  apply(item: Item): Promise<AlertUpdate> {
    const done = new Promise<AlertUpdate>((resolve, reject) => this.waiting.push({ item, resolve, reject }));
    if (!this.running) {
      this.running = true;
      // After the current microtasks: jobs handed over together go in one batch.
      setImmediate(() => void this.drain());
    }
    return done;
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, this.maxBatch);
        let results: AlertUpdate[] | undefined;
        try {
          results = await applyAlertInputs(this.db, batch.map((w) => w.item), { severityOf: this.severityOf });
        } catch (err) {
          if (batch.length === 1) batch[0]!.reject(err);
          else await this.oneByOne(batch);
          continue;
        }
        this.settle(batch, results);
      }
    } finally {
      this.running = false;
    }
  }

  private async oneByOne(batch: Waiting[]): Promise<void> {
    for (const w of batch) {
      try {
        this.settle([w], await applyAlertInputs(this.db, [w.item], { severityOf: this.severityOf }));
      } catch (err) {
        w.reject(err);
      }
    }
  }

  private settle(batch: Waiting[], results: AlertUpdate[]): void {
    const stored = results.flatMap((r) => r.transitions);
    if (stored.length) this.onStored(stored);
    batch.forEach((w, i) => w.resolve(results[i]!));
  }
}
