import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNotificationActivities } from '../../activities/notificationActivities.js';
import {
  type Notification,
  type Notifier,
  UndeliverableNotificationError,
} from '../../notifications/notifier.js';
import { OutboxNotifier } from '../../notifications/outboxNotifier.js';

/** A pino logger whose JSON lines the test can read. */
function capturingLog() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

function escalation(overrides: Partial<Notification> = {}): Notification {
  return {
    notificationId: randomUUID(),
    to: 'deputy',
    subject: 'Escalation: an approval is overdue',
    body: 'Senior Social Worker (grade 9) has waited 5 working days; you may now decide on it.',
    postId: 'CIC-SSW-07',
    proposalId: 'proposal-2022-041',
    ...overrides,
  };
}

describe('notification activities', () => {
  let dir: string;
  let env: MockActivityEnvironment;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'council-posts-notify-'));
    env = new MockActivityEnvironment(
      { workflowExecution: { workflowId: 'post-CIC-SSW-07', runId: randomUUID() } },
      // The SDK logs each failed attempt; these tests fail attempts on purpose.
      { logger: new DefaultLogger('ERROR') },
    );
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a notification and logs it with the post id and workflow id', async () => {
    const file = join(dir, 'notifications.ndjson');
    const { log, lines } = capturingLog();
    const { notify } = createNotificationActivities({ notifier: new OutboxNotifier(file), log });
    const n = escalation();

    expect(await env.run(notify, n)).toBe('sent');

    expect(await readFile(file, 'utf8')).toContain(n.notificationId);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'notification sent',
        postId: 'CIC-SSW-07',
        workflowId: 'post-CIC-SSW-07',
        notificationId: n.notificationId,
        result: 'sent',
      }),
    );
  });

  it('answers duplicate for a retried activity, sending once', async () => {
    const file = join(dir, 'notifications.ndjson');
    const { log, lines } = capturingLog();
    const { notify } = createNotificationActivities({ notifier: new OutboxNotifier(file), log });
    const n = escalation();

    await env.run(notify, n);
    expect(await env.run(notify, n)).toBe('duplicate');

    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(1);
    expect(lines.at(-1)).toMatchObject({ msg: 'notification already sent', postId: 'CIC-SSW-07' });
  });

  it('rejects a notification without a subject, naming the field, and does not retry it', async () => {
    const sent: Notification[] = [];
    const notifier: Notifier = {
      async send(n) {
        sent.push(n);
        return 'sent';
      },
    };
    const { notify } = createNotificationActivities({ notifier, log: capturingLog().log });
    const { subject: _subject, ...withoutSubject } = escalation();

    const attempt = env.run(notify, withoutSubject as Notification);

    await expect(attempt).rejects.toThrow(/invalid notification: subject:/);
    await expect(attempt).rejects.toMatchObject({ type: 'InvalidNotification', nonRetryable: true });
    await expect(attempt).rejects.toBeInstanceOf(ApplicationFailure);
    expect(sent).toHaveLength(0);
  });

  it('stops retrying a notification that can never be delivered', async () => {
    const notifier: Notifier = {
      async send(n) {
        throw new UndeliverableNotificationError(`no mail address for recipient '${n.to}'`);
      },
    };
    const { log, lines } = capturingLog();
    const { notify } = createNotificationActivities({ notifier, log });

    const attempt = env.run(notify, escalation({ to: 'equality-lead' }));

    await expect(attempt).rejects.toMatchObject({ type: 'UndeliverableNotification', nonRetryable: true });
    expect(lines.at(-1)).toMatchObject({ msg: 'notification undeliverable', postId: 'CIC-SSW-07' });
  });

  it('lets Temporal retry a send that failed for a passing reason', async () => {
    const notifier: Notifier = {
      async send() {
        throw new Error('connection refused');
      },
    };
    const { notify } = createNotificationActivities({ notifier, log: capturingLog().log });

    const attempt = env.run(notify, escalation());

    await expect(attempt).rejects.toThrow('connection refused');
    await expect(attempt).rejects.not.toBeInstanceOf(ApplicationFailure);
  });
});
