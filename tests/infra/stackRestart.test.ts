import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import type { Producer } from 'kafkajs';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { stackDown, stackUp } from '../../infra/stack.js';
import { createKafka } from '../../kafka/client.js';
import { createPostEventProducer, kafkaPostEventPublisher } from '../../kafka/postEventPublisher.js';
import { connectClient } from '../../temporal/connection.js';
import { createPostWorker } from '../../workers/createPostWorker.js';
import { decideUpdate, postViewQuery } from '../../workflows/postMessages.js';
import { director, occupationalTherapistPost } from '../support/postFixtures.js';
import { readTopic } from '../support/readPostEvents.js';

// A second, private stack on other ports with its own data folder, so stopping it cannot disturb the
// stack the other tests share.
const dataDir = mkdtempSync(join(tmpdir(), 'council-posts-restart-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  COUNCIL_POSTS_DATA: dataDir,
  TEMPORAL_ADDRESS: '127.0.0.1:17233',
  TEMPORAL_UI_PORT: '18233',
  KAFKA_BROKERS: '127.0.0.1:19092',
  KAFKA_CONTROLLER_PORT: '19093',
};
const config = loadConfig(env);
const silent = pino({ level: 'silent' });

async function startWorker(): Promise<{ worker: Worker; running: Promise<void>; producer: Producer }> {
  const producer = createPostEventProducer(createKafka(config, silent));
  await producer.connect();
  const worker = await createPostWorker({
    config,
    events: kafkaPostEventPublisher(producer, config.POST_EVENTS_TOPIC),
    log: silent,
  });
  return { worker, running: worker.run(), producer };
}

async function stopWorker(started: Awaited<ReturnType<typeof startWorker>>): Promise<void> {
  started.worker.shutdown();
  await started.running;
  await started.producer.disconnect();
}

afterAll(async () => {
  await stackDown(env);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('stopping and starting the local stack', () => {
  it('keeps a post started before the restart, which then continues, and keeps the topic’s events', async () => {
    await stackUp(env);
    const input = occupationalTherapistPost();
    let client = await connectClient(config);
    let worker = await startWorker();
    await client.workflow.start('postWorkflow', {
      args: [input],
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowId: input.postId,
    });
    const kafka = createKafka(config, silent);
    const onlyThisPost = { keep: (message: { key: string }) => message.key === input.postId };
    await readTopic(kafka, config.POST_EVENTS_TOPIC, {
      ...onlyThisPost,
      enough: (kept) => kept.length === 1,
    });
    await stopWorker(worker);
    await client.connection.close();

    await stackDown(env);
    await stackUp(env);

    client = await connectClient(config);
    worker = await startWorker();
    try {
      const after = client.workflow.getHandle(input.postId);
      expect((await after.describe()).status.name).toBe('RUNNING');
      expect((await after.query(postViewQuery)).stage).toBe('awaiting-approval');
      await after.executeUpdate(decideUpdate, {
        args: [{ decision: 'approve', actor: director, reason: 'Approved after the restart' }],
      });
      expect((await after.result()).stage).toBe('approved');
      const events = await readTopic(kafka, config.POST_EVENTS_TOPIC, {
        ...onlyThisPost,
        enough: (kept) => kept.length === 2,
      });
      expect(events.map((message) => (message.value as { type: string }).type)).toEqual([
        'PostProposed',
        'PostApproved',
      ]);
    } finally {
      await stopWorker(worker);
      await client.connection.close();
    }
  });
});
