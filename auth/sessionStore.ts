import { z } from 'zod';
import { userId } from '../schemas/common.js';
import { memoryRecords, openRecordsFile, type Records } from '../storage/recordsFile.js';
import { sha256HexPattern } from './secrets.js';

/** A signed-in browser, known by the SHA-256 of the session id in its cookie. */
export const sessionRecord = z.object({
  idHash: z.string().regex(sha256HexPattern),
  userId,
  /** How the person signed in: the local sign-in page, or the council's identity provider. */
  via: z.enum(['local', 'oidc']),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  /** The ID token of an OIDC sign-in, sent back as id_token_hint when the person signs out. */
  idToken: z.string().max(16_384).optional(),
});
export type SessionRecord = z.infer<typeof sessionRecord>;

/**
 * Where sessions are kept: a JSON file for the embedded default (sessions outlive a restart of the
 * web app), memory for tests, PostgreSQL when several web processes share them (storage/postgres/).
 * A change resolves once it is durable.
 */
export interface SessionStore {
  find(idHash: string): Promise<SessionRecord | undefined>;
  add(record: SessionRecord): Promise<void>;
  touch(idHash: string, lastSeenAt: string): Promise<void>;
  remove(idHash: string): Promise<void>;
  /** Removes every session the test picks (the expired ones); how many went. */
  removeWhere(test: (record: SessionRecord) => boolean): Promise<number>;
}

function sessionStoreOn(records: Records<SessionRecord>): SessionStore {
  return {
    find: async (idHash) => records.all().find((record) => record.idHash === idHash),
    add: (record) => records.change((all) => [...all.filter((one) => one.idHash !== record.idHash), record]),
    touch: (idHash, lastSeenAt) =>
      records.change((all) => all.map((one) => (one.idHash === idHash ? { ...one, lastSeenAt } : one))),
    remove: (idHash) => records.change((all) => all.filter((one) => one.idHash !== idHash)),
    async removeWhere(test) {
      const doomed = records.all().filter(test).length;
      if (doomed > 0) await records.change((all) => all.filter((one) => !test(one)));
      return doomed;
    },
  };
}

export function memorySessionStore(): SessionStore {
  return sessionStoreOn(memoryRecords());
}

/** Sessions in one JSON file (SESSIONS_FILE), mode 0600: it holds ID tokens. */
export async function openFileSessionStore(file: string): Promise<SessionStore> {
  return sessionStoreOn(await openRecordsFile(file, sessionRecord));
}
