import { z } from 'zod';
import { actor, isoInstant } from '../schemas/common.js';
import { appendJsonLine, readJsonLines } from '../storage/durableFiles.js';
import { candidateRef } from './candidateDetails.js';
import type { Erasures } from './candidateStore.js';

/** One erasure: whose record (by ref only), who erased it, when and why. No personal data. */
export const erasureEntry = z.object({
  candidateRef,
  erasedAt: isoInstant,
  erasedBy: actor,
  reason: z.string().trim().min(3, 'say why the record is erased').max(1_000),
});
export type ErasureEntry = z.infer<typeof erasureEntry>;

/** The append-only log of erasures: it outlives the keys it records the destruction of. */
export class ErasureLog implements Erasures {
  constructor(readonly file: string) {}

  async entries(): Promise<ErasureEntry[]> {
    return (await readJsonLines(this.file)).map((line, index) => {
      const parsed = erasureEntry.safeParse(line);
      if (!parsed.success) throw new Error(`${this.file}: entry ${index + 1} is not an erasure`);
      return parsed.data;
    });
  }

  async find(ref: string): Promise<ErasureEntry | undefined> {
    return (await this.entries()).find((entry) => entry.candidateRef === ref);
  }

  async append(entry: ErasureEntry): Promise<void> {
    await appendJsonLine(this.file, erasureEntry.parse(entry));
  }
}
