import { join } from 'node:path';
import { type LocalPaths, localPaths } from '../paths.js';
import { postgresBinDir, postgresFolder } from '../postgres.js';

/**
 * Where the cluster profile's parts listen and keep their data. Every port is on loopback and away
 * from the local stack's (7233/8233, 9092/9093, 3000/3001), so both can run side by side;
 * CLUSTER_PORT_OFFSET moves them all at once (a test that runs a second cluster).
 */
export interface ClusterLayout {
  host: string;
  /** The profile's data folder: PostgreSQL's cluster, Kafka's logs, configs, pid files and logs. */
  dataDir: string;
  logDir: string;
  runDir: string;
  postgres: { port: number; dataDir: string; socketDir: string; binDir: string };
  temporal: {
    namespace: string;
    /** One process per service, each with its own gRPC, membership and metrics port. */
    services: TemporalServicePorts[];
    frontendAddress: string;
    frontendHttpPort: number;
    configDir: string;
  };
  kafka: { brokers: KafkaNode[]; clusterIdFile: string };
  workers: { name: string; httpPort: number; sdkMetricsPort: number; dispatcher: boolean }[];
  webs: { name: string; port: number }[];
  nginx: { port: number; dir: string; binary: string };
  bundleDir: string;
  cache: LocalPaths & { temporalServer: string; temporalSql: string; temporalSchemaDir: string };
}

export type TemporalServiceName = 'history' | 'matching' | 'frontend' | 'worker';

export interface TemporalServicePorts {
  service: TemporalServiceName;
  grpcPort: number;
  membershipPort: number;
  metricsPort: number;
}

export interface KafkaNode {
  nodeId: number;
  port: number;
  controllerPort: number;
  dataDir: string;
}

/** The database the product's shared state lives in (sessions, tokens, audit…); Temporal has its own two. */
export const productDatabase = 'council_posts';

export function clusterLayout(env: NodeJS.ProcessEnv = process.env): ClusterLayout {
  const paths = localPaths(env);
  const offset = Number(env.CLUSTER_PORT_OFFSET ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > 10_000) {
    throw new Error(
      `CLUSTER_PORT_OFFSET must be a whole number from 0 to 10000, not ${env.CLUSTER_PORT_OFFSET}`,
    );
  }
  const at = (port: number) => port + offset;
  const host = '127.0.0.1';
  const dataDir = env.COUNCIL_POSTS_CLUSTER_DATA ?? join(paths.dataDir, 'cluster');
  const serverVersion = paths.versions.TEMPORAL_SERVER_VERSION ?? 'missing';
  const serverDir = join(paths.cacheDir, 'temporal-server', serverVersion);
  const temporalPorts = (service: TemporalServiceName, index: number): TemporalServicePorts => ({
    service,
    grpcPort: at(17233 + index * 2),
    membershipPort: at(17234 + index * 2),
    metricsPort: at(17290 + index),
  });
  return {
    host,
    dataDir,
    logDir: join(dataDir, 'logs'),
    runDir: join(dataDir, 'run'),
    postgres: {
      port: at(55432),
      dataDir: join(postgresFolder(join(dataDir, 'postgresql')), 'data'),
      socketDir: join(postgresFolder(join(dataDir, 'postgresql')), 'socket'),
      binDir: env.POSTGRES_BIN_DIR ?? postgresBinDir(),
    },
    temporal: {
      namespace: env.TEMPORAL_NAMESPACE ?? 'council-posts',
      // The frontend keeps 17233, the port clients use; the others follow it.
      services: [
        temporalPorts('frontend', 0),
        temporalPorts('history', 1),
        temporalPorts('matching', 2),
        temporalPorts('worker', 3),
      ],
      frontendAddress: `${host}:${at(17233)}`,
      frontendHttpPort: at(17243),
      configDir: join(dataDir, 'temporal', 'config'),
    },
    kafka: {
      brokers: [1, 2, 3].map((nodeId) => ({
        nodeId,
        port: at(29191 + nodeId),
        controllerPort: at(29194 + nodeId),
        dataDir: join(dataDir, 'kafka', `broker-${nodeId}`),
      })),
      clusterIdFile: join(dataDir, 'kafka', 'cluster-id'),
    },
    // The notification dispatcher keeps its state in one folder: exactly one worker runs it.
    workers: [
      { name: 'worker-1', httpPort: at(13101), sdkMetricsPort: at(13111), dispatcher: true },
      { name: 'worker-2', httpPort: at(13102), sdkMetricsPort: at(13112), dispatcher: false },
    ],
    webs: [
      { name: 'web-1', port: at(13000) },
      { name: 'web-2', port: at(13001) },
    ],
    nginx: { port: at(18080), dir: join(dataDir, 'nginx'), binary: env.NGINX_BINARY ?? '/usr/sbin/nginx' },
    bundleDir: join(dataDir, 'bundle'),
    cache: {
      ...paths,
      temporalServer: join(serverDir, 'server'),
      temporalSql: join(serverDir, 'sql'),
      temporalSchemaDir: join(serverDir, 'schema', 'postgresql', 'v12'),
    },
  };
}

/** The product's environment on the cluster: every web and worker process gets these, plus its own. */
export function clusterProductEnv(layout: ClusterLayout, secrets: ClusterSecrets): NodeJS.ProcessEnv {
  const { host } = layout;
  return {
    TEMPORAL_ADDRESS: layout.temporal.frontendAddress,
    TEMPORAL_NAMESPACE: layout.temporal.namespace,
    KAFKA_BROKERS: layout.kafka.brokers.map((broker) => `${host}:${broker.port}`).join(','),
    KAFKA_REPLICATION_FACTOR: '3',
    DATABASE_URL: `postgres://council_posts:council_posts@${host}:${layout.postgres.port}/${productDatabase}`,
    PUBLIC_URL: `http://${host}:${layout.nginx.port}`,
    // Shared by both web replicas: a form made by one is accepted by the other.
    SESSION_SECRET: secrets.sessionSecret,
    CANDIDATE_MASTER_KEY: secrets.candidateMasterKey,
    HTTP_HOST: host,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    NOTIFY_OUTBOX_FILE: join(layout.dataDir, 'notifications', 'outbox.ndjson'),
    NOTIFY_DISPATCHER_DIR: join(layout.dataDir, 'notifications', 'dispatcher'),
    WORKFLOW_BUNDLE: join(layout.bundleDir, 'workflow-bundle.js'),
    LEDGER_WORKFLOW_BUNDLE: join(layout.bundleDir, 'ledger-bundle.js'),
  };
}

export interface ClusterSecrets {
  sessionSecret: string;
  candidateMasterKey: string;
}
