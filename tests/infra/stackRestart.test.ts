import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postCommandUpdate, postViewQuery } from '../../contract/postMessages.js';
import { stackDown, stackUp } from '../../infra/stack.js';
import { startDevServerWorker } from '../support/devServerWorker.js';
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
const taskQueue = `restart-${randomUUID()}`;

afterAll(async () => {
  await stackDown(env);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('stopping and starting the local stack', () => {
  it('keeps a post started before the restart, which then continues, and keeps the topic’s events', async () => {
    await stackUp(env);
    const input = occupationalTherapistPost();
    let dev = await startDevServerWorker(env, taskQueue);
    await dev.client.workflow.start('postWorkflow', { args: [input], taskQueue, workflowId: input.postId });
    const onlyThisPost = { keep: (message: { key: string }) => message.key === input.postId };
    await readTopic(dev.kafka, dev.config.POST_EVENTS_TOPIC, {
      ...onlyThisPost,
      enough: (kept) => kept.length === 2,
    });
    await dev.stop();

    await stackDown(env);
    await stackUp(env);

    dev = await startDevServerWorker(env, taskQueue);
    try {
      const after = dev.client.workflow.getHandle(input.postId);
      expect((await after.describe()).status.name).toBe('RUNNING');
      expect((await after.query(postViewQuery)).stage).toBe('awaiting-approval');
      const { view } = await after.executeUpdate(postCommandUpdate, {
        args: [
          { type: 'decide', actor: director, decision: 'approve', reason: 'Approved after the restart' },
        ],
      });
      expect(view.stage).toBe('consultation');
      const events = await readTopic(dev.kafka, dev.config.POST_EVENTS_TOPIC, {
        ...onlyThisPost,
        enough: (kept) => kept.length === 3,
      });
      expect(events.map((message) => (message.value as { type: string }).type)).toEqual([
        'PostProposed',
        'BudgetReserved',
        'PostApproved',
      ]);
      await after.terminate('test over');
    } finally {
      await dev.stop();
    }
  });
});
