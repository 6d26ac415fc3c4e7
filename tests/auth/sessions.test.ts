import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../auth/secrets.js';
import { memorySessionStore, openFileSessionStore, type SessionStore } from '../../auth/sessionStore.js';
import { SessionManager, sessionVerdict } from '../../auth/sessions.js';

const minute = 60_000;
const hour = 60 * minute;
const timeouts = { idleMillis: 30 * minute, absoluteMillis: 10 * hour };

/** A clock the test moves by hand. */
function testClock(start = Date.parse('2026-03-02T09:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance: (millis: number) => {
      now += millis;
    },
  };
}

function managerWith(store: SessionStore = memorySessionStore()) {
  const clock = testClock();
  return { clock, store, sessions: new SessionManager(store, timeouts, clock.now) };
}

describe('a session’s timeouts', () => {
  it('is live until 30 minutes without a request, and until 10 hours after sign-in however busy', () => {
    const createdAt = '2026-03-02T09:00:00.000Z';
    const at = (iso: string) => Date.parse(iso);
    expect(sessionVerdict({ createdAt, lastSeenAt: createdAt }, at('2026-03-02T09:29:59Z'), timeouts)).toBe(
      'live',
    );
    expect(sessionVerdict({ createdAt, lastSeenAt: createdAt }, at('2026-03-02T09:30:00Z'), timeouts)).toBe(
      'idle',
    );
    const busy = { createdAt, lastSeenAt: '2026-03-02T18:59:00.000Z' };
    expect(sessionVerdict(busy, at('2026-03-02T18:59:59Z'), timeouts)).toBe('live');
    expect(sessionVerdict(busy, at('2026-03-02T19:00:00Z'), timeouts)).toBe('absolute');
  });
});

describe('server-side sessions with an injected clock', () => {
  it('ends a session left idle for 30 minutes, and deletes it', async () => {
    const { clock, sessions, store } = managerWith();
    const id = await sessions.start({ userId: 'hr.sam', via: 'local' });
    clock.advance(29 * minute);
    expect(await sessions.resume(id)).toMatchObject({ live: true, record: { userId: 'hr.sam' } });
    // The request at 29 minutes counted: another 29 minutes later it is still live.
    clock.advance(29 * minute);
    expect((await sessions.resume(id)).live).toBe(true);
    clock.advance(30 * minute);
    expect(await sessions.resume(id)).toEqual({ live: false, ended: 'idle' });
    expect(await store.find(sha256Hex(id))).toBeUndefined();
    expect(await sessions.resume(id)).toEqual({ live: false, ended: 'unknown' });
  });

  it('ends a busy session 10 hours after sign-in', async () => {
    const { clock, sessions } = managerWith();
    const id = await sessions.start({ userId: 'director.julie', via: 'oidc', idToken: 'id.token.here' });
    for (let elapsed = 0; elapsed < 10 * hour - 20 * minute; elapsed += 20 * minute) {
      clock.advance(20 * minute);
      expect((await sessions.resume(id)).live, `after ${elapsed / minute + 20} minutes`).toBe(true);
    }
    clock.advance(20 * minute);
    expect(await sessions.resume(id)).toEqual({ live: false, ended: 'absolute' });
  });

  it('never works again after sign-out', async () => {
    const { sessions } = managerWith();
    const id = await sessions.start({ userId: 'hr.sam', via: 'local' });
    expect(await sessions.end(id)).toMatchObject({ userId: 'hr.sam' });
    expect(await sessions.resume(id)).toEqual({ live: false, ended: 'unknown' });
    expect(await sessions.end(id)).toBeUndefined();
  });

  it('makes a new id at every sign-in, ending the session the browser had', async () => {
    const { sessions } = managerWith();
    const before = await sessions.start({ userId: 'viewer.pat', via: 'local' });
    const after = await sessions.start({ userId: 'hr.sam', via: 'local' }, before);
    expect(after).not.toBe(before);
    expect(after).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await sessions.resume(before)).live).toBe(false);
    expect(await sessions.resume(after)).toMatchObject({ live: true, record: { userId: 'hr.sam' } });
  });

  it('refuses ids that were never made, without looking them up', async () => {
    const { sessions } = managerWith();
    for (const id of ['', 'hr.sam', 'x'.repeat(43), '../../etc/passwd', 'a'.repeat(5000)]) {
      expect((await sessions.resume(id)).live, id.slice(0, 20)).toBe(false);
    }
  });

  it('forgets expired sessions when another begins, so the store does not grow without end', async () => {
    const { clock, sessions, store } = managerWith();
    const old = await sessions.start({ userId: 'hr.sam', via: 'local' });
    clock.advance(31 * minute);
    await sessions.start({ userId: 'viewer.pat', via: 'local' });
    expect(await store.find(sha256Hex(old))).toBeUndefined();
  });
});

describe('sessions in a file (the embedded default)', () => {
  it('outlive a restart of the web app, keep only the hash of each id, and stay signed out', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'sessions-')), 'auth', 'sessions.json');
    const first = managerWith(await openFileSessionStore(file));
    const kept = await first.sessions.start({ userId: 'hr.sam', via: 'local' });
    const ended = await first.sessions.start({ userId: 'director.julie', via: 'oidc', idToken: 'a.b.c' });
    await first.sessions.end(ended);

    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(kept);
    expect(text).toContain(sha256Hex(kept));
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    // A new process reads the file: the live session carries on, the ended one stays ended.
    const restarted = new SessionManager(await openFileSessionStore(file), timeouts, first.clock.now);
    expect(await restarted.resume(kept)).toMatchObject({ live: true, record: { userId: 'hr.sam' } });
    expect(await restarted.resume(ended)).toEqual({ live: false, ended: 'unknown' });
  });

  it('refuses a damaged file, naming it', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sessions-'));
    const file = join(directory, 'sessions.json');
    await import('node:fs/promises').then(({ writeFile }) => writeFile(file, '[{"idHash": "nope"}]'));
    await expect(openFileSessionStore(file)).rejects.toThrow(file);
  });
});
