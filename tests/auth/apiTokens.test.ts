import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryApiTokenStore, openFileApiTokenStore } from '../../auth/apiTokenStore.js';
import { ApiTokens } from '../../auth/apiTokens.js';
import { sha256Hex } from '../../auth/secrets.js';

const day = 24 * 60 * 60 * 1000;

function tokensWith(store = memoryApiTokenStore()) {
  let now = Date.parse('2026-03-02T09:00:00Z');
  return {
    store,
    tokens: new ApiTokens(store, () => now),
    advance: (millis: number) => {
      now += millis;
    },
  };
}

describe('personal access tokens', () => {
  it('are made for a person, work until they expire, and note when they were last used', async () => {
    const { tokens, advance } = tokensWith();
    const { token, record } = await tokens.issue('hr.sam', 'CLI on my laptop', 7);
    expect(token).toMatch(/^cpat_[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({ userId: 'hr.sam', name: 'CLI on my laptop' });
    expect(Date.parse(record.expiresAt) - Date.parse(record.createdAt)).toBe(7 * day);
    expect(record.lastUsedAt).toBeUndefined();

    advance(day);
    expect(await tokens.verify(token)).toMatchObject({ id: record.id, userId: 'hr.sam' });
    expect((await tokens.list('hr.sam'))[0]?.lastUsedAt).toBe('2026-03-03T09:00:00.000Z');

    advance(6 * day);
    expect(await tokens.verify(token)).toBeUndefined();
    expect(await tokens.list('hr.sam')).toEqual([]);
  });

  it('stop working once revoked, and only their owner can revoke them', async () => {
    const { tokens } = tokensWith();
    const { token, record } = await tokens.issue('hr.sam', 'Script', 30);
    expect(await tokens.revoke('director.julie', record.id)).toBe(false);
    expect(await tokens.verify(token)).toBeDefined();
    expect(await tokens.revoke('hr.sam', record.id)).toBe(true);
    expect(await tokens.verify(token)).toBeUndefined();
  });

  it('accept nothing that is not a token they made', async () => {
    const { tokens } = tokensWith();
    const { token } = await tokens.issue('hr.sam', 'Script', 30);
    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const guess of [altered, '', 'cpat_', token.slice(5), `${token} `, sha256Hex(token)]) {
      expect(await tokens.verify(guess), guess).toBeUndefined();
    }
  });

  it('are kept only as a SHA-256 hash, with name, dates and last use', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'tokens-')), 'api-tokens.json');
    const { tokens } = tokensWith(await openFileApiTokenStore(file));
    const { token } = await tokens.issue('director.julie', 'Reports', 90);
    await tokens.verify(token);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.slice(5));
    const [kept] = JSON.parse(text) as Record<string, unknown>[];
    expect(Object.keys(kept ?? {}).sort()).toEqual(
      ['createdAt', 'expiresAt', 'hash', 'id', 'lastUsedAt', 'name', 'userId'].sort(),
    );
    expect(kept?.hash).toBe(sha256Hex(token));
    // Another process (the web app restarted) knows the token by its hash.
    const reopened = new ApiTokens(await openFileApiTokenStore(file), () =>
      Date.parse('2026-03-03T09:00:00Z'),
    );
    expect(await reopened.verify(token)).toMatchObject({ userId: 'director.julie' });
  });
});
