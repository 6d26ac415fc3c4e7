import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileIdempotencyStore } from '../../idempotency/fileIdempotencyStore.js';
import { canonicalJson, requestFingerprint, scopedUpdateId } from '../../idempotency/fingerprint.js';
import type { IdempotencyRecord, IdempotencyStore } from '../../idempotency/idempotencyStore.js';
import { memoryIdempotencyStore } from '../../idempotency/memoryIdempotencyStore.js';

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(
    directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })),
  );
});

async function temporaryFile(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'idempotency-'));
  directories.push(directory);
  return join(directory, 'keys.ndjson');
}

const record = (key: string, storedAt: number, hours = 24): IdempotencyRecord => ({
  key,
  fingerprint: 'a'.repeat(64),
  status: 200,
  contentType: 'application/json; charset=utf-8',
  body: `{"key":"${key}"}`,
  storedAt,
  expiresAt: storedAt + hours * 3_600_000,
});

describe.each([
  ['in memory', async () => memoryIdempotencyStore()],
  ['in a file', async () => fileIdempotencyStore(await temporaryFile())],
] as [string, () => Promise<IdempotencyStore>][])('the idempotency store %s', (_name, make) => {
  it('finds a kept answer until it expires, then no more', async () => {
    const store = await make();
    const now = Date.now();
    await store.save(record('k1', now, 24));
    expect(await store.find('k1', now + 1)).toMatchObject({ key: 'k1', status: 200 });
    expect(await store.find('k1', now + 24 * 3_600_000)).toBeUndefined();
    expect(await store.find('other', now)).toBeUndefined();
  });
});

describe('the file store', () => {
  it('keeps answers across a restart (a new store on the same file)', async () => {
    const file = await temporaryFile();
    const now = Date.now();
    await fileIdempotencyStore(file).save(record('kept', now));
    expect(await fileIdempotencyStore(file).find('kept', now + 1000)).toMatchObject({
      body: '{"key":"kept"}',
    });
  });

  it('rewrites the file without expired records once they dominate', async () => {
    const file = await temporaryFile();
    const store = fileIdempotencyStore(file);
    const long = Date.now() - 48 * 3_600_000;
    for (let index = 0; index < 1_000; index += 1) await store.save(record(`old-${index}`, long, 1));
    await store.save(record('live', Date.now()));
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ key: 'live' });
  });
});

describe('fingerprints and Update ids', () => {
  it('reads the same body in any key order as the same request', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const one = requestFingerprint({ person: 'p', method: 'POST', path: '/x', body: { a: 1, b: 2 } });
    const two = requestFingerprint({ person: 'p', method: 'POST', path: '/x', body: { b: 2, a: 1 } });
    expect(one).toBe(two);
    expect(requestFingerprint({ person: 'q', method: 'POST', path: '/x', body: { a: 1, b: 2 } })).not.toBe(
      one,
    );
  });

  it('gives two people, posts or commands with one key different Update ids', () => {
    const base = { person: 'director.julie', target: 'p.L1.P1', command: 'decide', key: 'k' };
    const ids = new Set([
      scopedUpdateId(base),
      scopedUpdateId({ ...base, person: 'deputy.farrah' }),
      scopedUpdateId({ ...base, target: 'p.L1.P2' }),
      scopedUpdateId({ ...base, command: 'withdraw' }),
    ]);
    expect(ids.size).toBe(4);
    expect(scopedUpdateId(base)).toBe(scopedUpdateId({ ...base }));
  });
});
