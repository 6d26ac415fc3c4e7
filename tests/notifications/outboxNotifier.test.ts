import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { createNotifier } from '../../notifications/createNotifier.js';
import type { Notification } from '../../notifications/notifier.js';
import { type OutboxLine, OutboxNotifier } from '../../notifications/outboxNotifier.js';

function reminder(overrides: Partial<Notification> = {}): Notification {
  return {
    notificationId: randomUUID(),
    to: 'director.julie',
    subject: 'Approval waiting: Senior Social Worker, Children in Care',
    body: 'The proposal for post CIC-SSW-07 has waited 3 working days for your decision.',
    postId: 'CIC-SSW-07',
    proposalId: 'proposal-2022-041',
    ...overrides,
  };
}

async function outboxLines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
}

describe('outbox notifier', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'council-posts-outbox-'));
    // A folder that does not exist yet: the notifier makes it.
    file = join(dir, 'nested', 'notifications.ndjson');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one JSON line per notification, creating the folder', async () => {
    const notifier = new OutboxNotifier(file, () => new Date('2022-06-30T09:00:00.000Z'));
    const first = reminder();
    const second = reminder({ to: 'deputy', subject: 'Escalation: approval overdue' });

    expect(await notifier.send(first)).toBe('sent');
    expect(await notifier.send(second)).toBe('sent');

    const lines = (await outboxLines(file)).map((line) => JSON.parse(line) as OutboxLine);
    expect(lines).toEqual([
      { ...first, sentAt: '2022-06-30T09:00:00.000Z' },
      { ...second, sentAt: '2022-06-30T09:00:00.000Z' },
    ]);
  });

  it('writes a repeated notificationId once and answers duplicate', async () => {
    const notifier = new OutboxNotifier(file);
    const n = reminder();

    expect(await notifier.send(n)).toBe('sent');
    expect(await notifier.send(n)).toBe('duplicate');

    expect(await outboxLines(file)).toHaveLength(1);
  });

  it('remembers what an earlier process wrote to the same file', async () => {
    const n = reminder();
    await new OutboxNotifier(file).send(n);

    expect(await new OutboxNotifier(file).send(n)).toBe('duplicate');
    expect(await outboxLines(file)).toHaveLength(1);
  });

  it('keeps every line whole when sends run at once, each id written once', async () => {
    const notifier = new OutboxNotifier(file);
    const batch = Array.from({ length: 40 }, (_, i) => reminder({ body: `${'x'.repeat(4_000)} ${i}` }));
    // Every notification sent twice at the same moment, as two racing retries would.
    const results = await Promise.all([...batch, ...batch].map((n) => notifier.send(n)));

    expect(results.filter((r) => r === 'sent')).toHaveLength(batch.length);
    expect(results.filter((r) => r === 'duplicate')).toHaveLength(batch.length);
    const lines = await outboxLines(file);
    expect(lines).toHaveLength(batch.length);
    const ids = lines.map((line) => (JSON.parse(line) as OutboxLine).notificationId);
    expect(new Set(ids)).toEqual(new Set(batch.map((n) => n.notificationId)));
  });

  it('starts a fresh line after a line torn by a crash, and may send the torn one again', async () => {
    const notifier = new OutboxNotifier(file);
    const torn = reminder();
    await notifier.send(reminder());
    await appendFile(file, JSON.stringify(torn).slice(0, 40));

    expect(await notifier.send(torn)).toBe('sent');

    const lines = await outboxLines(file);
    expect(lines).toHaveLength(3);
    expect((JSON.parse(lines[2] ?? '') as OutboxLine).notificationId).toBe(torn.notificationId);
  });

  it('refuses a notification that breaks the schema and writes nothing', async () => {
    const notifier = new OutboxNotifier(file);

    await expect(notifier.send(reminder({ notificationId: 'not-a-uuid' }))).rejects.toThrow(/notificationId/);
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('keeps sending after a send that failed to write', async () => {
    const notifier = new OutboxNotifier(file);
    // A folder where the file should be: the first send fails inside the queue.
    await mkdir(file, { recursive: true });
    await expect(notifier.send(reminder())).rejects.toThrow(/EISDIR/);
    await rm(file, { recursive: true });

    expect(await notifier.send(reminder())).toBe('sent');
    expect(await outboxLines(file)).toHaveLength(1);
  });

  it('is what createNotifier gives by default, at NOTIFY_OUTBOX_FILE from the working directory', async () => {
    const notifier = createNotifier(loadConfig({ NOTIFY_OUTBOX_FILE: 'outbox/notes.ndjson' }), { cwd: dir });

    expect(notifier).toBeInstanceOf(OutboxNotifier);
    expect((notifier as OutboxNotifier).file).toBe(join(dir, 'outbox', 'notes.ndjson'));
    await notifier.send(reminder());
    expect(await outboxLines(join(dir, 'outbox', 'notes.ndjson'))).toHaveLength(1);
  });
});
