import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiTokens } from '../../../auth/apiTokens.js';
import { SessionManager } from '../../../auth/sessions.js';
import type { LeaveDelegation } from '../../../schemas/person.js';
import { openDatabase } from '../../../storage/postgres/database.js';
import { migrateDatabase, migrationStatus, migrations } from '../../../storage/postgres/migrations.js';
import { pgApiTokenStore } from '../../../storage/postgres/pgApiTokenStore.js';
import { pgAuditLog } from '../../../storage/postgres/pgAuditLog.js';
import { openPgDirectoryStore } from '../../../storage/postgres/pgDirectoryStore.js';
import { pgIdempotencyStore } from '../../../storage/postgres/pgIdempotencyStore.js';
import { pgRateLimitStore } from '../../../storage/postgres/pgRateLimitStore.js';
import { pgSessionStore } from '../../../storage/postgres/pgSessionStore.js';
import { openSharedState } from '../../../storage/sharedState.js';
import { examplePeople } from '../../support/exampleDirectory.js';
import { startTestPostgres } from '../../support/testPostgres.js';
import { type LocalWebApp, startLocalWebApp } from '../../web/localWebApp.js';

let postgres: Awaited<ReturnType<typeof startTestPostgres>>;
let url: string;
/** Two pools stand for two web replicas: nothing is shared between them but the database. */
let replicaA: pg.Pool;
let replicaB: pg.Pool;

beforeAll(async () => {
  postgres = await startTestPostgres();
  url = await postgres.createDatabase('council_posts_test');
  replicaA = openDatabase(url);
  replicaB = openDatabase(url);
}, 120_000);

afterAll(async () => {
  await replicaA?.end();
  await replicaB?.end();
  await postgres?.stop();
});

const minute = 60_000;

describe('the PostgreSQL schema', () => {
  it('is made by the migrations command once; a second run applies nothing', async () => {
    const all = ['001-shared-state', '002-candidate-register', '003-idempotency-keys'];
    expect(migrations.map((migration) => migration.id)).toEqual(all);
    expect(await migrationStatus(url)).toEqual({ applied: [], pending: all });
    const said: string[] = [];
    expect(await migrateDatabase(url, (line) => said.push(line))).toEqual(all);
    expect(await Promise.all([migrateDatabase(url), migrateDatabase(url)])).toEqual([[], []]);
    expect(await migrationStatus(url)).toEqual({ applied: all, pending: [] });
    expect(said).toEqual(all.map((id) => `database: applied migration ${id}`));
  });

  it('refuses to open the shared state before the migrations, saying what to run', async () => {
    const bare = await postgres.createDatabase(`bare_${randomUUID().slice(0, 8)}`);
    await expect(
      openSharedState({
        DATABASE_URL: bare,
        DIRECTORY_FILE: 'x',
        AUDIT_LOG_FILE: 'y',
        DIRECTORY_SEED_FILE: undefined,
      }),
    ).rejects.toThrow(/npm run db -- migrate/);
  });
});

describe('state shared by web replicas through PostgreSQL', () => {
  beforeAll(() => migrateDatabase(url));

  it('resumes on one replica a session started on the other, and ends it there for both', async () => {
    const timeouts = { idleMillis: 30 * minute, absoluteMillis: 10 * 60 * minute };
    const onA = new SessionManager(pgSessionStore(replicaA), timeouts);
    const onB = new SessionManager(pgSessionStore(replicaB), timeouts);
    const id = await onA.start({ userId: 'hr.sam', via: 'local' });
    expect(await onB.resume(id)).toMatchObject({ live: true, record: { userId: 'hr.sam', via: 'local' } });
    await onB.end(id);
    expect(await onA.resume(id)).toEqual({ live: false, ended: 'unknown' });
  });

  it('verifies on one replica a token issued on the other, keeps only its hash, and revokes it for both', async () => {
    const onA = new ApiTokens(pgApiTokenStore(replicaA));
    const onB = new ApiTokens(pgApiTokenStore(replicaB));
    const { token, record } = await onA.issue('viewer.pat', 'CLI', 7);
    expect(await onB.verify(token)).toMatchObject({ id: record.id, userId: 'viewer.pat' });
    const kept = await replicaA.query('select * from api_tokens');
    expect(JSON.stringify(kept.rows)).not.toContain(token);
    expect((await onB.list('viewer.pat')).map((one) => one.id)).toEqual([record.id]);
    expect(await onB.revoke('viewer.pat', record.id)).toBe(true);
    expect(await onA.verify(token)).toBeUndefined();
  });

  it('keeps one audit log in the order the attempts were committed, whichever replica recorded them', async () => {
    const a = pgAuditLog(replicaA);
    const b = pgAuditLog(replicaB);
    const postId = `post-${randomUUID()}`;
    const entry = (command: string, outcome: 'accepted' | 'refused') => ({
      id: randomUUID(),
      at: new Date().toISOString(),
      actor: { id: 'hr.sam', role: 'hr' as const },
      channel: 'api' as const,
      command,
      target: 'post' as const,
      postId,
      authority: 'hr',
      outcome,
      status: outcome === 'accepted' ? 200 : 409,
    });
    await a.record(entry('submit', 'accepted'));
    await b.record(entry('decide', 'refused'));
    await a.record(entry('hold', 'accepted'));
    expect((await b.forPost(postId)).map((one) => one.command)).toEqual(['submit', 'decide', 'hold']);
    expect((await a.all()).filter((one) => one.postId === postId)).toHaveLength(3);
    await expect(a.record({ ...entry('x', 'accepted'), actor: { id: '', role: 'hr' } })).rejects.toThrow();
  });

  it('answers a retry on one replica with the first answer saved on the other, keeps that first answer, and forgets it once expired', async () => {
    const onA = pgIdempotencyStore(replicaA, 'A');
    const onB = pgIdempotencyStore(replicaB, 'B');
    const now = Date.now();
    const first = {
      key: `key-${randomUUID()}`,
      fingerprint: 'a'.repeat(64),
      status: 201,
      contentType: 'application/json',
      body: '{"proposalId":"p-1"}',
      location: '/api/proposals/p-1',
      storedAt: now,
      expiresAt: now + minute,
    };
    expect(await onB.find(first.key, now)).toBeUndefined();
    await onA.save(first);
    expect(await onB.find(first.key, now + 1)).toEqual(first);
    // A second replica racing to save the same key keeps the first answer.
    await onB.save({
      ...first,
      fingerprint: 'b'.repeat(64),
      body: '{"proposalId":"p-2"}',
      storedAt: now + 2,
    });
    expect(await onA.find(first.key, now + 3)).toEqual(first);
    // Expired: no answer, and the key may be used again.
    expect(await onA.find(first.key, now + minute)).toBeUndefined();
    const again = {
      ...first,
      body: '{"proposalId":"p-3"}',
      storedAt: now + minute,
      expiresAt: now + 2 * minute,
    };
    await onB.save(again);
    expect(await onA.find(first.key, now + minute + 1)).toEqual(again);
  });

  it('takes imports from replicas starting at once one after the other, as replicas seeding an empty directory do', async () => {
    const [onA, onB] = await Promise.all([openPgDirectoryStore(replicaA), openPgDirectoryStore(replicaB)]);
    const people = examplePeople();
    await Promise.all([onA.replacePeople(people), onB.replacePeople(people), onA.replacePeople(people)]);
    const reread = await openPgDirectoryStore(replicaA);
    expect(reread.people().map((one) => one.id)).toEqual(people.map((one) => one.id));
  });

  it('shares the staff directory: an import or a leave delegation on one is seen by the other within a second', async () => {
    const a = await openPgDirectoryStore(replicaA);
    const b = await openPgDirectoryStore(replicaB);
    const people = examplePeople();
    await a.replacePeople(people);
    expect(a.people().map((one) => one.id)).toEqual(people.map((one) => one.id));
    const seenByB = async (test: () => boolean) => {
      const deadline = Date.now() + 5_000;
      while (!test()) {
        if (Date.now() > deadline) throw new Error('replica B never saw the change');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await seenByB(() => b.people().length === people.length);

    const [first] = people;
    if (!first) throw new Error('no example people');
    await b.upsertPerson({ ...first, name: 'Renamed Person' });
    await seenByB(() => a.people().find((one) => one.id === first.id)?.name === 'Renamed Person');
    expect(a.people().map((one) => one.id)).toEqual([...people.map((one) => one.id)].sort());

    const delegation: LeaveDelegation = {
      id: randomUUID(),
      directorId: 'director.julie',
      deputyId: 'deputy.farrah',
      from: '2026-08-03',
      to: '2026-08-14',
      reason: 'Annual leave',
      createdBy: 'director.julie',
      createdAt: new Date().toISOString(),
    };
    await a.addLeaveDelegation(delegation);
    await seenByB(() => b.leaveDelegations().some((one) => one.id === delegation.id));
    const at = new Date().toISOString();
    expect(await b.cancelLeaveDelegation(delegation.id, 'director.julie', at)).toMatchObject({
      id: delegation.id,
      cancelledBy: 'director.julie',
      cancelledAt: at,
    });
    expect(await a.cancelLeaveDelegation(delegation.id, 'director.julie', at)).toBeUndefined();
    await seenByB(() => a.leaveDelegations().find((one) => one.id === delegation.id)?.cancelledAt === at);
  });
});

describe('two web replicas on one database', () => {
  let webA: LocalWebApp | undefined;
  let webB: LocalWebApp | undefined;
  beforeAll(() => migrateDatabase(url));
  afterAll(async () => {
    await webA?.app.close();
    await webB?.app.close();
  });

  it('count one person’s commands together, keep them signed in when their replica dies, and share one audit log', async () => {
    const replica = (pool: pg.Pool) =>
      startLocalWebApp({
        config: { RATE_LIMIT_COMMANDS_PER_MINUTE: 3 },
        authStores: { sessionStore: pgSessionStore(pool), apiTokenStore: pgApiTokenStore(pool) },
        audit: pgAuditLog(pool),
        rateLimitStore: pgRateLimitStore(pool),
      });
    webA = await replica(replicaA);
    webB = await replica(replicaB);
    const { browser } = webA;
    const withdraw = () =>
      browser.send('hr.sam', {
        method: 'POST',
        url: '/api/posts/no-such-post/withdraw',
        headers: { 'idempotency-key': randomUUID(), 'x-csrf-token': browser.token('hr.sam') },
        payload: { reason: 'Replica test' },
      });
    await browser.signIn('hr.sam');
    expect((await withdraw()).statusCode).toBe(404);
    expect((await withdraw()).statusCode).toBe(404);

    // Replica A dies; the load balancer sends the person to B with the same cookies.
    await webA.app.close();
    webA = undefined;
    browser.switchTo(webB.app);
    expect((await withdraw()).statusCode).toBe(404);
    const limited = await withdraw();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    const attempts = (await webB.audit.all()).filter((one) => one.command === 'withdraw');
    expect(attempts.map((one) => one.status)).toEqual([404, 404, 404, 429]);
  });
});
