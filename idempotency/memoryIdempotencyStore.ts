import { type IdempotencyRecord, type IdempotencyStore, idempotencyRecord } from './idempotencyStore.js';

/** Idempotency records in memory, for tests; expired ones are dropped as they are found. */
export function memoryIdempotencyStore(): IdempotencyStore {
  const records = new Map<string, IdempotencyRecord>();
  return {
    location: 'memory',
    async find(key, now) {
      const record = records.get(key);
      if (record && record.expiresAt <= now) records.delete(key);
      return record && record.expiresAt > now ? record : undefined;
    },
    async save(record) {
      records.set(record.key, idempotencyRecord.parse(record));
    },
  };
}
