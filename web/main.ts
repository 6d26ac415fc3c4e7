/** The web and API process: `npm run web`. */
import type { FastifyInstance } from 'fastify';
import type { Producer } from 'kafkajs';
import { jsonLinesAuditLog } from '../audit/jsonLinesAuditLog.js';
import { loadConfig } from '../config/index.js';
import { openStaffDirectory } from '../directory/openStaffDirectory.js';
import { createKafka } from '../kafka/client.js';
import { kafkaBaselinePublisher } from '../kafka/establishmentPublisher.js';
import { createPostEventProducer } from '../kafka/postEventPublisher.js';
import { ensureTopics, productTopics } from '../kafka/topics.js';
import { createLogger } from '../logging/logger.js';
import { createProjectionConsumer } from '../projections/projectionConsumer.js';
import { jsonFileSnapshotStore } from '../projections/snapshotStore.js';
import { connectClient } from '../temporal/connection.js';
import { PostService } from '../temporal/postService.js';
import { createWebApp } from './app.js';
import { projectionDashboardSource } from './dashboard/dashboardSource.js';

const config = loadConfig();
const log = createLogger('web', config.LOG_LEVEL);
const client = await connectClient(config);

// A crash of the projection can come before the app is made, so stop() works without it.
let app: FastifyInstance | undefined;
let producer: Producer | undefined;
let stopping: Promise<void> | undefined;
function stop(): Promise<void> {
  stopping ??= Promise.resolve(app?.close())
    .then(() => producer?.disconnect())
    .then(() => projection.stop())
    .then(() => client.connection.close());
  return stopping;
}

// The dashboard reads the post events through a projection of its own, never workflow state.
const kafka = createKafka(config, log);
const admin = kafka.admin();
await admin.connect();
await ensureTopics(admin, productTopics(config));
await admin.disconnect();
const projection = createProjectionConsumer({
  kafka,
  topic: config.POST_EVENTS_TOPIC,
  store: jsonFileSnapshotStore(config.DASHBOARD_SNAPSHOT_FILE),
  log,
  groupId: config.DASHBOARD_PROJECTION_GROUP,
  settings: {
    internationalCap: {
      cap: config.INTERNATIONAL_RECRUITS_CAP,
      alreadyRecruited: config.INTERNATIONAL_RECRUITS_ALREADY,
    },
  },
  onCrash: () => {
    process.exitCode = 1;
    void stop();
  },
});
await projection.start();
// Establishment baselines recorded through the API go on the same topic, for the projection to read.
producer = createPostEventProducer(kafka);
await producer.connect();

const audit = jsonLinesAuditLog(config.AUDIT_LOG_FILE);
const directory = await openStaffDirectory(config);
app = await createWebApp({
  config,
  posts: new PostService(client, config, directory),
  log,
  dashboard: projectionDashboardSource(projection),
  audit,
  baselines: kafkaBaselinePublisher(producer, config.POST_EVENTS_TOPIC),
});
const address = await app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
log.info({ address, authMode: config.AUTH_MODE, auditLog: audit.location }, 'web app listening');
if (config.AUTH_MODE === 'local') {
  process.stdout.write(
    `\nCouncil posts: ${address}  (API docs ${address}/docs)\nSign in as anyone in the staff directory (${config.DIRECTORY_FILE}):\n${directory.store
      .people()
      .filter((person) => person.active)
      .map((person) => `  ${person.id.padEnd(16)} ${person.roles.join(', ').padEnd(17)} ${person.name}`)
      .join('\n')}\n\n`,
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stop());
}
