import { join } from 'node:path';
import { z } from 'zod';
import { appendJsonLine, readJsonLines, writeFileAtomic } from '../../storage/durableFiles.js';

/** How a delivery ended: sent, or dropped for good (no address, or retried past the give-up time). */
export type SentOutcome = 'sent' | 'undeliverable' | 'gave-up';

export interface SentRecord {
  /** The delivery key: `${eventId}|${recipient}|${channel}`, or a digest's. */
  key: string;
  /** The hand-offs (`${eventId}|${recipient}`) the delivery told. */
  handOffs: string[];
  outcome: SentOutcome;
  at: string;
}

const sentRecord = z.object({
  key: z.string().min(1),
  handOffs: z.array(z.string()),
  outcome: z.enum(['sent', 'undeliverable', 'gave-up']),
  at: z.string(),
});

/**
 * Records are dropped after this long. By then their events are far behind the stored offsets and
 * are never read again, and a state rebuilt from offset 0 tells nothing older than itself.
 */
const keepMillis = 400 * 86_400_000;

/**
 * The durable record of what has been told, keyed by delivery (event, recipient, channel): one JSON
 * line appended and fsynced as each delivery ends, before it leaves the queue. A delivery whose key is
 * here is never sent again, whatever the queue or the topic hold after a crash or a restart.
 */
export class SentLog {
  readonly #file: string;
  readonly #deliveries = new Map<string, SentOutcome>();
  readonly #handOffs = new Set<string>();

  private constructor(file: string) {
    this.#file = file;
  }

  /** Reads `sent.ndjson` in `directory`, rewriting it without records past their keeping time. */
  static async open(directory: string, now = Date.now()): Promise<SentLog> {
    const log = new SentLog(join(directory, 'sent.ndjson'));
    const kept: SentRecord[] = [];
    let dropped = 0;
    for (const line of await readJsonLines(log.#file)) {
      const parsed = sentRecord.safeParse(line);
      if (!parsed.success) continue;
      if (now - Date.parse(parsed.data.at) > keepMillis) dropped += 1;
      else kept.push(parsed.data);
    }
    if (dropped > 0) {
      await writeFileAtomic(log.#file, kept.map((record) => `${JSON.stringify(record)}\n`).join(''));
    }
    for (const record of kept) log.#remember(record);
    return log;
  }

  get location(): string {
    return this.#file;
  }

  /** How a delivery ended, or undefined if it has not. */
  outcomeOf(deliveryKey: string): SentOutcome | undefined {
    return this.#deliveries.get(deliveryKey);
  }

  /** Whether a hand-off has been told on some channel (or dropped). */
  told(handOff: string): boolean {
    return this.#handOffs.has(handOff);
  }

  async record(record: SentRecord): Promise<void> {
    await appendJsonLine(this.#file, record);
    this.#remember(record);
  }

  #remember(record: SentRecord): void {
    this.#deliveries.set(record.key, record.outcome);
    for (const handOff of record.handOffs) this.#handOffs.add(handOff);
  }
}
