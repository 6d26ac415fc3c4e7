import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DispatcherStateUnreadableError,
  emptyState,
  fileDispatcherStateStore,
} from '../../../notifications/dispatcher/dispatcherState.js';
import { notificationIdOf } from '../../../notifications/dispatcher/notificationIds.js';
import { SentLog } from '../../../notifications/dispatcher/sentLog.js';
import { factsOfPost } from './dispatcherFixtures.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dispatch-store-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the dispatcher’s state file', () => {
  it('keeps facts, queue, digests and offsets across a restart', async () => {
    const store = fileDispatcherStateStore(dir);
    const state = emptyState('post-events', 'cluster-1', Date.parse('2026-12-01T00:00:00.000Z'));
    state.offsets = { '0': '12', '3': '7' };
    // A post id a plain object would confuse with its prototype's.
    state.posts.set('constructor', factsOfPost());
    state.digests.set('hr.priya', [
      {
        handOff: 'e1|hr.priya',
        postId: 'constructor',
        proposalId: 'ot-2026',
        post: 'Community Occupational Therapist (PO1)',
        headline: 'Advert closed',
        link: 'http://127.0.0.1:3000/posts/constructor',
        occurredAt: '2026-12-01T16:00:00.000Z',
      },
    ]);
    state.queue.push({
      key: 'e2|director.julie|email',
      channel: 'email',
      handOffs: ['e2|director.julie'],
      notification: {
        notificationId: notificationIdOf('e2|director.julie'),
        to: 'director.julie',
        subject: 'Decision needed: Community Occupational Therapist (PO1)',
        body: 'Approve it, reject it or send it back for changes.',
        postId: 'constructor',
        proposalId: 'ot-2026',
      },
      queuedAt: '2026-12-01T09:00:00.000Z',
      attempts: 2,
      nextAttemptAt: '2026-12-01T09:00:30.000Z',
      lastError: '421 try again later',
    });
    state.lastDigestOn = '2026-12-01';
    await store.save(state);

    expect(await store.load()).toEqual(state);
  });

  it('refuses a state file it cannot read, naming it, rather than telling everything again', async () => {
    await writeFile(join(dir, 'state.json'), '{"format":1,"topic":"post-events"');
    const store = fileDispatcherStateStore(dir);
    await expect(store.load()).rejects.toBeInstanceOf(DispatcherStateUnreadableError);
    await expect(store.load()).rejects.toThrow(join(dir, 'state.json'));
  });

  it('has no state until one is saved', async () => {
    expect(await fileDispatcherStateStore(dir).load()).toBeUndefined();
  });
});

describe('the sent-log', () => {
  const now = Date.parse('2026-12-02T09:00:00.000Z');

  it('remembers every delivery and the hand-offs it told after it is opened again', async () => {
    const log = await SentLog.open(dir, now);
    await log.record({
      key: 'e1|julie|email',
      handOffs: ['e1|julie'],
      outcome: 'sent',
      at: '2026-12-02T09:00:00Z',
    });
    await log.record({
      key: 'digest|priya|2026-12-02|email',
      handOffs: ['e2|priya', 'e3|priya'],
      outcome: 'sent',
      at: '2026-12-02T09:00:00Z',
    });
    await log.record({
      key: 'e4|gone|email',
      handOffs: ['e4|gone'],
      outcome: 'undeliverable',
      at: '2026-12-02T09:00:00Z',
    });

    const reopened = await SentLog.open(dir, now);
    expect(reopened.outcomeOf('e1|julie|email')).toBe('sent');
    expect(reopened.outcomeOf('e4|gone|email')).toBe('undeliverable');
    expect(reopened.outcomeOf('e1|julie|webhook')).toBeUndefined();
    expect(['e1|julie', 'e2|priya', 'e3|priya', 'e4|gone'].every((handOff) => reopened.told(handOff))).toBe(
      true,
    );
  });

  it('skips a line torn by a crash, and the next record starts on a line of its own', async () => {
    const log = await SentLog.open(dir, now);
    await log.record({
      key: 'e1|julie|email',
      handOffs: ['e1|julie'],
      outcome: 'sent',
      at: '2026-12-02T09:00:00Z',
    });
    await appendFile(join(dir, 'sent.ndjson'), '{"key":"e2|julie|em');
    const reopened = await SentLog.open(dir, now);
    await reopened.record({
      key: 'e3|julie|email',
      handOffs: ['e3|julie'],
      outcome: 'sent',
      at: '2026-12-02T09:00:00Z',
    });

    const again = await SentLog.open(dir, now);
    expect(again.outcomeOf('e1|julie|email')).toBe('sent');
    expect(again.outcomeOf('e3|julie|email')).toBe('sent');
    expect(again.told('e2|julie')).toBe(false);
  });

  it('forgets records older than 400 days when it is opened', async () => {
    const log = await SentLog.open(dir, now);
    await log.record({
      key: 'old|julie|email',
      handOffs: ['old|julie'],
      outcome: 'sent',
      at: '2025-10-01T09:00:00Z',
    });
    await log.record({
      key: 'new|julie|email',
      handOffs: ['new|julie'],
      outcome: 'sent',
      at: '2026-11-01T09:00:00Z',
    });

    const reopened = await SentLog.open(dir, now);
    expect(reopened.outcomeOf('old|julie|email')).toBeUndefined();
    expect(reopened.outcomeOf('new|julie|email')).toBe('sent');
    expect((await readFile(join(dir, 'sent.ndjson'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });
});

describe('notification ids', () => {
  it('are the same UUID for the same hand-off every time, and differ between hand-offs', () => {
    const id = notificationIdOf('e1|director.julie');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(notificationIdOf('e1|director.julie')).toBe(id);
    expect(notificationIdOf('e1|deputy.farrah')).not.toBe(id);
  });
});
