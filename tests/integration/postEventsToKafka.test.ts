import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, londonDateOf } from '../../domain/workingDays.js';
import { postEventSchema } from '../../schemas/postEvents.js';
import { type DevServerWorker, startDevServerWorker } from '../support/devServerWorker.js';
import { PostDriver } from '../support/postDriver.js';
import { occupationalTherapistPost } from '../support/postFixtures.js';
import { readTopic } from '../support/readPostEvents.js';

// The real Temporal dev server and the real Kafka broker of the local stack (tests/setup/globalSetup.ts).
// Timers cannot be skipped here, so the post takes the Step Up route, which needs no advert, and is not
// open for call-in; the advert and call-in timers are covered on the time-skipping server.
let dev: DevServerWorker;

beforeAll(async () => {
  dev = await startDevServerWorker();
});

afterAll(async () => {
  await dev?.stop();
});

describe('one post from proposal to filled on the real dev server and broker', () => {
  it('publishes the exact sequence of events, keyed by post id, each valid against its schema', async () => {
    const input = occupationalTherapistPost({ openForCallIn: false });
    const post = await PostDriver.start(dev.client, dev.config.TEMPORAL_TASK_QUEUE, input);
    await post.approve();
    expect((await post.consultAll()).stage).toBe('ready-to-recruit');
    await post.hr({ type: 'start-route', route: 'step-up', reason: 'Trainee from the 2026 cohort' });
    const startsOn = addWorkingDays(londonDateOf(Date.now()), 10);
    await post.hrRoute({
      type: 'join-step-up-cohort',
      traineeRef: 'emp-5521',
      cohort: 'Step Up 9',
      startsOn,
    });
    expect((await post.ended()).stage).toBe('filled');

    const expected = [
      'PostProposed',
      'BudgetReserved',
      'PostApproved',
      'ConsultationResponseRecorded',
      'ConsultationResponseRecorded',
      'ConsultationResponseRecorded',
      'ConsultationCompleted',
      'RecruitmentRouteStarted',
      'StepUpCohortJoined',
      'PostFilled',
    ];
    const messages = await readTopic(dev.kafka, dev.config.POST_EVENTS_TOPIC, {
      keep: (message) => message.key === input.postId,
      enough: (kept) => kept.length >= expected.length,
    });
    const events = messages.map((message) => postEventSchema.parse(message.value));
    expect(events.map((event) => event.type)).toEqual(expected);
    expect(events.at(-1)?.data).toEqual({ personRef: 'emp-5521', startsOn, route: 'step-up' });
    // One post's events share a key and so a partition: their order on the topic is their order in time.
    expect(new Set(messages.map((message) => message.partition)).size).toBe(1);
    expect(messages.map((message) => message.headers.eventId)).toEqual(events.map((event) => event.eventId));
    expect(new Set(events.map((event) => event.eventId)).size).toBe(events.length);
  });
});
