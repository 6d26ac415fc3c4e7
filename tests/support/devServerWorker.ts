import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Kafka, Producer } from 'kafkajs';
import pino from 'pino';
import { type Config, loadConfig } from '../../config/index.js';
import { createKafka } from '../../kafka/client.js';
import { createPostEventProducer, kafkaPostEventPublisher } from '../../kafka/postEventPublisher.js';
import { connectClient } from '../../temporal/connection.js';
import { createPostWorker, type PostWorkers } from '../../workers/createPostWorker.js';
import { capturingNotifier } from './capturingNotifier.js';

export interface DevServerWorker {
  config: Config;
  client: Client;
  kafka: Kafka;
  notifier: ReturnType<typeof capturingNotifier>;
  stop(): Promise<void>;
}

/**
 * A real worker on the local dev server, publishing to the real broker, on a task queue of its own
 * so test files running side by side never take each other's tasks.
 */
export async function startDevServerWorker(
  env: NodeJS.ProcessEnv = process.env,
  taskQueue = `test-${randomUUID()}`,
): Promise<DevServerWorker> {
  const config = { ...loadConfig(env), TEMPORAL_TASK_QUEUE: taskQueue };
  const silent = pino({ level: 'silent' });
  const kafka = createKafka(config, silent);
  const producer: Producer = createPostEventProducer(kafka);
  await producer.connect();
  const client = await connectClient(config);
  const notifier = capturingNotifier();
  const worker: PostWorkers = await createPostWorker({
    config,
    events: kafkaPostEventPublisher(producer, config.POST_EVENTS_TOPIC),
    notifier,
    client,
    log: silent,
  });
  const running = worker.run();
  return {
    config,
    client,
    kafka,
    notifier,
    async stop() {
      worker.shutdown();
      await running;
      await producer.disconnect();
      await client.connection.close();
    },
  };
}
