import { createTransport, type SMTPSentMessageInfo, type Transporter } from 'nodemailer';
import { z } from 'zod';
import {
  type Notification,
  type Notifier,
  notification,
  type SendResult,
  UndeliverableNotificationError,
} from './notifier.js';

export interface SmtpNotifierOptions {
  /** SMTP_URL, e.g. smtps://user:pass@smtp.example.org:465. */
  smtpUrl: string;
  /** NOTIFY_FROM, e.g. `posts@council.example` or `Council posts <posts@council.example>`. */
  from: string;
  /**
   * Maps a notification's `to` (a user id such as `director.julie`) to a mail address: the staff
   * directory's (notifications/dispatcher/createDispatcher.ts, addressFromDirectory). Required, with
   * no default: guessing `${to}@some.domain` would mail whoever happens to hold that mailbox. Throw,
   * or return nothing, for a `to` it does not know; the notification is then refused as
   * undeliverable rather than retried.
   */
  resolveAddress: (to: string) => string | undefined;
  /** How many sent notificationIds to remember for `duplicate` answers in this process. */
  rememberSent?: number;
}

const mailAddress = z.email();

/** The Message-ID of a notification: the same for every resend, so a server or a reader can spot one. */
export function messageIdOf(notificationId: string): string {
  return `<${notificationId}@council-posts>`;
}

/**
 * Sends notifications as plain-text mail over SMTP (nodemailer).
 *
 * SMTP has no dedup of its own. Within this process a repeated notificationId answers `duplicate`
 * without sending; across processes (a worker that died after the mail went but before the activity
 * completed) a resend can happen, and carries the same Message-ID so mail servers and clients that
 * drop repeated Message-IDs can do so. One connection per message, so there is nothing to close.
 */
export class SmtpNotifier implements Notifier {
  readonly #transport: Transporter<SMTPSentMessageInfo>;
  readonly #from: string;
  readonly #resolveAddress: (to: string) => string | undefined;
  readonly #rememberSent: number;
  /** Sends that went, or are going; a failed one is forgotten so a retry sends again. */
  readonly #sent = new Map<string, Promise<void>>();

  constructor({ smtpUrl, from, resolveAddress, rememberSent = 10_000 }: SmtpNotifierOptions) {
    this.#transport = createTransport(smtpUrl);
    this.#from = from;
    this.#resolveAddress = resolveAddress;
    this.#rememberSent = rememberSent;
  }

  async send(n: Notification): Promise<SendResult> {
    const valid = notification.parse(n);
    const earlier = this.#sent.get(valid.notificationId);
    if (earlier) {
      await earlier;
      return 'duplicate';
    }
    const address = this.#addressOf(valid.to);
    const sending = this.#deliver(valid, address);
    this.#remember(valid.notificationId, sending);
    await sending;
    return 'sent';
  }

  #addressOf(to: string): string {
    let address: string | undefined;
    try {
      address = this.#resolveAddress(to);
    } catch (error) {
      throw new UndeliverableNotificationError(`no mail address for recipient '${to}'`, { cause: error });
    }
    if (address === undefined || !mailAddress.safeParse(address).success) {
      throw new UndeliverableNotificationError(
        `no mail address for recipient '${to}' (resolver gave ${JSON.stringify(address)})`,
      );
    }
    return address;
  }

  async #deliver(n: Notification, address: string): Promise<void> {
    await this.#transport.sendMail({
      from: this.#from,
      to: address,
      subject: n.subject,
      text: n.body,
      messageId: messageIdOf(n.notificationId),
      headers: {
        ...(n.postId ? { 'X-Council-Post-Id': n.postId } : {}),
        ...(n.proposalId ? { 'X-Council-Proposal-Id': n.proposalId } : {}),
      },
    });
  }

  #remember(notificationId: string, sending: Promise<void>): void {
    this.#sent.set(notificationId, sending);
    sending.catch(() => this.#sent.delete(notificationId));
    // Maps keep insertion order: forget the oldest first.
    while (this.#sent.size > this.#rememberSent) {
      const oldest = this.#sent.keys().next();
      if (oldest.done) break;
      this.#sent.delete(oldest.value);
    }
  }
}
