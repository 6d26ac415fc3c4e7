import { join } from 'node:path';
import { z } from 'zod';
import { isoInstant } from '../schemas/common.js';
import { appendJsonLine, readJsonLines } from '../storage/durableFiles.js';
import { candidateRef } from './candidateDetails.js';
import type { CandidateStore, SealedRecord, SealedRecords } from './candidateStore.js';
import { DataKeyStore } from './dataKeyStore.js';
import { type ErasureEntry, ErasureLog } from './erasureLog.js';

/** A version of a candidate's record as a line of records.ndjson. */
const recordLine = z.object({ candidateRef, sealed: z.base64(), savedAt: isoInstant });

/** records.ndjson: every version of every record, appended and fsynced. */
class RecordsFile implements SealedRecords {
  constructor(readonly file: string) {}

  async append(record: SealedRecord): Promise<void> {
    await appendJsonLine(this.file, { ...record, sealed: record.sealed.toString('base64') });
  }

  async versions(ref: string): Promise<SealedRecord[]> {
    return (await readJsonLines(this.file))
      .map((line) => recordLine.parse(line))
      .filter((line) => line.candidateRef === ref)
      .map((line) => ({ ...line, sealed: Buffer.from(line.sealed, 'base64') }));
  }
}

/** Where each part of a file store is, for the tests and tools that read the files themselves. */
export interface CandidateFiles {
  readonly recordsFile: string;
  readonly dataKeysFile: string;
  readonly erasureLogFile: string;
}

/**
 * The register in files under one directory (CANDIDATES_DIR): records.ndjson, data-keys.json and
 * erasures.ndjson. One process per directory: writes are serialised by the register, not across
 * processes (DATABASE_URL is the way to share the register between web processes).
 */
export class FileCandidateStore implements CandidateStore, CandidateFiles {
  readonly records: RecordsFile;
  readonly keys: DataKeyStore;
  readonly erasures: ErasureLog;

  private constructor(readonly dir: string) {
    this.records = new RecordsFile(join(dir, 'records.ndjson'));
    this.keys = new DataKeyStore(join(dir, 'data-keys.json'));
    this.erasures = new ErasureLog(join(dir, 'erasures.ndjson'));
  }

  /** Opens the files, first finishing any erasure a crash left with its key still stored. */
  static async open(dir: string): Promise<FileCandidateStore> {
    const store = new FileCandidateStore(dir);
    for (const erasure of await store.erasures.entries()) await store.keys.destroy(erasure.candidateRef);
    return store;
  }

  get where(): string {
    return `files (${this.dir})`;
  }
  get recordsFile(): string {
    return this.records.file;
  }
  get dataKeysFile(): string {
    return this.keys.file;
  }
  get erasureLogFile(): string {
    return this.erasures.file;
  }

  async erase(entry: ErasureEntry): Promise<ErasureEntry> {
    const earlier = await this.erasures.find(entry.candidateRef);
    if (earlier) return earlier;
    // Logged first: a crash before the key is gone leaves an erasure that open() completes.
    await this.erasures.append(entry);
    await this.keys.destroy(entry.candidateRef);
    return entry;
  }

  async close(): Promise<void> {}
}
