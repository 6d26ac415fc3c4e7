import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../config/index.js';
import { createNotifier } from '../../notifications/createNotifier.js';
import { type Notification, UndeliverableNotificationError } from '../../notifications/notifier.js';
import { messageIdOf, SmtpNotifier } from '../../notifications/smtpNotifier.js';
import { type ReceivedMail, type SmtpTestServer, startSmtpTestServer } from '../support/smtpTestServer.js';

const addresses: Record<string, string> = {
  'director.julie': 'julie.director@council.test',
  deputy: 'deputy.director@council.test',
};
const resolveAddress = (to: string) => addresses[to];

function concern(overrides: Partial<Notification> = {}): Notification {
  return {
    notificationId: randomUUID(),
    to: 'director.julie',
    subject: 'Consultation concerns on Senior Social Worker, Children in Care',
    body: 'The union asks how the post will be covered while it is advertised.',
    postId: 'CIC-SSW-07',
    proposalId: 'proposal-2022-041',
    ...overrides,
  };
}

describe('SMTP notifier against a real SMTP server on 127.0.0.1', () => {
  let smtp: SmtpTestServer;
  let smtpUrl: string;
  let received: ReceivedMail[];

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    smtpUrl = smtp.url;
    received = smtp.received;
  });

  /** Only the settings createNotifier reads, so the test does not hang on the rest of the config schema. */
  function smtpConfig(): Pick<
    Config,
    'NOTIFY_TRANSPORT' | 'NOTIFY_OUTBOX_FILE' | 'SMTP_URL' | 'NOTIFY_FROM'
  > {
    return {
      NOTIFY_TRANSPORT: 'smtp',
      NOTIFY_OUTBOX_FILE: 'unused.ndjson',
      SMTP_URL: smtpUrl,
      NOTIFY_FROM: 'posts@council.test',
    };
  }

  afterAll(async () => {
    await smtp?.close();
  });

  beforeEach(() => {
    received.length = 0;
  });

  it('delivers the mail with the right from, to, subject, Message-ID and body', async () => {
    const notifier = new SmtpNotifier({ smtpUrl, from: 'posts@council.test', resolveAddress });
    const n = concern();

    expect(await notifier.send(n)).toBe('sent');

    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail?.mailFrom).toBe('posts@council.test');
    expect(mail?.rcptTo).toEqual(['julie.director@council.test']);
    expect(mail?.headers.get('from')).toBe('posts@council.test');
    expect(mail?.headers.get('to')).toBe('julie.director@council.test');
    expect(mail?.headers.get('subject')).toBe(n.subject);
    expect(mail?.headers.get('message-id')).toBe(`<${n.notificationId}@council-posts>`);
    expect(mail?.headers.get('message-id')).toBe(messageIdOf(n.notificationId));
    expect(mail?.headers.get('x-council-post-id')).toBe('CIC-SSW-07');
    expect(mail?.text).toContain(n.body);
  });

  it('sends a repeated notificationId once in a process and answers duplicate', async () => {
    const notifier = new SmtpNotifier({ smtpUrl, from: 'posts@council.test', resolveAddress });
    const n = concern({ to: 'deputy' });

    const results = await Promise.all([notifier.send(n), notifier.send(n)]);
    expect(await notifier.send(n)).toBe('duplicate');

    expect(results.sort()).toEqual(['duplicate', 'sent']);
    expect(received).toHaveLength(1);
  });

  it('sends again on a retry after the server refused the first attempt, with the same Message-ID', async () => {
    const notifier = new SmtpNotifier({ smtpUrl, from: 'posts@council.test', resolveAddress });
    const n = concern();
    smtp.refuseNextRecipient();

    await expect(notifier.send(n)).rejects.toThrow(/mailbox busy/);
    expect(await notifier.send(n)).toBe('sent');

    expect(received.map((mail) => mail.headers.get('message-id'))).toEqual([messageIdOf(n.notificationId)]);
  });

  it('refuses a recipient the resolver has no address for, as undeliverable, and sends nothing', async () => {
    const notifier = new SmtpNotifier({ smtpUrl, from: 'posts@council.test', resolveAddress });

    const attempt = notifier.send(concern({ to: 'equality-lead' }));

    await expect(attempt).rejects.toBeInstanceOf(UndeliverableNotificationError);
    await expect(attempt).rejects.toThrow(/equality-lead/);
    expect(received).toHaveLength(0);
  });

  it('is what createNotifier gives for NOTIFY_TRANSPORT=smtp, sending from NOTIFY_FROM', async () => {
    const config = { ...smtpConfig(), NOTIFY_FROM: 'hr@council.test' };
    const notifier = createNotifier(config, { resolveAddress });

    expect(await notifier.send(concern())).toBe('sent');

    expect(received[0]?.mailFrom).toBe('hr@council.test');
  });

  it('refuses NOTIFY_TRANSPORT=smtp without an address resolver', () => {
    const config = smtpConfig();

    expect(() => createNotifier(config)).toThrow(/resolveAddress/);
  });
});
