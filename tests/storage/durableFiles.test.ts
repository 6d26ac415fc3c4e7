import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendJsonLine,
  createFileOnce,
  readJsonLines,
  writeFileAtomic,
} from '../../storage/durableFiles.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'durable-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('durable files', () => {
  it('appends JSON lines and reads them back in order, none from a file not yet made', async () => {
    const file = join(dir, 'nested', 'log.ndjson');
    expect(await readJsonLines(file)).toEqual([]);
    await appendJsonLine(file, { n: 1 });
    await appendJsonLine(file, { n: 2 });
    expect(await readJsonLines(file)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('loses only a torn append: the next line starts afresh', async () => {
    const file = join(dir, 'log.ndjson');
    await appendJsonLine(file, { n: 1 });
    await appendFile(file, '{"n":');
    await appendJsonLine(file, { n: 3 });
    expect(await readJsonLines(file)).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it('replaces a file whole and leaves no temporary file behind', async () => {
    const file = join(dir, 'keys.json');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, 'second');
    expect(await readFile(file, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['keys.json']);
  });

  it('creates a file only once, even when two callers race', async () => {
    const file = join(dir, 'master.key');
    const created = await Promise.all([createFileOnce(file, 'a'), createFileOnce(file, 'b')]);
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(['a', 'b']).toContain(await readFile(file, 'utf8'));
    expect(await createFileOnce(file, 'c')).toBe(false);
    expect(await readdir(dir)).toEqual(['master.key']);
  });
});
