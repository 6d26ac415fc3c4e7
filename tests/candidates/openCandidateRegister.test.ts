import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { candidateMasterKey, openCandidateRegister } from '../../candidates/openCandidateRegister.js';
import { loadConfig } from '../../config/index.js';
import { distinctiveCandidate } from './candidateFixtures.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'candidate-keys-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fakeLog = () => ({ warn: vi.fn() }) as unknown as Logger & { warn: ReturnType<typeof vi.fn> };

const localConfig = (env: NodeJS.ProcessEnv = {}) =>
  loadConfig({
    CANDIDATES_DIR: join(dir, 'candidates'),
    CANDIDATE_LOCAL_KEY_FILE: join(dir, 'keys', 'candidate-master.key'),
    ...env,
  });

describe('the candidate master key', () => {
  it('comes from CANDIDATE_MASTER_KEY when it is set, with no key file and no warning', async () => {
    const key = randomBytes(32);
    const log = fakeLog();
    const config = localConfig({ CANDIDATE_MASTER_KEY: key.toString('base64') });
    expect((await candidateMasterKey(config, log)).equals(key)).toBe(true);
    await expect(stat(localConfig().CANDIDATE_LOCAL_KEY_FILE)).rejects.toThrow(/ENOENT/);
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('without it, is generated once into a private local key file, with a warning, and reused', async () => {
    const log = fakeLog();
    const first = await candidateMasterKey(localConfig(), log);
    const file = localConfig().CANDIDATE_LOCAL_KEY_FILE;
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(log.warn).toHaveBeenCalledWith(
      { file, created: true },
      expect.stringMatching(/CANDIDATE_MASTER_KEY is not set/),
    );
    expect((await candidateMasterKey(localConfig(), log)).equals(first)).toBe(true);
    expect(log.warn).toHaveBeenLastCalledWith({ file, created: false }, expect.any(String));
  });

  it('keeps records readable across registers opened with the local key', async () => {
    const ref = await (await openCandidateRegister(localConfig(), fakeLog())).register(
      distinctiveCandidate(),
    );
    const reopened = await openCandidateRegister(localConfig(), fakeLog());
    expect(await reopened.read(ref)).toEqual(distinctiveCandidate());
    expect(await readFile(join(dir, 'candidates', 'data-keys.json'), 'utf8')).toContain(ref);
  });

  it('refuses a local key file that does not hold a 32-byte key, naming the file', async () => {
    const file = localConfig().CANDIDATE_LOCAL_KEY_FILE;
    await candidateMasterKey(localConfig(), fakeLog());
    await writeFile(file, 'c2hvcnQ=\n');
    await expect(candidateMasterKey(localConfig(), fakeLog())).rejects.toThrow(
      new RegExp(`${file} does not hold a 32-byte base64 key`),
    );
  });
});
