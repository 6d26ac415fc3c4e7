import {
  type Notification,
  type Notifier,
  notification,
  type SendResult,
  UndeliverableNotificationError,
} from './notifier.js';

export interface WebhookNotifierOptions {
  /** NOTIFY_WEBHOOK_URL: a Teams channel's incoming webhook, or any endpoint that takes a JSON POST. */
  url: string;
  /** `teams`: an Adaptive Card message; `json`: the notification itself. */
  format: 'teams' | 'json';
  /** The recipient's name, for the card: a channel is read by a team, so it says whom it is for. */
  nameOf: (id: string) => string;
  timeoutMillis?: number;
}

/** The body Teams' incoming webhooks (and Power Automate's "when a Teams webhook request is received") take. */
export function teamsMessage(n: Notification, recipientName: string): unknown {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: n.subject, weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: `For ${recipientName}`, isSubtle: true, spacing: 'None', wrap: true },
            // Adaptive Cards' TextBlock takes a blank line as a paragraph break.
            { type: 'TextBlock', text: n.body.trim(), wrap: true },
          ],
          ...(n.link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open the post', url: n.link }] } : {}),
        },
      },
    ],
  };
}

/**
 * Tells a chat channel (Microsoft Teams) or any webhook, beside the mail. A 4xx answer other than
 * 408 and 429 means the request itself is wrong (a revoked webhook, a refused body): no retry can
 * help, so it is undeliverable. Anything else is worth retrying. Generic receivers get the
 * notification id as an Idempotency-Key, so they can drop a resend.
 */
export class WebhookNotifier implements Notifier {
  readonly #options: WebhookNotifierOptions;

  constructor(options: WebhookNotifierOptions) {
    this.#options = options;
  }

  async send(raw: Notification): Promise<SendResult> {
    const n = notification.parse(raw);
    const { url, format, nameOf, timeoutMillis = 30_000 } = this.#options;
    const body = format === 'teams' ? teamsMessage(n, nameOf(n.to)) : n;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': n.notificationId },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMillis),
    });
    // The body is not needed, but must be read for the connection to be reused.
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return 'sent';
    const message = `the webhook answered ${response.status} ${response.statusText}`;
    if (
      response.status >= 400 &&
      response.status < 500 &&
      response.status !== 408 &&
      response.status !== 429
    ) {
      throw new UndeliverableNotificationError(message);
    }
    throw new Error(message);
  }
}
