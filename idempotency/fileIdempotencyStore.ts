import { resolve } from 'node:path';
import { appendJsonLine, readJsonLines, writeFileAtomic } from '../storage/durableFiles.js';
import { type IdempotencyRecord, type IdempotencyStore, idempotencyRecord } from './idempotencyStore.js';

/**
 * Idempotency records in a JSON-lines file (storage/durableFiles.ts): each record appended and
 * fsynced before the answer leaves, so a key answered before a restart is still answered after it.
 * The file is read once into memory; when expired records outnumber live ones it is rewritten with
 * the live ones only, in one atomic rename.
 */
export function fileIdempotencyStore(path: string): IdempotencyStore {
  const file = resolve(path);
  let loaded: Promise<Map<string, IdempotencyRecord>> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let lines = 0;

  const records = () => {
    loaded ??= readJsonLines(file).then((values) => {
      const map = new Map<string, IdempotencyRecord>();
      for (const value of values) {
        // A torn line from a crash mid-append never counted: skip it.
        const parsed = idempotencyRecord.safeParse(value);
        if (parsed.success) map.set(parsed.data.key, parsed.data);
      }
      lines = values.length;
      return map;
    });
    return loaded;
  };

  /** One write at a time, in order; a failed write fails its caller, not the next. */
  const serially = <T>(write: () => Promise<T>): Promise<T> => {
    const done = queue.then(write);
    queue = done.catch(() => undefined);
    return done;
  };

  async function compact(map: Map<string, IdempotencyRecord>, now: number): Promise<void> {
    for (const [key, record] of map) if (record.expiresAt <= now) map.delete(key);
    if (lines < 1_000 || lines < 2 * map.size) return;
    const content = [...map.values()].map((record) => `${JSON.stringify(record)}\n`).join('');
    await writeFileAtomic(file, content);
    lines = map.size;
  }

  return {
    location: file,
    async find(key, now) {
      const record = (await records()).get(key);
      return record && record.expiresAt > now ? record : undefined;
    },
    async save(record) {
      const checked = idempotencyRecord.parse(record);
      const map = await records();
      await serially(async () => {
        await appendJsonLine(file, checked);
        lines += 1;
        map.set(checked.key, checked);
        await compact(map, checked.storedAt);
      });
    },
  };
}
