import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postsFromLines } from '../../domain/proposalPosts.js';
import { dashboardFigures } from '../../projections/dashboardFigures.js';
import type { DashboardModel } from '../../projections/dashboardModel.js';
import {
  createProjectionConsumer,
  deadLetterTopicOf,
  type RebuildProgress,
  rebuild,
} from '../../projections/projectionConsumer.js';
import { jsonFileSnapshotStore } from '../../projections/snapshotStore.js';
import type { PostEvent } from '../../schemas/postEvents.js';
import { seedCostTable } from '../fixtures/seedProposal.js';
import { brokerHarness, readRaw, silent } from './brokerHarness.js';
import { postEvents } from './postEventFixtures.js';

// The real broker of the local stack (tests/setup/globalSetup.ts), on topics of this test's own.
let broker: Awaited<ReturnType<typeof brokerHarness>>;

beforeAll(async () => {
  broker = await brokerHarness();
});

afterAll(async () => {
  await broker?.stop();
});

/** The seed's 29 posts proposed, reserved and approved; 20 filled; agency cover on two vacant ones. */
function seedPlanEvents(proposalId: string): PostEvent[] {
  const specs = postsFromLines(proposalId, seedCostTable);
  return specs.flatMap((spec, index) => {
    const post = postEvents(spec.postId, proposalId);
    return [
      post.proposed(0, spec.details),
      post.reserved(0, spec.details.annualCostPence),
      post.approved(3 + (index % 10)),
      ...(index < 20 ? [post.filled(60 + index)] : []),
      ...(index === 25 || index === 26 ? [post.agencyCoverStarted(30, 1, 160_000)] : []),
    ];
  });
}

describe('the dashboard projection on the real broker', () => {
  it('projects the topic, dead-letters malformed messages, skips what it cannot read, and a rebuild agrees', async () => {
    const topic = await broker.freshTopic(3);
    const proposalId = `seed-${randomUUID()}`;
    const plan = seedPlanEvents(proposalId);
    const waiting = postEvents(`waiting-${randomUUID()}`, `other-${randomUUID()}`);
    const overdue = [
      waiting.proposed(0, { serviceArea: 'Kinship', grade: 'PO3', fte: 1, annualCostPence: 5_152_400 }),
      waiting.reserved(0, 5_152_400, 10_000_000),
      waiting.reminded(8),
    ];
    const firstPost = plan[0] as PostEvent;
    const filled = plan.find((event) => event.type === 'PostFilled') as PostEvent;

    await broker.publishEvents(topic, plan.slice(0, 40));
    await broker.publishRaw(topic, firstPost.postId, 'this is not JSON');
    await broker.publishRaw(
      topic,
      firstPost.postId,
      JSON.stringify({ ...plan[1], data: { amountPence: -5 } }),
    );
    await broker.publishRaw(
      topic,
      firstPost.postId,
      JSON.stringify({ ...filled, eventId: randomUUID(), version: 2 }),
    );
    await broker.publishRaw(
      topic,
      firstPost.postId,
      JSON.stringify({ ...firstPost, eventId: randomUUID(), type: 'PostTeleported' }),
    );
    await broker.publishEvents(topic, [firstPost]);
    await broker.publishEvents(topic, [...plan.slice(40), ...overdue]);
    const published = plan.length + overdue.length + 5;

    const directory = await broker.scratchDirectory();
    const groupId = `test-projection-${randomUUID()}`;
    const store = jsonFileSnapshotStore(join(directory, 'dashboard.json'));
    const consumer = createProjectionConsumer({ kafka: broker.kafka, topic, store, log: silent, groupId });
    await consumer.start();
    await consumer.caughtUp(60_000);
    const live = consumer.figures();
    await consumer.stop();

    expect(live.budget).toHaveLength(2);
    expect(live.budget.find((entry) => entry.proposalId === proposalId)).toEqual({
      proposalId,
      allocationPence: 150_000_000,
      committedPence: 142_252_800,
      headroomPence: 7_747_200,
      postsReserved: 29,
    });
    expect(live.budget.find((entry) => entry.proposalId === waiting.ids.proposalId)).toMatchObject({
      allocationPence: 10_000_000,
      committedPence: 5_152_400,
    });
    expect(live.vacancies.total).toEqual({ establishmentFte: 29, vacantFte: 9, vacancyRate: 9 / 29 });
    expect(live.overdueApprovals.count).toBe(1);
    expect(live.agencyCover).toMatchObject({ posts: 2, fte: 2, weeklyCostPence: 320_000 });
    expect(live.timeToFill.posts).toBe(20);
    expect(live.messages).toEqual({
      applied: plan.length + overdue.length,
      duplicates: 1,
      unknownType: { PostTeleported: 1 },
      newerVersion: { 'PostFilled v2': 1 },
      malformed: 2,
      withUnknownFields: 0,
    });
    expect(consumer.stats()).toMatchObject({ read: published, deadLettered: 2 });

    const deadLetters = await readRaw(broker.kafka, deadLetterTopicOf(topic), 2);
    expect(deadLetters.map((message) => message.headers['dead-letter-reason']).sort()).toEqual([
      'invalid-event',
      'not-json',
    ]);
    for (const message of deadLetters) {
      expect(message.key).toBe(firstPost.postId);
      expect(message.headers).toMatchObject({ 'original-topic': topic, 'dead-lettered-by': groupId });
    }
    expect(
      deadLetters.find((message) => message.headers['dead-letter-reason'] === 'invalid-event')?.headers,
    ).toMatchObject({ 'dead-letter-detail': expect.stringMatching(/data\.amountPence/) });

    const ends = await broker.admin.fetchTopicOffsets(topic);
    const endOffsets = Object.fromEntries(ends.map(({ partition, high }) => [String(partition), high]));
    expect((await store.load())?.offsets).toEqual(endOffsets);

    const progress: RebuildProgress[] = [];
    const rebuiltStore = jsonFileSnapshotStore(join(directory, 'rebuilt.json'));
    const rebuilt = await rebuild({
      kafka: broker.kafka,
      topic,
      store: rebuiltStore,
      log: silent,
      groupId,
      onProgress: (step) => progress.push(step),
    });
    expect(dashboardFigures(rebuilt)).toEqual(live);
    // What it stored, not only what it returned, gives the live consumer's figures.
    expect(dashboardFigures((await rebuiltStore.load())?.model as DashboardModel)).toEqual(live);
    expect(progress.at(-1)).toEqual({
      events: published,
      total: published,
      partitionsDone: 3,
      partitions: 3,
    });
    expect(progress.map((step) => step.events)).toEqual(
      [...progress.map((step) => step.events)].sort((a, b) => a - b),
    );
    expect((await rebuiltStore.load())?.offsets).toEqual(endOffsets);
  });

  it('refuses to rebuild while the live consumer of its group is running', async () => {
    const topic = await broker.freshTopic(1);
    // One event to read, so that caughtUp() means the consumer has joined its group.
    await broker.publishEvents(topic, [postEvents('lonely').held(1)]);
    const directory = await broker.scratchDirectory();
    const groupId = `test-projection-${randomUUID()}`;
    const store = jsonFileSnapshotStore(join(directory, 'dashboard.json'));
    const consumer = createProjectionConsumer({ kafka: broker.kafka, topic, store, log: silent, groupId });
    await consumer.start();
    try {
      await consumer.caughtUp();
      await expect(rebuild({ kafka: broker.kafka, topic, store, log: silent, groupId })).rejects.toThrow(
        /is running .*stop it first/,
      );
    } finally {
      await consumer.stop();
    }
  });
});
