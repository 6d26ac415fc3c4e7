/**
 * The benchmarks' worker, in a process of its own as in production (so its memory can be measured
 * apart from the load generator): the product's worker with the bare baselines added. Tells its
 * parent over IPC when it polls, and stops on SIGTERM. WORKFLOW_BUNDLE names a prebuilt bundle.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pino from 'pino';
import { loadConfig } from '../config/index.js';
import { createKafka } from '../kafka/client.js';
import { createPostEventProducer, kafkaPostEventPublisher } from '../kafka/postEventPublisher.js';
import { connectClient } from '../temporal/connection.js';
import { createPostWorker, installTemporalLogging } from '../workers/createPostWorker.js';
import { bareActivities } from './bareActivities.js';

const require = createRequire(import.meta.url);
const config = loadConfig();
const log = pino({ level: 'warn' });
installTemporalLogging(log);

const producer = createPostEventProducer(createKafka(config, log));
await producer.connect();
const client = await connectClient(config);
const worker = await createPostWorker({
  config,
  events: kafkaPostEventPublisher(producer, config.POST_EVENTS_TOPIC),
  notifier: { send: async () => 'sent' as const },
  client,
  log,
  ...(process.env.WORKFLOW_BUNDLE
    ? { workflowBundle: { code: readFileSync(process.env.WORKFLOW_BUNDLE, 'utf8') } }
    : { workflowsPath: require.resolve('./workflows/index.ts') }),
  ...(process.env.LEDGER_WORKFLOW_BUNDLE
    ? { ledgerBundle: { code: readFileSync(process.env.LEDGER_WORKFLOW_BUNDLE, 'utf8') } }
    : {}),
  extraActivities: bareActivities,
});
const running = worker.run();
process.send?.({ ready: true });
// Asked for its memory, the worker collects garbage first (started with --expose-gc), so the heap it
// reports is what its workflows and clients hold, not what is waiting to be collected.
process.on('message', (message: { memory?: boolean }) => {
  if (!message.memory) return;
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, external, rss } = process.memoryUsage();
  process.send?.({ memory: { heapBytes: heapUsed + external, rssBytes: rss } });
});
await running;
await producer.disconnect();
await client.connection.close();
