import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Channels, DeliveryQueue, retryDelay } from '../../../notifications/dispatcher/deliveryQueue.js';
import { type DispatcherState, emptyState } from '../../../notifications/dispatcher/dispatcherState.js';
import { notificationIdOf } from '../../../notifications/dispatcher/notificationIds.js';
import { SentLog } from '../../../notifications/dispatcher/sentLog.js';
import {
  type Notification,
  type Notifier,
  UndeliverableNotificationError,
} from '../../../notifications/notifier.js';
import type { Actor } from '../../../schemas/common.js';
import type { PostEvent } from '../../../schemas/postEvents.js';
import {
  anEvent,
  deputy,
  director,
  directory,
  hrColleague,
  proposer,
  sampleData,
} from './dispatcherFixtures.js';

/** A channel that keeps what it sent, and fails as a test tells it to. */
function fakeChannel() {
  const sent: Notification[] = [];
  const attempts: string[] = [];
  let failuresLeft = new Map<string, number>();
  let undeliverable = new Set<string>();
  let hang = false;
  const channel: Notifier & {
    sent: Notification[];
    attempts: string[];
    failFor(to: string, times: number): void;
    refuse(to: string): void;
    hangNext(): void;
  } = {
    sent,
    attempts,
    async send(n) {
      attempts.push(n.to);
      if (hang) {
        hang = false;
        return new Promise(() => undefined);
      }
      if (undeliverable.has(n.to)) throw new UndeliverableNotificationError(`no address for ${n.to}`);
      const left = failuresLeft.get(n.to) ?? 0;
      if (left > 0) {
        failuresLeft.set(n.to, left - 1);
        throw new Error('421 try again later');
      }
      sent.push(n);
      return 'sent';
    },
    failFor(to, times) {
      failuresLeft = new Map([...failuresLeft, [to, times]]);
    },
    refuse(to) {
      undeliverable = new Set([...undeliverable, to]);
    },
    hangNext() {
      hang = true;
    },
  };
  return channel;
}

function capturingLog() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink), lines };
}

const settings = {
  publicUrl: 'http://127.0.0.1:3000',
  digestAt: '08:00',
  retryFirstMillis: 10_000,
  retryMaxMillis: 900_000,
  giveUpAfterMillis: 72 * 3_600_000,
  sendTimeoutMillis: 5_000,
};

let dir: string;
let clock: number;
let captured: ReturnType<typeof capturingLog>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dispatch-'));
  clock = Date.parse('2026-12-02T09:00:00.000Z');
  captured = capturingLog();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function queueOf(channels: Channels, state?: DispatcherState) {
  const sentLog = await SentLog.open(dir, clock);
  return new DeliveryQueue({
    state: state ?? { ...emptyState('post-events', 'cluster-1', Date.parse('2026-12-01T00:00:00.000Z')) },
    sentLog,
    directory: directory(),
    channels,
    settings,
    log: captured.log,
    now: () => clock,
    random: () => 1,
  });
}

/** Ticks until nothing is due now, letting every send finish. */
async function drain(queue: DeliveryQueue): Promise<void> {
  for (let round = 0; round < 20; round += 1) {
    queue.tick();
    await queue.settled();
    if (!queue.state.queue.some((delivery) => Date.parse(delivery.nextAttemptAt) <= clock)) return;
  }
}

const at = (hours: number) =>
  new Date(Date.parse('2026-12-02T09:00:00.000Z') + hours * 3_600_000).toISOString();
const proposed = (actor: Actor = proposer) => anEvent('PostProposed', sampleData.PostProposed, actor, at(0));
const reserved = () => anEvent('BudgetReserved', sampleData.BudgetReserved, proposer, at(0));

describe('the delivery queue', () => {
  it('sends one mail per hand-off and person, and nothing for the same event read again', async () => {
    const email = fakeChannel();
    const queue = await queueOf({ email });
    const budget = reserved();
    queue.accept(proposed());
    queue.accept(budget);
    queue.accept(budget);
    await drain(queue);
    queue.accept(budget);
    await drain(queue);

    expect(email.sent.map((n) => [n.to, n.subject])).toEqual([
      ['director.julie', 'Decision needed: Community Occupational Therapist (PO1)'],
    ]);
    expect(email.sent[0]).toMatchObject({
      notificationId: notificationIdOf(`${budget.eventId}|director.julie`),
      postId: 'ot-2026.L1.P1',
      proposalId: 'ot-2026',
      link: 'http://127.0.0.1:3000/posts/ot-2026.L1.P1',
    });
    expect(queue.idle).toBe(true);
  });

  it('does not send again what the sent-log holds, though the queue was stored before the send (a crash)', async () => {
    const email = fakeChannel();
    const first = await queueOf({ email });
    first.accept(proposed());
    first.accept(reserved());
    const storedBeforeSending = structuredClone(first.state);
    await drain(first);
    expect(email.sent).toHaveLength(1);

    const restarted = await queueOf({ email }, storedBeforeSending);
    expect(restarted.state.queue).toHaveLength(1);
    await drain(restarted);
    expect(email.sent).toHaveLength(1);
    expect(restarted.idle).toBe(true);
  });

  it('tries a failed send again after a growing wait, without holding up anyone else', async () => {
    const email = fakeChannel();
    email.failFor('hr.sam', 2);
    const queue = await queueOf({ email });
    queue.accept(proposed());
    queue.accept(anEvent('PostApproved', sampleData.PostApproved, director, at(1)));
    await drain(queue);

    // The consultees have their mail; Sam's waits 10 s (the first retry), then 20 s.
    expect(email.sent.map((n) => n.to).sort()).toEqual([
      'cllr.venner',
      'equality.lead',
      'equality.twohats',
      'union.unison',
    ]);
    const waiting = () => queue.state.queue.find((delivery) => delivery.notification.to === 'hr.sam');
    expect(waiting()).toMatchObject({ attempts: 1, nextAttemptAt: new Date(clock + 10_000).toISOString() });
    clock += 10_000;
    await drain(queue);
    expect(waiting()).toMatchObject({ attempts: 2, nextAttemptAt: new Date(clock + 20_000).toISOString() });
    clock += 20_000;
    await drain(queue);

    expect(email.sent.filter((n) => n.to === 'hr.sam')).toHaveLength(1);
    expect(email.attempts.filter((to) => to === 'hr.sam')).toHaveLength(3);
    expect(queue.stats).toMatchObject({ sent: 5, failedAttempts: 2 });
  });

  it('doubles the wait up to NOTIFY_RETRY_MAX_SECONDS, with jitter below it', () => {
    const delays = [1, 2, 3, 10, 20].map((attempts) => retryDelay(attempts, settings, () => 1));
    expect(delays).toEqual([10_000, 20_000, 40_000, 900_000, 900_000]);
    expect(retryDelay(1, settings, () => 0)).toBe(5_000);
  });

  it('gives up a delivery still failing NOTIFY_GIVE_UP_AFTER_HOURS after it was queued, and logs it', async () => {
    const email = fakeChannel();
    email.failFor('director.julie', 1_000);
    const queue = await queueOf({ email });
    queue.accept(proposed());
    queue.accept(reserved());
    await drain(queue);
    clock += 73 * 3_600_000;
    await drain(queue);
    await drain(queue);

    expect(queue.idle).toBe(true);
    expect(queue.stats.gaveUp).toBe(1);
    const attempts = email.attempts.length;
    clock += 3_600_000;
    await drain(queue);
    expect(email.attempts).toHaveLength(attempts);
    expect(captured.lines.some((line) => line.msg === 'notification not sent in time: given up')).toBe(true);
  });

  it('tells nobody outside the directory (logged once), and drops an undeliverable mail without retrying', async () => {
    const email = fakeChannel();
    email.refuse('deputy.farrah');
    const queue = await queueOf({ email });
    queue.accept(proposed());
    queue.accept(
      anEvent('ApprovalReminderSent', { to: 'director.gone', workingDaysWaiting: 5 }, undefined, at(1)),
    );
    queue.accept(anEvent('ApprovalEscalated', sampleData.ApprovalEscalated, undefined, at(2)));
    await drain(queue);
    clock += 3_600_000;
    await drain(queue);

    expect(queue.stats).toMatchObject({ unknownRecipients: 1, undeliverable: 1, sent: 0 });
    expect(email.attempts).toEqual(['deputy.farrah']);
    expect(queue.idle).toBe(true);
    expect(captured.lines.filter((line) => line.to === 'director.gone')).toMatchObject([
      { level: 40, postId: 'ot-2026.L1.P1', msg: expect.stringContaining('not in the staff directory') },
    ]);
  });

  it('keeps the hand-offs of someone who chose a daily digest for one mail at NOTIFY_DIGEST_AT', async () => {
    const email = fakeChannel();
    const priya: Actor = { id: 'hr.priya', role: 'hr' };
    clock = Date.parse('2026-12-01T15:00:00.000Z');
    const queue = await queueOf({ email });
    const second = { postId: 'ot-2026.L1.P2', proposalId: 'ot-2026' };
    queue.accept(anEvent('PostProposed', sampleData.PostProposed, priya, '2026-12-01T09:00:00.000Z'));
    queue.accept(anEvent('PostProposed', sampleData.PostProposed, priya, '2026-12-01T09:00:00.000Z', second));
    queue.accept(anEvent('PostSentBack', sampleData.PostSentBack, director, '2026-12-01T10:00:00.000Z'));
    queue.accept(
      anEvent('AdvertClosed', sampleData.AdvertClosed, undefined, '2026-12-01T16:00:00.000Z', second),
    );
    queue.accept(
      anEvent('PostApproved', sampleData.PostApproved, deputy, '2026-12-01T17:00:00.000Z', second),
    );
    await drain(queue);
    // Digests are due from 08:00 London (08:00 UTC in December) on the next day.
    expect(email.sent.filter((n) => n.to === 'hr.priya')).toEqual([]);
    clock = Date.parse('2026-12-02T07:59:00.000Z');
    await drain(queue);
    expect(email.sent.filter((n) => n.to === 'hr.priya')).toEqual([]);
    clock = Date.parse('2026-12-02T08:00:00.000Z');
    await drain(queue);
    clock += 3_600_000;
    await drain(queue);

    const digests = email.sent.filter((n) => n.to === 'hr.priya');
    expect(digests).toHaveLength(1);
    expect(digests[0]?.subject).toBe('Your daily summary for 2 December 2026: 2 posts need your attention');
    expect(digests[0]?.postIds).toEqual(['ot-2026.L1.P1', 'ot-2026.L1.P2']);
    expect(digests[0]?.body).toContain('- 1 December 2026: Sent back for changes');
    expect(digests[0]?.body).toContain('- 1 December 2026: Advert closed\n- 1 December 2026: Approved');
    expect(queue.state.digests.size).toBe(0);
    expect(queue.state.lastDigestOn).toBe('2026-12-02');
  });

  it('folds in what happened before it began, but tells nobody of it', async () => {
    const email = fakeChannel();
    const queue = await queueOf({ email });
    queue.accept(anEvent('PostProposed', sampleData.PostProposed, proposer, '2026-11-30T09:00:00.000Z'));
    queue.accept(anEvent('BudgetReserved', sampleData.BudgetReserved, proposer, '2026-11-30T09:00:00.000Z'));
    queue.accept(anEvent('PostSentBack', sampleData.PostSentBack, director, at(0)));
    await drain(queue);

    expect(email.sent.map((n) => [n.to, n.subject])).toEqual([
      ['hr.sam', 'Sent back for changes: Community Occupational Therapist (PO1)'],
    ]);
    expect(queue.stats.beforeStart).toBe(1);
  });

  it('tells the webhook too when it is configured, each channel once', async () => {
    const email = fakeChannel();
    const webhook = fakeChannel();
    webhook.failFor('director.julie', 1);
    const queue = await queueOf({ email, webhook });
    queue.accept(proposed());
    queue.accept(reserved());
    await drain(queue);
    clock += 60_000;
    await drain(queue);

    expect(email.sent.map((n) => n.to)).toEqual(['director.julie']);
    expect(webhook.sent.map((n) => n.to)).toEqual(['director.julie']);
    expect(webhook.attempts).toHaveLength(2);
  });

  it('tells no webhook of a confidential post, nor of a digest: those go by mail only', async () => {
    const email = fakeChannel();
    const webhook = fakeChannel();
    const queue = await queueOf({ email, webhook });
    const secret = { postId: 'ot-2026.L1.P9', proposalId: 'ot-2026' };
    const priya: Actor = { id: 'hr.priya', role: 'hr' };
    queue.accept(
      anEvent('PostProposed', { ...sampleData.PostProposed, confidential: true }, proposer, at(0), secret),
    );
    queue.accept(anEvent('BudgetReserved', sampleData.BudgetReserved, proposer, at(0), secret));
    queue.accept(anEvent('PostProposed', sampleData.PostProposed, priya, at(0)));
    queue.accept(anEvent('PostSentBack', sampleData.PostSentBack, director, at(0)));
    await drain(queue);
    clock = Date.parse('2026-12-03T08:00:00.000Z');
    await drain(queue);

    expect(email.sent.map((n) => [n.to, n.postId ?? n.postIds])).toEqual([
      ['director.julie', 'ot-2026.L1.P9'],
      ['hr.priya', ['ot-2026.L1.P1']],
    ]);
    expect(webhook.attempts).toEqual([]);
  });

  it('counts a send with no answer as failed, and never sends it twice at once', async () => {
    const email = fakeChannel();
    email.hangNext();
    const queue = await queueOf({ email });
    queue.accept(proposed());
    queue.accept(reserved());
    queue.tick();
    await new Promise((resolve) => setTimeout(resolve, 50));
    queue.tick();
    expect(email.attempts).toHaveLength(1);
  });

  it('logs the post id on every line', async () => {
    const email = fakeChannel();
    email.failFor('hr.sam', 1);
    const queue = await queueOf({ email });
    const events: PostEvent[] = [
      proposed(),
      reserved(),
      anEvent('PostApproved', sampleData.PostApproved, director, at(1)),
      anEvent('OfferAccepted', sampleData.OfferAccepted, hrColleague, at(2)),
    ];
    for (const event of events) queue.accept(event);
    queue.accept(events[1] as PostEvent);
    await drain(queue);
    expect(captured.lines.length).toBeGreaterThan(5);
    for (const line of captured.lines) expect(line.postId ?? line.postIds, String(line.msg)).toBeDefined();
  });
});
