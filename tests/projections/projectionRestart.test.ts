import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectionConsumer, type ProjectionConsumer } from '../../projections/projectionConsumer.js';
import { jsonFileSnapshotStore, type SnapshotStore } from '../../projections/snapshotStore.js';
import type { PostEvent } from '../../schemas/postEvents.js';
import { brokerHarness, silent } from './brokerHarness.js';
import { postEvents } from './postEventFixtures.js';

let broker: Awaited<ReturnType<typeof brokerHarness>>;

beforeAll(async () => {
  broker = await brokerHarness();
});

afterAll(async () => {
  await broker?.stop();
});

const details = { serviceArea: 'Placement team', grade: 'SO1', fte: 1, annualCostPence: 3_886_700 };

function approvedPosts(count: number) {
  return Array.from({ length: count }, (_, index) => postEvents(`restart-${randomUUID()}-${index}`));
}

/** Runs a consumer until it has read everything on the topic, then stops it. */
async function runToEnd(topic: string, store: SnapshotStore, groupId: string): Promise<ProjectionConsumer> {
  const consumer = createProjectionConsumer({ kafka: broker.kafka, topic, store, log: silent, groupId });
  await consumer.start();
  try {
    await consumer.caughtUp(60_000);
  } finally {
    await consumer.stop();
  }
  return consumer;
}

describe('stopping and starting the dashboard projection', () => {
  it('resumes from the stored offsets, counting nothing twice, even when Kafka’s committed offsets lag', async () => {
    const topic = await broker.freshTopic(2);
    const groupId = `test-projection-${randomUUID()}`;
    const store = jsonFileSnapshotStore(join(await broker.scratchDirectory(), 'dashboard.json'));
    const posts = approvedPosts(10);
    const first: PostEvent[] = posts.flatMap((post) => [
      post.proposed(0, details),
      post.reserved(0, details.annualCostPence),
      post.approved(5),
    ]);
    await broker.publishEvents(topic, first);
    const before = await runToEnd(topic, store, groupId);
    expect(before.stats().read).toBe(30);
    expect(before.figures().vacancies.total).toMatchObject({ establishmentFte: 10, vacantFte: 10 });

    // After the stop: five posts filled, and three earlier events published again (a producer retry).
    const second = [...posts.slice(0, 5).map((post) => post.filled(40)), ...first.slice(0, 3)];
    await broker.publishEvents(topic, second);
    const after = await runToEnd(topic, store, groupId);
    expect(after.stats().read).toBe(second.length);
    expect(after.figures().vacancies.total).toMatchObject({ establishmentFte: 10, vacantFte: 5 });
    expect(after.figures().messages).toMatchObject({ applied: 35, duplicates: 3 });

    // A crash between writing the snapshot and committing to Kafka: the group's offsets are behind.
    await broker.admin.setOffsets({
      groupId,
      topic,
      partitions: [0, 1].map((partition) => ({ partition, offset: '0' })),
    });
    await broker.publishEvents(topic, [posts[5]?.filled(41) as PostEvent]);
    const afterCrash = await runToEnd(topic, store, groupId);
    expect(afterCrash.stats().read).toBe(1);
    expect(afterCrash.figures().vacancies.total).toMatchObject({ establishmentFte: 10, vacantFte: 4 });
    expect(afterCrash.figures().messages).toMatchObject({ applied: 36, duplicates: 3 });

    // A new snapshot file knows nothing, so it replays from offset 0 whatever the group has committed.
    const fresh = jsonFileSnapshotStore(join(await broker.scratchDirectory(), 'dashboard.json'));
    const replayed = await runToEnd(topic, fresh, groupId);
    expect(replayed.stats().read).toBe(first.length + second.length + 1);
    expect(replayed.figures()).toEqual(afterCrash.figures());
  });

  it('reads a batch again from the snapshot when the snapshot cannot be written, applying it once', async () => {
    const topic = await broker.freshTopic(1);
    const groupId = `test-projection-${randomUUID()}`;
    const file = jsonFileSnapshotStore(join(await broker.scratchDirectory(), 'dashboard.json'));
    let failures = 0;
    let failing: () => void = () => undefined;
    const failingSaveBegan = new Promise<void>((resolve) => {
      failing = resolve;
    });
    const flaky: SnapshotStore = {
      location: file.location,
      load: () => file.load(),
      async save(snapshot) {
        if (snapshot.model.messages.applied > 0 && failures === 0) {
          failures += 1;
          failing();
          // Slow to fail: whoever asks meanwhile must not take the unsaved batch for a stored one.
          await new Promise((resolve) => setTimeout(resolve, 500));
          throw new Error('disk full');
        }
        await file.save(snapshot);
      },
    };
    const posts = approvedPosts(4);
    await broker.publishEvents(
      topic,
      posts.flatMap((post) => [post.proposed(0, details), post.approved(2)]),
    );
    const consumer = createProjectionConsumer({
      kafka: broker.kafka,
      topic,
      store: flaky,
      log: silent,
      groupId,
    });
    await consumer.start();
    try {
      await failingSaveBegan;
      await consumer.caughtUp(60_000);
    } finally {
      await consumer.stop();
    }
    expect(failures).toBe(1);
    expect(consumer.figures().messages).toMatchObject({ applied: 8, duplicates: 0 });
    expect((await file.load())?.model.messages.applied).toBe(8);
  });
});
