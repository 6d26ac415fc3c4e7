import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  mailFrom: string | undefined;
  rcptTo: string[];
  headers: Map<string, string>;
  text: string;
}

/** Header fields of a raw message, unfolded, names lower-cased; the body after the blank line. */
export function parseMail(raw: string): { headers: Map<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, text: raw.slice(split + 4) };
}

/** A mail's text as its reader sees it: quoted-printable (what nodemailer uses for non-ASCII) decoded. */
export function bodyOf(mail: ReceivedMail): string {
  if (mail.headers.get('content-transfer-encoding')?.toLowerCase() !== 'quoted-printable') return mail.text;
  const unfolded = mail.text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let at = 0; at < unfolded.length; at += 1) {
    const hex = unfolded.slice(at + 1, at + 3);
    if (unfolded[at] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      at += 2;
    } else {
      bytes.push(...Buffer.from(unfolded[at] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export interface SmtpTestServer {
  /** smtp://127.0.0.1:<port> */
  url: string;
  received: ReceivedMail[];
  /** Recipients refused so far with a temporary error. */
  refused: string[];
  /** Refuse the next recipient with 450 (mailbox busy), once. */
  refuseNextRecipient(): void;
  /** While true, refuse every recipient with 451 (a server that is failing); false accepts again. */
  failing: boolean;
  close(): Promise<void>;
}

/** A real SMTP server (the `smtp-server` package) on 127.0.0.1 that keeps every mail it accepts. */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  const refused: string[] = [];
  let refuseOnce = false;
  const state: SmtpTestServer = {
    url: '',
    received,
    refused,
    failing: false,
    refuseNextRecipient: () => {
      refuseOnce = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuseOnce || state.failing) {
        refuseOnce = false;
        refused.push(address.address);
        const message = state.failing ? 'local error in processing, try later' : 'mailbox busy, try later';
        callback(Object.assign(new Error(message), { responseCode: state.failing ? 451 : 450 }));
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
  state.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return state;
}
