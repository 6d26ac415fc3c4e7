import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { keyBytes } from '../config/keys.js';
import { createFileOnce, readFileIfThere } from '../storage/durableFiles.js';
import { openDatabase } from '../storage/postgres/database.js';
import { checkCandidateTables, pgCandidateStore } from '../storage/postgres/pgCandidateStore.js';
import { CandidateRegister } from './candidateRegister.js';

export type CandidateRegisterConfig = Pick<
  Config,
  'CANDIDATES_DIR' | 'CANDIDATE_MASTER_KEY' | 'CANDIDATE_LOCAL_KEY_FILE' | 'DATABASE_URL'
>;

/**
 * The master key that wraps candidates' data keys: CANDIDATE_MASTER_KEY, or for the local stack a key
 * generated once into CANDIDATE_LOCAL_KEY_FILE. That file sits on the same disk as the records, which
 * is fine for trying the product and not for real candidates: hence the warning.
 */
export async function candidateMasterKey(config: CandidateRegisterConfig, log: Logger): Promise<Buffer> {
  if (config.CANDIDATE_MASTER_KEY) return config.CANDIDATE_MASTER_KEY.bytes;
  const file = config.CANDIDATE_LOCAL_KEY_FILE;
  const created = await createFileOnce(file, `${randomBytes(keyBytes).toString('base64')}\n`);
  const key = Buffer.from(((await readFileIfThere(file)) ?? '').trim(), 'base64');
  if (key.length !== keyBytes) {
    throw new Error(
      `${file} does not hold a ${keyBytes}-byte base64 key; set CANDIDATE_MASTER_KEY or remove the file`,
    );
  }
  log.warn(
    { file, created },
    'CANDIDATE_MASTER_KEY is not set: candidate data keys are wrapped with a local key file (local stack only)',
  );
  return key;
}

/**
 * The candidate register of this configuration: in PostgreSQL when DATABASE_URL is set, so every web
 * process shares it, else in files under CANDIDATES_DIR. Its close() ends the pool it opened.
 */
export async function openCandidateRegister(
  config: CandidateRegisterConfig,
  log: Logger,
): Promise<CandidateRegister> {
  const masterKey = await candidateMasterKey(config, log);
  if (!config.DATABASE_URL) return CandidateRegister.open({ dir: config.CANDIDATES_DIR, masterKey });
  const pool = openDatabase(config.DATABASE_URL, log, 4);
  try {
    await checkCandidateTables(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new CandidateRegister({ ...pgCandidateStore(pool), close: () => pool.end() }, { masterKey });
}
