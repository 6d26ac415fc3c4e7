import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { Logger } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CandidateErased, CandidateRegister } from '../../../candidates/candidateRegister.js';
import { openCandidateRegister } from '../../../candidates/openCandidateRegister.js';
import { loadConfig } from '../../../config/index.js';
import { openDatabase } from '../../../storage/postgres/database.js';
import { migrateDatabase, migrationStatus } from '../../../storage/postgres/migrations.js';
import { pgCandidateStore } from '../../../storage/postgres/pgCandidateStore.js';
import { distinctiveCandidate } from '../../candidates/candidateFixtures.js';
import { describeCandidateRegister, masterKey } from '../../candidates/candidateRegisterBehaviour.js';
import { hrOfficer } from '../../support/postFixtures.js';
import { startTestPostgres } from '../../support/testPostgres.js';

let postgres: Awaited<ReturnType<typeof startTestPostgres>>;
let url: string;
/** Two pools stand for two web processes: nothing is shared between them but the database. */
let processA: pg.Pool;
let processB: pg.Pool;

const tables = ['candidate_records', 'candidate_data_keys', 'candidate_erasures'];
const silentLog = { warn: () => undefined } as unknown as Logger;

beforeAll(async () => {
  postgres = await startTestPostgres();
  url = await postgres.createDatabase('candidates_test');
  await migrateDatabase(url);
  processA = openDatabase(url);
  processB = openDatabase(url);
}, 120_000);

afterAll(async () => {
  await processA?.end();
  await processB?.end();
  await postgres?.stop();
});

beforeEach(async () => {
  await processA.query(`truncate ${tables.join(', ')}`);
});

const registerOn = (pool: pg.Pool, options: { masterKey?: Uint8Array; now?: () => Date } = {}) =>
  new CandidateRegister(pgCandidateStore(pool), { masterKey, ...options });

/** Each row of the register's tables as bytes: bytea as stored, every other column as its text. */
async function rowsStored(): Promise<Map<string, Buffer>> {
  const stored = new Map<string, Buffer>();
  for (const table of tables) {
    const { rows } = await processA.query<Record<string, unknown>>(`select * from ${table}`);
    rows.forEach((row, index) => {
      const columns = Object.values(row).map((value) =>
        Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value)),
      );
      stored.set(`${table} row ${index + 1}`, Buffer.concat(columns));
    });
  }
  return stored;
}

describeCandidateRegister('PostgreSQL', {
  open: async (options) => registerOn(processA, options),
  storedBytes: rowsStored,
});

describe('the candidate register’s tables', () => {
  it('are made by the migrations command, and the register refuses a database without them', async () => {
    const bare = await postgres.createDatabase(`bare_${randomUUID().slice(0, 8)}`);
    const config = loadConfig({ DATABASE_URL: bare, CANDIDATE_MASTER_KEY: masterKey.toString('base64') });
    expect((await migrationStatus(bare)).pending).toContain('002-candidate-register');
    await expect(openCandidateRegister(config, silentLog)).rejects.toThrow(
      /candidate register's tables are not in the database \(run `npm run db -- migrate`\)/,
    );

    expect(await migrateDatabase(bare)).toContain('002-candidate-register');
    expect(await migrationStatus(bare)).toMatchObject({ pending: [] });
    const pool = openDatabase(bare);
    try {
      const { rows } = await pool.query<{ name: string | null }>(
        'select to_regclass(name)::text as name from unnest($1::text[]) as name',
        [tables],
      );
      expect(rows.map((row) => row.name)).toEqual(tables);
    } finally {
      await pool.end();
    }
    const register = await openCandidateRegister(config, silentLog);
    await register.register(distinctiveCandidate());
    await register.close();
  });
});

describe('two web processes on one database', () => {
  const reason = 'Retention period after recruitment ended';

  it('see each other’s registrations and updates, and an erasure made by either', async () => {
    const [onA, onB] = [registerOn(processA), registerOn(processB)];
    const ref = await onA.register(distinctiveCandidate());
    expect(await onB.read(ref)).toEqual(distinctiveCandidate());
    await onB.update(ref, { ...distinctiveCandidate(), phone: '07700 900999' });
    expect((await onA.read(ref)).phone).toBe('07700 900999');

    const erasure = await onA.erase(ref, hrOfficer, reason);
    await expect(onB.read(ref)).rejects.toThrow(CandidateErased);
    expect(await onB.erasureOf(ref)).toEqual(erasure);
    await expect(onB.update(ref, distinctiveCandidate())).rejects.toThrow(CandidateErased);
    expect(await onB.erase(ref, hrOfficer, 'Asked again on the other process')).toEqual(erasure);
  });

  it('erasing one candidate at once agree on one erasure, logged once, with the key gone', async () => {
    const [onA, onB] = [registerOn(processA), registerOn(processB)];
    const ref = await onA.register(distinctiveCandidate());
    const [fromA, fromB] = await Promise.all([
      onA.erase(ref, hrOfficer, 'Erased from process A'),
      onB.erase(ref, hrOfficer, 'Erased from process B'),
    ]);
    expect(fromA).toEqual(fromB);
    expect(await onA.store.erasures.entries()).toEqual([fromA]);
    expect(await onB.store.keys.get(ref)).toBeUndefined();
  });

  it('log an erasure only with the key destroyed: a failed delete leaves no erasure either', async () => {
    const register = registerOn(processA);
    const ref = await register.register(distinctiveCandidate());
    // A trigger stands for the database failing between the two writes of the erasure.
    await processA.query(`
      create function refuse_key_delete() returns trigger language plpgsql
        as $$ begin raise exception 'key delete refused by the test'; end $$;
      create trigger refuse_key_delete before delete on candidate_data_keys
        for each row execute function refuse_key_delete();`);
    try {
      await expect(register.erase(ref, hrOfficer, reason)).rejects.toThrow(/key delete refused/);
    } finally {
      await processA.query(
        'drop trigger refuse_key_delete on candidate_data_keys; drop function refuse_key_delete()',
      );
    }
    expect(await registerOn(processB).erasureOf(ref)).toBeUndefined();
    expect(await registerOn(processB).read(ref)).toEqual(distinctiveCandidate());
    expect((await register.erase(ref, hrOfficer, reason)).candidateRef).toBe(ref);
  });
});

describe('openCandidateRegister with DATABASE_URL', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candidates-pg-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the register in PostgreSQL, not in CANDIDATES_DIR, and ends its pool on close', async () => {
    const config = loadConfig({
      DATABASE_URL: url,
      CANDIDATES_DIR: join(dir, 'candidates'),
      CANDIDATE_MASTER_KEY: randomBytes(32).toString('base64'),
    });
    const first = await openCandidateRegister(config, silentLog);
    const ref = await first.register(distinctiveCandidate());
    const second = await openCandidateRegister(config, silentLog);
    expect(await second.read(ref)).toEqual(distinctiveCandidate());
    const { rows } = await processA.query('select 1 from candidate_data_keys where candidate_ref = $1', [
      ref,
    ]);
    expect(rows).toHaveLength(1);
    await expect(stat(config.CANDIDATES_DIR)).rejects.toThrow(/ENOENT/);
    expect(() => first.erasureLogFile).toThrow(/register is in postgresql .*, not in files/);

    await first.close();
    await expect(first.read(ref)).rejects.toThrow(/pool after calling end/);
    await second.close();
  });
});
