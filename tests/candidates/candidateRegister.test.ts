import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CandidateErased, CandidateRegister } from '../../candidates/candidateRegister.js';
import { DataKeyStore } from '../../candidates/dataKeyStore.js';
import { ErasureLog } from '../../candidates/erasureLog.js';
import { hrOfficer } from '../support/postFixtures.js';
import { distinctiveCandidate } from './candidateFixtures.js';
import { describeCandidateRegister, masterKey } from './candidateRegisterBehaviour.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'candidates-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const openRegister = (options: { masterKey?: Uint8Array; now?: () => Date } = {}) =>
  CandidateRegister.open({ dir, masterKey, ...options });

/** Every byte the register has written, file by file. */
async function filesOnDisk(): Promise<Map<string, Buffer>> {
  const names = await readdir(dir);
  return new Map(
    await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name))] as const)),
  );
}

describeCandidateRegister('files', { open: openRegister, storedBytes: filesOnDisk });

describe('the candidate register’s files', () => {
  const reason = 'Candidate withdrew and asked for erasure (UK GDPR article 17)';

  it('are the records and the data keys, then the erasure log; an erased key leaves its file', async () => {
    const register = await openRegister();
    const ref = await register.register(distinctiveCandidate());
    expect([...(await filesOnDisk()).keys()].sort()).toEqual(['data-keys.json', 'records.ndjson']);
    expect(register.dataKeysFile).toBe(join(dir, 'data-keys.json'));
    expect((await readFile(register.recordsFile, 'utf8')).split('\n')).toHaveLength(2);

    await register.erase(ref, hrOfficer, reason);
    const files = await filesOnDisk();
    expect([...files.keys()].sort()).toEqual(['data-keys.json', 'erasures.ndjson', 'records.ndjson']);
    expect(files.get('data-keys.json')?.includes(ref)).toBe(false);
    expect(files.get('records.ndjson')?.includes(ref)).toBe(true);
    expect(await new ErasureLog(register.erasureLogFile).entries()).toHaveLength(1);
  });

  it('finishes on opening an erasure that a crash left with the key still stored', async () => {
    const register = await openRegister();
    const ref = await register.register(distinctiveCandidate());
    // The erasure was logged, then the process died before the key store was rewritten.
    await new ErasureLog(register.erasureLogFile).append({
      candidateRef: ref,
      erasedAt: new Date().toISOString(),
      erasedBy: hrOfficer,
      reason,
    });
    const keys = new DataKeyStore(register.dataKeysFile);
    expect(await keys.refs()).toEqual([ref]);

    const reopened = await openRegister();
    expect(await keys.refs()).toEqual([]);
    await expect(reopened.read(ref)).rejects.toThrow(CandidateErased);
  });
});
