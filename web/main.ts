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
import { type PostCatalogue, postCatalogueProjection } from '../projections/postCatalogue.js';
import {
  createProjectionConsumer,
  createProjector,
  type Projector,
} from '../projections/projectionConsumer.js';
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
let catalogue: Projector<PostCatalogue> | undefined;
let producer: Producer | undefined;
let stopping: Promise<void> | undefined;
function stop(): Promise<void> {
  stopping ??= Promise.resolve(app?.close())
    .then(() => producer?.disconnect())
    .then(() => projection.stop())
    .then(() => catalogue?.stop())
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
// Every post's record, for closed posts' pages and for the lists: a large model, stored every 2 s.
catalogue = createProjector({
  kafka,
  topic: config.POST_EVENTS_TOPIC,
  store: jsonFileSnapshotStore<PostCatalogue>(config.POST_CATALOGUE_FILE),
  log,
  projection: postCatalogueProjection,
  groupId: config.POST_CATALOGUE_GROUP,
  storeEveryMillis: 2_000,
  onCrash: () => {
    process.exitCode = 1;
    void stop();
  },
});
await catalogue.start();
// Establishment baselines recorded through the API go on the same topic, for the projection to read.
producer = createPostEventProducer(kafka);
await producer.connect();

const audit = jsonLinesAuditLog(config.AUDIT_LOG_FILE);
const directory = await openStaffDirectory(config);
app = await createWebApp({
  config,
  posts: new PostService(client, config, directory, catalogue),
  log,
  dashboard: projectionDashboardSource(projection),
  audit,
  baselines: kafkaBaselinePublisher(producer, config.POST_EVENTS_TOPIC),
});
const address = await app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
log.info({ address, authMode: config.AUTH_MODE, auditLog: audit.location }, 'web app listening');
if (config.AUTH_MODE === 'oidc') {
  // What the identity provider's app registration must list (README: Signing in).
  log.info(
    {
      issuer: config.OIDC_ISSUER,
      redirectUri: `${config.PUBLIC_URL}/sign-in/callback`,
      postLogoutRedirectUri: `${config.PUBLIC_URL}/signed-out`,
    },
    'sign-in through the identity provider',
  );
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stop());
}
