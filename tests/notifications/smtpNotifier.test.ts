import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../config/index.js';
import { createNotifier } from '../../notifications/createNotifier.js';
import { type Notification, UndeliverableNotificationError } from '../../notifications/notifier.js';
import { messageIdOf, SmtpNotifier } from '../../notifications/smtpNotifier.js';

interface ReceivedMail {
  mailFrom: string | undefined;
  rcptTo: string[];
  headers: Map<string, string>;
  text: string;
}

/** Header fields of a raw message, unfolded, names lower-cased; the body after the blank line. */
function parseMail(raw: string): { headers: Map<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, text: raw.slice(split + 4) };
}

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
  const received: ReceivedMail[] = [];
  let refuseNextRecipient = false;
  let smtpUrl: string;
  let server: SMTPServer;

  beforeAll(async () => {
    server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        if (refuseNextRecipient) {
          refuseNextRecipient = false;
          callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 450 }));
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            ...parseMail(Buffer.concat(chunks).toString('utf8')),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
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
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received.length = 0;
    refuseNextRecipient = false;
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
    refuseNextRecipient = true;

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
