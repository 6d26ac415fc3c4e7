import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidCandidateDetails } from '../../candidates/candidateDetails.js';
import { CandidateErased, CandidateNotFound, CandidateRegister } from '../../candidates/candidateRegister.js';
import { DataKeyStore } from '../../candidates/dataKeyStore.js';
import { ErasureLog } from '../../candidates/erasureLog.js';
import { open, SealBroken } from '../../codec/aesGcm.js';
import { personRef } from '../../schemas/postCommands.js';
import { hrOfficer } from '../support/postFixtures.js';
import { distinctiveCandidate, personalStrings } from './candidateFixtures.js';

let dir: string;
const masterKey = randomBytes(32);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'candidates-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const openRegister = (key: Uint8Array = masterKey) => CandidateRegister.open({ dir, masterKey: key });

/** Every byte the register has written, file by file. */
async function filesOnDisk(): Promise<Map<string, Buffer>> {
  const names = await readdir(dir);
  return new Map(
    await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name))] as const)),
  );
}

async function sealedRecordsOf(register: CandidateRegister, ref: string): Promise<Buffer[]> {
  const lines = (await readFile(register.recordsFile, 'utf8')).trim().split('\n');
  return lines
    .map((line) => JSON.parse(line) as { candidateRef: string; sealed: string })
    .filter((line) => line.candidateRef === ref)
    .map((line) => Buffer.from(line.sealed, 'base64'));
}

describe('the candidate register', () => {
  it('registers a candidate under a fresh opaque ref and reads their details back', async () => {
    const register = await openRegister();
    const ref = await register.register(distinctiveCandidate());
    expect(ref).toMatch(/^cand-[0-9a-f]{16}$/);
    expect(personRef.safeParse(ref).success).toBe(true);
    expect(await register.register(distinctiveCandidate())).not.toBe(ref);
    expect(await register.read(ref)).toEqual(distinctiveCandidate());
  });

  it('writes no personal data in the clear to any of its files', async () => {
    const register = await openRegister();
    await register.register(distinctiveCandidate());
    const files = await filesOnDisk();
    expect([...files.keys()].sort()).toEqual(['data-keys.json', 'records.ndjson']);
    for (const [name, bytes] of files) {
      for (const personal of [...personalStrings(distinctiveCandidate()), 'W7X-3KQ-9PL']) {
        expect(bytes.includes(personal), `${name} holds ${personal}`).toBe(false);
      }
    }
  });

  it('encrypts each candidate with a data key of their own, kept wrapped apart from the records', async () => {
    const register = await openRegister();
    const first = await register.register(distinctiveCandidate('A'));
    const second = await register.register(distinctiveCandidate('B'));
    const keys = new DataKeyStore(register.dataKeysFile, masterKey);
    expect((await keys.refs()).sort()).toEqual([first, second].sort());
    const [firstKey, secondKey] = [await keys.get(first), await keys.get(second)];
    expect(firstKey?.equals(secondKey as Buffer)).toBe(false);
    const [sealed] = await sealedRecordsOf(register, first);
    expect(() => open(secondKey as Buffer, sealed as Buffer, `candidate-record:${first}`)).toThrow(
      SealBroken,
    );
  });

  it('reads the latest version after an update', async () => {
    const register = await openRegister();
    const ref = await register.register(distinctiveCandidate());
    await register.update(ref, { ...distinctiveCandidate(), phone: '07700 900999' });
    expect((await register.read(ref)).phone).toBe('07700 900999');
    expect(await sealedRecordsOf(register, ref)).toHaveLength(2);
  });

  it('refuses details that are not valid, naming the field but not repeating its value', async () => {
    const register = await openRegister();
    const attempt = register.register({ ...distinctiveCandidate(), email: 'zephyrine at example' });
    await expect(attempt).rejects.toThrow(InvalidCandidateDetails);
    await expect(attempt).rejects.toThrow(/candidate details are not valid: email: /);
    await expect(attempt).rejects.not.toThrow(/zephyrine/);
  });

  it('answers CandidateNotFound for a ref it does not hold', async () => {
    const register = await openRegister();
    await expect(register.read('cand-0042')).rejects.toThrow(CandidateNotFound);
    await expect(register.erase('cand-0042', hrOfficer, 'Withdrew from the process')).rejects.toThrow(
      /no candidate cand-0042/,
    );
  });

  it('refuses to unwrap data keys with another master key', async () => {
    const ref = await (await openRegister()).register(distinctiveCandidate());
    const withOtherKey = await openRegister(randomBytes(32));
    await expect(withOtherKey.read(ref)).rejects.toThrow(/data key of candidate .* cannot be unwrapped/);
  });
});

describe('erasing a candidate (crypto-shredding)', () => {
  const reason = 'Candidate withdrew and asked for erasure (UK GDPR article 17)';

  it('makes every later read throw CandidateErased, naming the ref and when', async () => {
    const register = await openRegister();
    const ref = await register.register(distinctiveCandidate());
    const erasure = await register.erase(ref, hrOfficer, reason);
    const read = register.read(ref);
    await expect(read).rejects.toThrow(CandidateErased);
    await expect(register.read(ref)).rejects.toThrow(
      new RegExp(
        `candidate ${ref} was erased on ${erasure.erasedAt}: their personal data can no longer be read`,
      ),
    );
    await expect(register.update(ref, distinctiveCandidate())).rejects.toThrow(CandidateErased);
    // A register opened afresh knows it too: the erasure is on disk, not in memory.
    await expect((await openRegister()).read(ref)).rejects.toThrow(CandidateErased);
  });

  it('leaves the ciphertext on disk but nothing on disk that opens it', async () => {
    const register = await openRegister();
    const ref = await register.register(distinctiveCandidate());
    const other = await register.register(distinctiveCandidate('B'));
    await register.erase(ref, hrOfficer, reason);

    const [sealed] = await sealedRecordsOf(register, ref);
    expect(sealed).toBeDefined();
    const keys = new DataKeyStore(register.dataKeysFile, masterKey);
    expect(await keys.refs()).toEqual([other]);
    expect(await keys.get(ref)).toBeUndefined();
    // Every key that is left, and the master key itself, fail to open the erased record.
    const remaining = [masterKey, ...(await Promise.all((await keys.refs()).map((each) => keys.get(each))))];
    for (const key of remaining) {
      expect(() => open(key as Buffer, sealed as Buffer, `candidate-record:${ref}`)).toThrow(SealBroken);
    }
    const files = await filesOnDisk();
    expect([...files.keys()].sort()).toEqual(['data-keys.json', 'erasures.ndjson', 'records.ndjson']);
    expect(files.get('data-keys.json')?.includes(ref)).toBe(false);
    expect(await register.read(other)).toEqual(distinctiveCandidate('B'));
  });

  it('logs who erased the record, when and why, and no personal data', async () => {
    const now = new Date('2026-02-03T10:15:00.000Z');
    const register = await CandidateRegister.open({ dir, masterKey, now: () => now });
    const ref = await register.register(distinctiveCandidate());
    await register.erase(ref, hrOfficer, reason);

    expect(await new ErasureLog(register.erasureLogFile).entries()).toEqual([
      { candidateRef: ref, erasedAt: now.toISOString(), erasedBy: hrOfficer, reason },
    ]);
    const log = await readFile(register.erasureLogFile);
    for (const personal of personalStrings(distinctiveCandidate()))
      expect(log.includes(personal)).toBe(false);
  });

  it('refuses a reason that repeats the candidate’s personal data, and erases nothing', async () => {
    const register = await openRegister();
    const ref = await register.register(distinctiveCandidate());
    await expect(
      register.erase(ref, hrOfficer, `Zephyrine Quillfeather-Oduya asked for erasure`),
    ).rejects.toThrow(/repeats the candidate’s personal data/);
    expect(await register.read(ref)).toEqual(distinctiveCandidate());
    expect(await register.erasureOf(ref)).toBeUndefined();
  });

  it('answers the first erasure when asked to erase again', async () => {
    const register = await openRegister();
    const ref = await register.register(distinctiveCandidate());
    const first = await register.erase(ref, hrOfficer, reason);
    expect(await register.erase(ref, hrOfficer, 'Asked again')).toEqual(first);
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
    const keys = new DataKeyStore(register.dataKeysFile, masterKey);
    expect(await keys.refs()).toEqual([ref]);

    const reopened = await openRegister();
    expect(await keys.refs()).toEqual([]);
    await expect(reopened.read(ref)).rejects.toThrow(CandidateErased);
  });
});
