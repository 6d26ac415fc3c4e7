/** The web and API process: `npm run web`. */
import type { FastifyInstance } from 'fastify';
import type { Admin, Producer } from 'kafkajs';
import { loadConfig, projectionPlaces } from '../config/index.js';
import { StaffDirectory } from '../directory/staffDirectory.js';
import { createKafka } from '../kafka/client.js';
import { kafkaBaselinePublisher } from '../kafka/establishmentPublisher.js';
import { createPostEventProducer } from '../kafka/postEventPublisher.js';
import { ensureTopics, productTopics } from '../kafka/topics.js';
import { createLogger } from '../logging/logger.js';
import { timedBaselinePublisher } from '../observability/publishMetrics.js';
import { startTracing } from '../observability/tracing.js';
import { createWebMetrics } from '../observability/webMetrics.js';
import { ApprovalPolicyFileError } from '../policy/approvalPolicyFile.js';
import { servicePolicy } from '../policy/productPolicy.js';
import { type PostCatalogue, postCatalogueProjection } from '../projections/postCatalogue.js';
import {
  createProjectionConsumer,
  createProjector,
  type Projector,
} from '../projections/projectionConsumer.js';
import { jsonFileSnapshotStore } from '../projections/snapshotStore.js';
import { openSharedState, type SharedState } from '../storage/sharedState.js';
import { connectClient } from '../temporal/connection.js';
import { PostService } from '../temporal/postService.js';
import { createWebApp } from './app.js';
import { projectionDashboardSource } from './dashboard/dashboardSource.js';

const config = loadConfig();
// Before any client is made: the Temporal client's interceptor reads the global tracer.
const tracing = startTracing('web');
// Each web replica (INSTANCE_ID) reads every partition into projections of its own.
const places = projectionPlaces(config);
const log = createLogger('web', config.LOG_LEVEL);
const client = await connectClient(config);

// A crash of the projection can come before the app is made, so stop() works without it.
let app: FastifyInstance | undefined;
let catalogue: Projector<PostCatalogue> | undefined;
let operatorAdmin: Admin | undefined;
let sharedState: SharedState | undefined;
let producer: Producer | undefined;
let stopping: Promise<void> | undefined;
function stop(): Promise<void> {
  stopping ??= Promise.resolve(app?.close())
    .then(() => producer?.disconnect())
    .then(() => projection.stop())
    .then(() => catalogue?.stop())
    .then(() => operatorAdmin?.disconnect())
    .then(() => client.connection.close())
    .then(() => sharedState?.close())
    .then(() => tracing.shutdown());
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
  store: jsonFileSnapshotStore(places.dashboard.file),
  log,
  groupId: places.dashboard.group,
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
  store: jsonFileSnapshotStore<PostCatalogue>(places.catalogue.file),
  log,
  projection: postCatalogueProjection,
  groupId: places.catalogue.group,
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

// Operators' view: ready when Temporal and Kafka answer; metrics include how far each projection lags.
const metrics = createWebMetrics();
// Connecting again is a no-op once connected, and reconnects after the broker was lost.
const operator = kafka.admin();
operatorAdmin = operator;
metrics.watchProjectionLag(
  async () => {
    await operator.connect();
    return operator.fetchTopicOffsets(config.POST_EVENTS_TOPIC);
  },
  { dashboard: projection, catalogue },
);
// Sessions, tokens, rate limits, the audit log and the directory: PostgreSQL with DATABASE_URL, else files.
const shared = await openSharedState(config, log);
sharedState = shared;
const readiness = {
  temporal: () => client.workflowService.getSystemInfo({}),
  ...(shared.databaseAnswers ? { database: shared.databaseAnswers } : {}),
  kafka: async () => {
    await operator.connect();
    await operator.describeCluster();
  },
};

const { audit } = shared;
const directory = new StaffDirectory(shared.directoryStore);
// The service does not start under an approval policy with problems: it says each, with its line.
const policy = await servicePolicy(config.APPROVAL_POLICY_FILE, directory).catch(async (error: unknown) => {
  const problems = error instanceof ApprovalPolicyFileError ? error.problems : [String(error)];
  log.fatal({ file: config.APPROVAL_POLICY_FILE, problems }, 'the approval policy was not accepted');
  await stop();
  process.exit(1);
});
log.info({ file: config.APPROVAL_POLICY_FILE, version: policy.version }, 'approval policy');
app = await createWebApp({
  config,
  posts: new PostService(client, config, directory, catalogue, policy),
  log,
  dashboard: projectionDashboardSource(projection),
  audit,
  baselines: timedBaselinePublisher(
    kafkaBaselinePublisher(producer, config.POST_EVENTS_TOPIC),
    metrics.publishSeconds,
    config.POST_EVENTS_TOPIC,
  ),
  authStores: shared.authStores,
  ...(shared.rateLimitStore ? { rateLimitStore: shared.rateLimitStore } : {}),
  ...(shared.idempotency ? { idempotency: shared.idempotency } : {}),
  readiness,
  metrics,
});
const address = await app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
log.info(
  { address, authMode: config.AUTH_MODE, auditLog: audit.location, sharedState: shared.where },
  'web app listening',
);
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
