import { z } from 'zod';
import { userId } from '../schemas/common.js';
import { memoryRecords, openRecordsFile, type Records } from '../storage/recordsFile.js';
import { sha256HexPattern } from './secrets.js';

/** A personal access token as kept: its SHA-256, never the token itself. */
export const apiTokenRecord = z.object({
  id: z.uuid(),
  userId,
  /** What the person called it, e.g. "CLI on my laptop". */
  name: z.string().trim().min(1).max(100),
  hash: z.string().regex(sha256HexPattern),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().optional(),
});
export type ApiTokenRecord = z.infer<typeof apiTokenRecord>;

/**
 * Where personal access tokens are kept: a JSON file for the embedded default, memory for tests,
 * PostgreSQL when several web processes share them (storage/postgres/).
 */
export interface ApiTokenStore {
  findByHash(hash: string): Promise<ApiTokenRecord | undefined>;
  forUser(userId: string): Promise<ApiTokenRecord[]>;
  add(record: ApiTokenRecord): Promise<void>;
  update(id: string, change: Partial<Pick<ApiTokenRecord, 'lastUsedAt'>>): Promise<void>;
  remove(id: string): Promise<void>;
  removeWhere(test: (record: ApiTokenRecord) => boolean): Promise<number>;
}

function apiTokenStoreOn(records: Records<ApiTokenRecord>): ApiTokenStore {
  return {
    findByHash: async (hash) => records.all().find((one) => one.hash === hash),
    forUser: async (userId) => records.all().filter((one) => one.userId === userId),
    add: (record) => records.change((all) => [...all, record]),
    update: (id, change) =>
      records.change((all) => all.map((one) => (one.id === id ? { ...one, ...change } : one))),
    remove: (id) => records.change((all) => all.filter((one) => one.id !== id)),
    async removeWhere(test) {
      const doomed = records.all().filter(test).length;
      if (doomed > 0) await records.change((all) => all.filter((one) => !test(one)));
      return doomed;
    },
  };
}

export function memoryApiTokenStore(): ApiTokenStore {
  return apiTokenStoreOn(memoryRecords());
}

/** Tokens in one JSON file (API_TOKENS_FILE), mode 0600. */
export async function openFileApiTokenStore(file: string): Promise<ApiTokenStore> {
  return apiTokenStoreOn(await openRecordsFile(file, apiTokenRecord));
}
