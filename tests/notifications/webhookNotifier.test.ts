import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Notification, UndeliverableNotificationError } from '../../notifications/notifier.js';
import { WebhookNotifier } from '../../notifications/webhookNotifier.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: unknown;
}

const received: Received[] = [];
let answer = 200;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      response.statusCode = answer;
      response.end(answer < 300 ? '1' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  answer = 200;
});

const decisionNeeded: Notification = {
  notificationId: '9b2f6a1e-3c4d-5e6f-8a7b-1c2d3e4f5a6b',
  to: 'director.julie',
  subject: 'Decision needed: Community Occupational Therapist (PO1)',
  body: 'Sam Okafor has proposed this post for your decision.\n\nApprove it, reject it or send it back for changes:\nhttp://127.0.0.1:3000/posts/ot-2026.L1.P1\n',
  postId: 'ot-2026.L1.P1',
  proposalId: 'ot-2026',
  link: 'http://127.0.0.1:3000/posts/ot-2026.L1.P1',
};

const nameOf = (id: string) => (id === 'director.julie' ? 'Julie Longworth' : id);

describe('the webhook channel', () => {
  it('posts a Teams Adaptive Card naming the person, with a button to the post', async () => {
    const notifier = new WebhookNotifier({ url, format: 'teams', nameOf });

    expect(await notifier.send(decisionNeeded)).toBe('sent');

    expect(received).toHaveLength(1);
    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(received[0]?.body).toMatchObject({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            body: [
              { type: 'TextBlock', text: decisionNeeded.subject },
              { type: 'TextBlock', text: 'For Julie Longworth' },
              { type: 'TextBlock', text: decisionNeeded.body.trim() },
            ],
            actions: [{ type: 'Action.OpenUrl', title: 'Open the post', url: decisionNeeded.link }],
          },
        },
      ],
    });
  });

  it('posts the notification itself as JSON, with its id as the Idempotency-Key, in json format', async () => {
    const notifier = new WebhookNotifier({ url, format: 'json', nameOf });

    await notifier.send(decisionNeeded);

    expect(received[0]?.body).toEqual(decisionNeeded);
    expect(received[0]?.headers['idempotency-key']).toBe(decisionNeeded.notificationId);
  });

  it('treats a refusal of the request (4xx) as undeliverable, and a server error or 429 as worth retrying', async () => {
    const notifier = new WebhookNotifier({ url, format: 'teams', nameOf });
    answer = 404;
    await expect(notifier.send(decisionNeeded)).rejects.toBeInstanceOf(UndeliverableNotificationError);
    answer = 429;
    const busy = notifier.send(decisionNeeded);
    await expect(busy).rejects.toThrow(/429/);
    await expect(busy).rejects.not.toBeInstanceOf(UndeliverableNotificationError);
    answer = 503;
    await expect(notifier.send(decisionNeeded)).rejects.not.toBeInstanceOf(UndeliverableNotificationError);
  });

  it('fails, to be retried, when nothing answers', async () => {
    const notifier = new WebhookNotifier({ url: 'http://127.0.0.1:9/webhook', format: 'teams', nameOf });
    await expect(notifier.send(decisionNeeded)).rejects.not.toBeInstanceOf(UndeliverableNotificationError);
  });
});
