import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Notification, type Notifier, notification, type SendResult } from './notifier.js';

/** What one line of the outbox holds: the notification and when it was written. */
export type OutboxLine = Notification & { sentAt: string };

/**
 * The local default: appends each notification as one JSON line to a file (NOTIFY_OUTBOX_FILE), so a
 * developer can read what would have been sent. A notificationId already in the file is skipped, so a
 * retried activity is harmless.
 *
 * Sends are serialised through a promise chain, so two sends at once in one process can neither
 * interleave their lines nor both miss each other's id. The file is meant for one process at a time;
 * it is read on every send (cheap at local sizes) so a restarted worker still sees earlier lines.
 */
export class OutboxNotifier implements Notifier {
  readonly file: string;
  readonly #now: () => Date;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(file: string, now: () => Date = () => new Date()) {
    this.file = file;
    this.#now = now;
  }

  async send(n: Notification): Promise<SendResult> {
    const valid = notification.parse(n);
    const result = this.#queue.then(() => this.#append(valid));
    // A failed send must not stop the ones queued behind it; its caller still sees the error.
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #append(n: Notification): Promise<SendResult> {
    await mkdir(dirname(this.file), { recursive: true });
    const existing = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    if (sentIds(existing).has(n.notificationId)) return 'duplicate';
    const line: OutboxLine = { ...n, sentAt: this.#now().toISOString() };
    // A crash mid-write can leave a last line without its newline; start on a fresh line so ours stays whole.
    const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
    await appendFile(this.file, `${separator}${JSON.stringify(line)}\n`, 'utf8');
    return 'sent';
  }
}

/** The notificationIds in an outbox's text; a torn or foreign line is ignored rather than fatal. */
function sentIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === 'object' && parsed !== null && 'notificationId' in parsed) {
        const id = (parsed as { notificationId: unknown }).notificationId;
        if (typeof id === 'string') ids.add(id);
      }
    } catch {
      // Not JSON: a line torn by a crash. It never counted as sent, so its id may be sent again.
    }
  }
  return ids;
}
