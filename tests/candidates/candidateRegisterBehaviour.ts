import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidCandidateDetails } from '../../candidates/candidateDetails.js';
import {
  CandidateErased,
  CandidateNotFound,
  type CandidateRegister,
} from '../../candidates/candidateRegister.js';
import { unwrapDataKey } from '../../candidates/dataKeyWrapping.js';
import { open, SealBroken } from '../../codec/aesGcm.js';
import { personRef } from '../../schemas/postCommands.js';
import { hrOfficer } from '../support/postFixtures.js';
import { distinctiveCandidate, personalStrings } from './candidateFixtures.js';

/** The master key every register of these tests wraps with, unless a test says otherwise. */
export const masterKey = randomBytes(32);

/** One kind of storage beneath the register; each test starts with it empty. */
export interface RegisterBackend {
  /** A register on this test's storage: registers opened in one test see the same candidates. */
  open(options?: { masterKey?: Uint8Array; now?: () => Date }): Promise<CandidateRegister>;
  /** Everything stored (each file, or each table row), so the tests can search its bytes. */
  storedBytes(): Promise<Map<string, Buffer>>;
}

const reason = 'Candidate withdrew and asked for erasure (UK GDPR article 17)';
const sealedFor = (ref: string) => `candidate-record:${ref}`;

async function sealedRecordsOf(register: CandidateRegister, ref: string): Promise<Buffer[]> {
  return (await register.store.records.versions(ref)).map((version) => version.sealed);
}

async function dataKeyOf(register: CandidateRegister, ref: string): Promise<Buffer | undefined> {
  const wrapped = await register.store.keys.get(ref);
  return wrapped && unwrapDataKey(masterKey, ref, wrapped);
}

async function expectNoPersonalData(backend: RegisterBackend): Promise<void> {
  const stored = await backend.storedBytes();
  expect(stored.size).toBeGreaterThan(0);
  for (const [where, bytes] of stored) {
    for (const personal of [...personalStrings(distinctiveCandidate()), 'W7X-3KQ-9PL']) {
      expect(bytes.includes(personal), `${where} holds ${personal}`).toBe(false);
    }
  }
}

/**
 * The register's behaviour, whatever it is stored in: run by tests/candidates/candidateRegister.test.ts
 * on files and by tests/storage/postgres/pgCandidateStore.test.ts on PostgreSQL.
 */
export function describeCandidateRegister(storage: string, backend: RegisterBackend): void {
  describe(`the candidate register in ${storage}`, () => {
    it('registers a candidate under a fresh opaque ref and reads their details back', async () => {
      const register = await backend.open();
      const ref = await register.register(distinctiveCandidate());
      expect(ref).toMatch(/^cand-[0-9a-f]{16}$/);
      expect(personRef.safeParse(ref).success).toBe(true);
      expect(await register.register(distinctiveCandidate())).not.toBe(ref);
      expect(await register.read(ref)).toEqual(distinctiveCandidate());
    });

    it('stores no personal data in the clear', async () => {
      const register = await backend.open();
      await register.register(distinctiveCandidate());
      await expectNoPersonalData(backend);
    });

    it('encrypts each candidate with a data key of their own, kept wrapped apart from the records', async () => {
      const register = await backend.open();
      const first = await register.register(distinctiveCandidate('A'));
      const second = await register.register(distinctiveCandidate('B'));
      expect((await register.store.keys.refs()).sort()).toEqual([first, second].sort());
      const [firstKey, secondKey] = [await dataKeyOf(register, first), await dataKeyOf(register, second)];
      expect(firstKey?.equals(secondKey as Buffer)).toBe(false);
      expect((await register.store.keys.get(first))?.includes(firstKey as Buffer)).toBe(false);
      const [sealed] = await sealedRecordsOf(register, first);
      expect(() => open(secondKey as Buffer, sealed as Buffer, sealedFor(first))).toThrow(SealBroken);
      expect(open(firstKey as Buffer, sealed as Buffer, sealedFor(first)).toString()).toContain('Zephyrine');
    });

    it('reads the latest version after an update', async () => {
      const register = await backend.open();
      const ref = await register.register(distinctiveCandidate());
      await register.update(ref, { ...distinctiveCandidate(), phone: '07700 900999' });
      expect((await register.read(ref)).phone).toBe('07700 900999');
      expect(await sealedRecordsOf(register, ref)).toHaveLength(2);
    });

    it('refuses a second data key for a candidate, keeping the first', async () => {
      const register = await backend.open();
      const ref = await register.register(distinctiveCandidate());
      await expect(register.store.keys.create(ref, randomBytes(60), new Date())).rejects.toThrow(
        `candidate ${ref} already has a data key`,
      );
      expect(await register.read(ref)).toEqual(distinctiveCandidate());
    });

    it('refuses details that are not valid, naming the field but not repeating its value', async () => {
      const register = await backend.open();
      const attempt = register.register({ ...distinctiveCandidate(), email: 'zephyrine at example' });
      await expect(attempt).rejects.toThrow(InvalidCandidateDetails);
      await expect(attempt).rejects.toThrow(/candidate details are not valid: email: /);
      await expect(attempt).rejects.not.toThrow(/zephyrine/);
    });

    it('answers CandidateNotFound for a ref it does not hold', async () => {
      const register = await backend.open();
      await expect(register.read('cand-0042')).rejects.toThrow(CandidateNotFound);
      await expect(register.erase('cand-0042', hrOfficer, 'Withdrew from the process')).rejects.toThrow(
        /no candidate cand-0042/,
      );
    });

    it('refuses to unwrap data keys with another master key', async () => {
      const ref = await (await backend.open()).register(distinctiveCandidate());
      const withOtherKey = await backend.open({ masterKey: randomBytes(32) });
      await expect(withOtherKey.read(ref)).rejects.toThrow(/data key of candidate .* cannot be unwrapped/);
    });
  });

  describe(`erasing a candidate in ${storage} (crypto-shredding)`, () => {
    it('makes every later read throw CandidateErased, naming the ref and when', async () => {
      const register = await backend.open();
      const ref = await register.register(distinctiveCandidate());
      const erasure = await register.erase(ref, hrOfficer, reason);
      await expect(register.read(ref)).rejects.toThrow(CandidateErased);
      await expect(register.read(ref)).rejects.toThrow(
        new RegExp(
          `candidate ${ref} was erased on ${erasure.erasedAt}: their personal data can no longer be read`,
        ),
      );
      await expect(register.update(ref, distinctiveCandidate())).rejects.toThrow(CandidateErased);
      // A register opened afresh knows it too: the erasure is stored, not in memory.
      await expect((await backend.open()).read(ref)).rejects.toThrow(CandidateErased);
    });

    it('leaves the ciphertext stored but nothing stored that opens it', async () => {
      const register = await backend.open();
      const ref = await register.register(distinctiveCandidate());
      const other = await register.register(distinctiveCandidate('B'));
      await register.erase(ref, hrOfficer, reason);

      const [sealed] = await sealedRecordsOf(register, ref);
      expect(sealed).toBeDefined();
      expect(await register.store.keys.refs()).toEqual([other]);
      expect(await register.store.keys.get(ref)).toBeUndefined();
      // Every key that is left, and the master key itself, fail to open the erased record.
      const remaining = [masterKey, await dataKeyOf(register, other)];
      for (const key of remaining) {
        expect(() => open(key as Buffer, sealed as Buffer, sealedFor(ref))).toThrow(SealBroken);
      }
      expect(await register.read(other)).toEqual(distinctiveCandidate('B'));
    });

    it('logs who erased the record, when and why, and stores no personal data', async () => {
      const now = new Date('2026-02-03T10:15:00.000Z');
      const register = await backend.open({ now: () => now });
      const ref = await register.register(distinctiveCandidate());
      await register.erase(ref, hrOfficer, reason);

      expect(await register.store.erasures.entries()).toEqual([
        { candidateRef: ref, erasedAt: now.toISOString(), erasedBy: hrOfficer, reason },
      ]);
      await expectNoPersonalData(backend);
    });

    it('refuses a reason that repeats the candidate’s personal data, and erases nothing', async () => {
      const register = await backend.open();
      const ref = await register.register(distinctiveCandidate());
      await expect(
        register.erase(ref, hrOfficer, `Zephyrine Quillfeather-Oduya asked for erasure`),
      ).rejects.toThrow(/repeats the candidate’s personal data/);
      expect(await register.read(ref)).toEqual(distinctiveCandidate());
      expect(await register.erasureOf(ref)).toBeUndefined();
      expect(await register.store.erasures.entries()).toEqual([]);
    });

    it('answers the first erasure when asked to erase again, by the register or its store', async () => {
      const register = await backend.open();
      const ref = await register.register(distinctiveCandidate());
      const first = await register.erase(ref, hrOfficer, reason);
      expect(await register.erase(ref, hrOfficer, 'Asked again')).toEqual(first);
      const again = { ...first, erasedAt: new Date(Date.now() + 60_000).toISOString(), reason: 'Twice' };
      expect(await register.store.erase(again)).toEqual(first);
      expect(await register.store.erasures.entries()).toEqual([first]);
    });
  });
}
