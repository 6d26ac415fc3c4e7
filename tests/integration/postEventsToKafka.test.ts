import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEventSchema } from '../../schemas/postEvents.js';
import { decideUpdate } from '../../workflows/postMessages.js';
import { type DevServerWorker, startDevServerWorker } from '../support/devServerWorker.js';
import { director, occupationalTherapistPost } from '../support/postFixtures.js';
import { readTopic } from '../support/readPostEvents.js';

// The real Temporal dev server and the real Kafka broker of the local stack (tests/setup/globalSetup.ts).
let dev: DevServerWorker;

beforeAll(async () => {
  dev = await startDevServerWorker();
});

afterAll(async () => {
  await dev?.stop();
});

describe('a post on the real dev server publishes its events to the real Kafka topic', () => {
  it('delivers PostProposed then PostApproved, keyed by post id, each valid against its schema', async () => {
    const input = occupationalTherapistPost();
    const handle = await dev.client.workflow.start('postWorkflow', {
      args: [input],
      taskQueue: dev.config.TEMPORAL_TASK_QUEUE,
      workflowId: input.postId,
    });
    const view = await handle.executeUpdate(decideUpdate, {
      args: [{ decision: 'approve', actor: director, reason: 'Meets the OT waiting list pressure' }],
    });
    expect(view.stage).toBe('approved');
    await handle.result();

    const messages = await readTopic(dev.kafka, dev.config.POST_EVENTS_TOPIC, {
      keep: (message) => message.key === input.postId,
      enough: (kept) => kept.length >= 2,
    });
    const events = messages.map((message) => postEventSchema.parse(message.value));
    expect(events.map((event) => event.type)).toEqual(['PostProposed', 'PostApproved']);
    expect(events[0]?.data).toEqual({
      serviceArea: 'Occupational Therapy',
      jobTitle: 'Community Occupational Therapist',
      grade: 'PO1',
      annualCostPence: 4_458_100,
      fte: 1,
    });
    expect(events[1]?.actor).toEqual(director);
    // One post's events share a key and so a partition: their order on the topic is their order in time.
    expect(new Set(messages.map((message) => message.partition)).size).toBe(1);
    expect(messages.map((message) => message.headers.eventId)).toEqual(events.map((event) => event.eventId));
  });
});
