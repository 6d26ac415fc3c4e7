import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, londonDateOf } from '../../domain/workingDays.js';
import { addressFromDirectory } from '../../notifications/dispatcher/createDispatcher.js';
import { fileDispatcherStateStore } from '../../notifications/dispatcher/dispatcherState.js';
import {
  createNotificationDispatcher,
  type NotificationDispatcher,
} from '../../notifications/dispatcher/notificationDispatcher.js';
import { SentLog } from '../../notifications/dispatcher/sentLog.js';
import { SmtpNotifier } from '../../notifications/smtpNotifier.js';
import type { Actor } from '../../schemas/common.js';
import { person } from '../../schemas/person.js';
import { PostService } from '../../temporal/postService.js';
import { brokerHarness, silent } from '../projections/brokerHarness.js';
import { type DevServerWorker, startDevServerWorker } from '../support/devServerWorker.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { PostDriver } from '../support/postDriver.js';
import { deputy, director, occupationalTherapistPost, unionRep, uniqueId } from '../support/postFixtures.js';
import {
  bodyOf,
  type ReceivedMail,
  type SmtpTestServer,
  startSmtpTestServer,
} from '../support/smtpTestServer.js';
import { type LocalWebApp, startLocalWebApp } from '../web/localWebApp.js';

// One post through its hand-offs on the real dev server, publishing to a topic of this test's own; the
// dispatcher reads that topic with a consumer group of its own and mails a real SMTP server. The
// proposer is Sam; the route's steps are recorded by Alex, another HR officer, since nobody is told of
// their own action.
const publicUrl = 'http://127.0.0.1:3000';
const alex: Actor = { id: 'hr.alex', role: 'hr' };
const directory = exampleDirectory([
  person.parse({
    id: 'hr.alex',
    name: 'Alex Moyo',
    email: 'alex.moyo@council.example',
    roles: ['hr'],
    serviceAreas: ['*'],
  }),
]);
const address = {
  julie: 'julie.longworth@council.example',
  sam: 'sam.okafor@council.example',
  unison: 'unison@council.example',
  venner: 'cllr.venner@council.example',
  equality: 'equality.lead@council.example',
};

let broker: Awaited<ReturnType<typeof brokerHarness>>;
let dev: DevServerWorker;
let smtp: SmtpTestServer;
let web: LocalWebApp;
let topic: string;
let stateDirectory: string;
const groupId = `test-dispatcher-${randomUUID()}`;
let dispatcher: NotificationDispatcher | undefined;

async function startDispatcher(): Promise<NotificationDispatcher> {
  const started = createNotificationDispatcher({
    kafka: broker.kafka,
    topic,
    groupId,
    store: fileDispatcherStateStore(stateDirectory),
    sentLog: await SentLog.open(stateDirectory),
    directory,
    channels: {
      email: new SmtpNotifier({
        smtpUrl: smtp.url,
        from: 'posts@council.test',
        resolveAddress: addressFromDirectory(directory),
      }),
    },
    settings: {
      publicUrl,
      digestAt: '08:00',
      retryFirstMillis: 200,
      retryMaxMillis: 1_000,
      giveUpAfterMillis: 3_600_000,
    },
    log: silent,
    tickMillis: 100,
  });
  await started.start();
  return started;
}

beforeAll(async () => {
  broker = await brokerHarness();
  topic = await broker.freshTopic(6);
  stateDirectory = join(await broker.scratchDirectory(), 'dispatcher');
  dev = await startDevServerWorker({ ...process.env, POST_EVENTS_TOPIC: topic });
  smtp = await startSmtpTestServer();
  web = await startLocalWebApp({ posts: new PostService(dev.client, dev.config, directory) });
});

afterAll(async () => {
  await dispatcher?.stop();
  await web?.app.close();
  await smtp?.close();
  await dev?.stop();
  await broker?.stop();
});

const subjectOf = (mail: ReceivedMail) => mail.headers.get('subject') ?? '';

/** The mails to an address whose subject starts so; waits until there is at least one. */
async function mailsTo(to: string, subject: string, timeoutMillis = 30_000): Promise<ReceivedMail[]> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    const found = smtp.received.filter(
      (mail) => mail.rcptTo.includes(to) && subjectOf(mail).startsWith(subject),
    );
    if (found.length > 0) return found;
    if (Date.now() > deadline) {
      const seen = smtp.received.map((mail) => `${mail.rcptTo.join(',')}: ${subjectOf(mail)}`);
      throw new Error(`no mail "${subject}" to ${to}; received:\n${seen.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the notification dispatcher on the real dev server, broker and an SMTP server', () => {
  it('mails each hand-off once, to the directory’s address, with a link the web app answers; through a failing mail server and a restart', {
    timeout: 300_000,
  }, async () => {
    const input = occupationalTherapistPost({ postId: uniqueId('notify') });
    const link = `${publicUrl}/posts/${input.postId}`;
    const job = 'Community Occupational Therapist (PO1)';
    dispatcher = await startDispatcher();

    // The mail server fails at first: the dispatcher keeps trying, and the post does not wait for it.
    smtp.failing = true;
    const post = await PostDriver.start(dev.client, dev.config.TEMPORAL_TASK_QUEUE, input);
    expect((await post.view()).stage).toBe('awaiting-approval');
    const deadline = Date.now() + 30_000;
    while (smtp.refused.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(smtp.refused.length).toBeGreaterThanOrEqual(2);
    expect(smtp.received).toHaveLength(0);
    smtp.failing = false;
    await mailsTo(address.julie, `Decision needed: ${job}`);

    await post.approve();
    for (const to of [address.unison, address.venner, address.equality]) {
      await mailsTo(to, `Consultation response needed: ${job}`);
    }
    await mailsTo(address.sam, `Approved: ${job}`);

    await post.command({
      type: 'record-consultation',
      actor: unionRep,
      party: 'union',
      outcome: 'concerns-raised',
      summary: 'Caseloads in the team are already above the limit',
    });
    await mailsTo(address.julie, `Consultation concerns raised: ${job}`);
    await post.command({
      type: 'decide',
      actor: director,
      decision: 'approve',
      reason: 'Caseload plan agreed',
    });
    expect((await post.consultAllBut('union')).stage).toBe('call-in-period');

    // Stopped and started again, with Kafka's committed offsets put back to 0 as if it had crashed
    // between storing its state and committing: nothing already told is told again.
    await dispatcher.stop();
    await broker.admin.setOffsets({
      groupId,
      topic,
      partitions: [0, 1, 2, 3, 4, 5].map((partition) => ({ partition, offset: '0' })),
    });
    dispatcher = await startDispatcher();

    await post.command({
      type: 'record-call-in',
      actor: deputy,
      board: 'Scrutiny Board',
      reason: 'Workforce plan',
    });
    await mailsTo(address.sam, `Decision called in: ${job}`);
    await mailsTo(address.julie, `Decision called in: ${job}`);
    await post.command({
      type: 'record-call-in-outcome',
      actor: deputy,
      outcome: 'decision-stands',
      reason: 'Sound',
    });
    await mailsTo(address.sam, `Ready to recruit: ${job}`);

    // An advert that closed yesterday: its timer fires at once.
    const today = londonDateOf(Date.now());
    await post.advertise(londonDateOf(Date.now() - 3 * 86_400_000), londonDateOf(Date.now() - 86_400_000));
    await mailsTo(address.sam, `Advert closed: ${job}`);
    await post.command({ type: 'record-applications', actor: alex, received: 4, suitable: 1 });
    await mailsTo(address.sam, `Suitable applicants: ${job}`);
    await post.hr({ type: 'start-route', route: 'standard', reason: 'One suitable applicant' });
    await post.hrRoute({ type: 'shortlist', candidateRefs: ['cand-0042'] });
    await post.hrRoute({ type: 'record-interview', candidateRef: 'cand-0042', outcome: 'appointable' });
    await post.hrRoute({ type: 'make-offer', candidateRef: 'cand-0042' });
    await post.route({
      type: 'record-offer-response',
      actor: alex,
      candidateRef: 'cand-0042',
      response: 'accepted',
    });
    await mailsTo(address.sam, `Offer accepted: ${job}`);
    for (const check of ['references', 'enhanced-dbs-barred-list', 'right-to-work'] as const) {
      await post.route({ type: 'record-check', actor: alex, check, outcome: 'clear' });
    }
    await post.route({
      type: 'record-check',
      actor: alex,
      check: 'professional-registration',
      outcome: 'clear',
      registrationBody: 'hcpc',
    });
    await mailsTo(address.sam, `Pre-employment checks clear: ${job}`);
    await post.hrRoute({
      type: 'confirm-start',
      personRef: 'cand-0042',
      startsOn: addWorkingDays(today, 20),
    });
    expect((await post.ended()).stage).toBe('filled');

    await dispatcher.caughtUp();
    await dispatcher.idle();
    // Stopped and started once more at the end: still nothing sent twice.
    await dispatcher.stop();
    dispatcher = await startDispatcher();
    await dispatcher.caughtUp();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await dispatcher.idle();

    const told = smtp.received.map((mail) => [mail.rcptTo.join(','), subjectOf(mail)]);
    expect(told.sort()).toEqual(
      [
        [address.julie, `Decision needed: ${job}`],
        [address.sam, `Approved: ${job}`],
        [address.unison, `Consultation response needed: ${job}`],
        [address.venner, `Consultation response needed: ${job}`],
        [address.equality, `Consultation response needed: ${job}`],
        [address.julie, `Consultation concerns raised: ${job}`],
        [address.sam, `Decision called in: ${job}`],
        [address.julie, `Decision called in: ${job}`],
        [address.sam, `Ready to recruit: ${job}`],
        [address.sam, `Advert closed: ${job}`],
        [address.sam, `Suitable applicants: ${job}`],
        [address.sam, `Offer accepted: ${job}`],
        [address.sam, `Pre-employment checks clear: ${job}`],
      ].sort(),
    );
    const messageIds = smtp.received.map((mail) => mail.headers.get('message-id'));
    expect(new Set(messageIds).size).toBe(messageIds.length);
    // Every mail links to the post's page, which its recipient can open; no candidate and no reason.
    const idOf = new Map(directory.store.people().map((one) => [one.email, one.id]));
    for (const mail of smtp.received) {
      expect(mail.headers.get('x-council-post-id')).toBe(input.postId);
      const text = bodyOf(mail);
      const links = text.match(/https?:\/\/\S+/g) ?? [];
      expect(links).toEqual([link]);
      expect(text).not.toMatch(/cand-0042|Caseloads in the team|Workforce plan|Scrutiny Board/);
      const recipient = idOf.get(mail.rcptTo[0] ?? '') ?? '';
      await web.browser.signIn(recipient);
      const page = await web.browser.send(recipient, { method: 'GET', url: new URL(link).pathname });
      expect(page.statusCode, `${recipient} opening ${link}`).toBe(200);
      expect(page.body).toContain('Community Occupational Therapist');
    }
    // The workflow itself mailed nobody.
    expect(dev.notifier.sent.filter((sent) => sent.postId === input.postId)).toEqual([]);
  });
});
