import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { createKafka } from '../../kafka/client.js';
import { connectClient } from '../../temporal/connection.js';
import { occupationalTherapistPost, uniqueId } from '../support/postFixtures.js';
import { startWorkerProcess } from '../support/workerProcess.js';

/** An SMTP server that accepts connections and never says a word: a send to it hangs. */
function blackHole(): Promise<{ server: Server; port: number; connected: Promise<void> }> {
  const sockets: Socket[] = [];
  let connectedOnce: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => {
    connectedOnce = resolve;
  });
  const server = createServer((socket) => {
    sockets.push(socket);
    connectedOnce();
  });
  server.on('close', () => {
    for (const socket of sockets) socket.destroy();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0, connected });
    }),
  );
}

let client: Client;
let hole: Awaited<ReturnType<typeof blackHole>>;
let scratch: string;
const topic = `test-post-events-${randomUUID()}`;

beforeAll(async () => {
  client = await connectClient(loadConfig());
  hole = await blackHole();
  scratch = await mkdtemp(join(tmpdir(), 'worker-shutdown-'));
});

afterAll(async () => {
  hole?.server.close();
  await client?.connection.close();
  const admin = createKafka(loadConfig(), pino({ level: 'silent' })).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  await rm(scratch, { recursive: true, force: true });
});

describe('the worker process on SIGTERM', () => {
  it('stops within its force time although a mail in flight never finishes', async () => {
    const taskQueue = `shutdown-${randomUUID()}`;
    const worker = await startWorkerProcess({
      ...process.env,
      TEMPORAL_TASK_QUEUE: taskQueue,
      POST_EVENTS_TOPIC: topic,
      NOTIFY_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${hole.port}`,
      DIRECTORY_FILE: join(scratch, 'people.json'),
      NOTIFY_DISPATCHER_DIR: join(scratch, 'dispatcher'),
      NOTIFY_DISPATCHER_GROUP: `shutdown-${randomUUID()}`,
    });
    // A post that does not fit its budget is held, and the worker's notification dispatcher tells its
    // decision maker: by a mail that the black hole never accepts, so the send hangs.
    const post = occupationalTherapistPost({ postId: uniqueId('shutdown') });
    await client.workflow.start('postWorkflow', {
      taskQueue,
      workflowId: post.postId,
      args: [{ ...post, funding: { ...post.funding, allocationPence: 1 } as typeof post.funding }],
    });
    await hole.connected;
    const asked = Date.now();
    await worker.stop();
    const seconds = (Date.now() - asked) / 1000;
    // SHUTDOWN_FORCE is 10 s and the dispatcher waits 3 s for sends in flight, side by side; without
    // them the worker waits for the send to time out (30 s for the SMTP greeting alone).
    expect(seconds).toBeLessThan(20);
    await client.workflow.getHandle(post.postId).terminate('test over');
  });
});
