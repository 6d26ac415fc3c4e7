import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { createKafka } from '../../kafka/client.js';
import { postSearchAttributes } from '../../schemas/searchAttributes.js';
import { kafkaAcceptsProduce, temporalAnswers } from '../health.js';
import { kafkaClusterIdIn } from '../kafkaClusterId.js';
import { repoRoot } from '../paths.js';
import {
  initPostgres,
  type PostgresPlace,
  postgresAnswers,
  postgresArgs,
  postgresRunAs,
  superuserUrl,
} from '../postgres.js';
import { portAnswers } from '../processes.js';
import {
  type ClusterLayout,
  type ClusterSecrets,
  clusterProductEnv,
  productDatabase,
  type TemporalServiceName,
} from './clusterLayout.js';
import { clusterKafkaProperties } from './kafkaCluster.js';
import { nginxConfig } from './nginxConfig.js';
import {
  temporalDatabases,
  temporalDynamicConfig,
  temporalRole,
  temporalServerConfig,
} from './temporalConfig.js';

const run = promisify(execFile);
const quietLog = pino({ level: 'fatal' });

export type ClusterGroup = 'postgresql' | 'temporal' | 'kafka' | 'workers' | 'webs' | 'nginx';

/** One process of the cluster profile. */
export interface ClusterService {
  name: string;
  group: ClusterGroup;
  ports: number[];
  command: string;
  args: string[];
  /** Its environment, worked out when it starts (the shared secrets are made then, not on `status`). */
  env?: () => NodeJS.ProcessEnv;
  runAs?: { uid: number; gid: number };
  /** Seconds it is given to become healthy. */
  startSeconds: number;
  stopSignal?: NodeJS.Signals;
  prepare?: () => Promise<void> | void;
  healthy: () => Promise<boolean>;
}

const postgresPlace = (layout: ClusterLayout): PostgresPlace => ({ ...layout.postgres, host: layout.host });

function postgresService(layout: ClusterLayout): ClusterService {
  const place = postgresPlace(layout);
  const runAs = postgresRunAs();
  return {
    name: 'postgresql',
    group: 'postgresql',
    ports: [place.port],
    command: join(place.binDir, 'postgres'),
    // Four Temporal services (20 + 5 connections each), four product processes and the tests.
    args: [...postgresArgs(place, 300), '-c', 'shared_buffers=256MB'],
    ...(runAs ? { runAs } : {}),
    startSeconds: 60,
    // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, then a clean checkpoint.
    stopSignal: 'SIGINT',
    prepare: () => initPostgres(place),
    healthy: () => postgresAnswers(place),
  };
}

/** Roles and databases: Temporal's two, and the product's. Harmless to repeat. */
export async function preparePostgres(layout: ClusterLayout): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl(postgresPlace(layout)) });
  await client.connect();
  try {
    const roles: [string, string][] = [
      [temporalRole.user, temporalRole.password],
      ['council_posts', 'council_posts'],
    ];
    for (const [role, password] of roles) {
      const found = await client.query('select 1 from pg_roles where rolname = $1', [role]);
      if (found.rowCount === 0) {
        await client.query(`create role ${role} login password '${password}'`);
      }
    }
    const databases: [string, string][] = [
      [temporalDatabases.main, temporalRole.user],
      [temporalDatabases.visibility, temporalRole.user],
      [productDatabase, 'council_posts'],
    ];
    for (const [database, owner] of databases) {
      const found = await client.query('select 1 from pg_database where datname = $1', [database]);
      if (found.rowCount === 0) await client.query(`create database ${database} owner ${owner}`);
    }
  } finally {
    await client.end();
  }
}

/** Temporal's schema with its own SQL tool: set up once, then brought up to the server's version. */
export async function prepareTemporalSchema(
  layout: ClusterLayout,
  say: (line: string) => void,
): Promise<void> {
  for (const [database, schemaDir] of [
    [temporalDatabases.main, 'temporal'],
    [temporalDatabases.visibility, 'visibility'],
  ] as const) {
    const common = [
      '--plugin',
      'postgres12',
      '--endpoint',
      layout.host,
      '--port',
      String(layout.postgres.port),
      '--user',
      temporalRole.user,
      '--password',
      temporalRole.password,
      '--database',
      database,
    ];
    const marker = join(layout.dataDir, 'temporal', `${database}.schema-set-up`);
    if (!existsSync(marker)) {
      say(`temporal: setting up the ${database} schema`);
      await run(layout.cache.temporalSql, [...common, 'setup-schema', '-v', '0.0']);
      mkdirSync(dirname(marker), { recursive: true });
      writeFileSync(marker, `${new Date().toISOString()}\n`);
    }
    await run(layout.cache.temporalSql, [
      ...common,
      'update-schema',
      '-d',
      join(layout.cache.temporalSchemaDir, schemaDir, 'versioned'),
    ]);
  }
}

const temporalStartOrder: TemporalServiceName[] = ['history', 'matching', 'frontend', 'worker'];

function temporalServices(layout: ClusterLayout): ClusterService[] {
  return temporalStartOrder.map((service) => {
    const ports = layout.temporal.services.find((one) => one.service === service);
    if (!ports) throw new Error(`no ports for Temporal's ${service} service`);
    return {
      name: `temporal-${service}`,
      group: 'temporal',
      ports: [
        ports.grpcPort,
        ports.membershipPort,
        ports.metricsPort,
        ...(service === 'frontend' ? [layout.temporal.frontendHttpPort] : []),
      ],
      command: layout.cache.temporalServer,
      args: [
        '--root',
        dirname(layout.temporal.configDir),
        '--config',
        'config',
        '--env',
        service,
        '--allow-no-auth',
        'start',
        '--service',
        service,
      ],
      startSeconds: 120,
      prepare: () => {
        mkdirSync(layout.temporal.configDir, { recursive: true });
        writeFileSync(
          join(layout.temporal.configDir, `${service}.yaml`),
          temporalServerConfig(layout, ports),
        );
        writeFileSync(join(layout.temporal.configDir, 'dynamicconfig.yaml'), temporalDynamicConfig());
      },
      // The frontend answers a client; history and matching serve gRPC to it; the internal worker
      // serves no gRPC at all (it is a client of the frontend), only its membership port.
      healthy:
        service === 'frontend'
          ? () => temporalAnswers(layout.temporal.frontendAddress, 'temporal-system')
          : () => portAnswers(layout.host, service === 'worker' ? ports.membershipPort : ports.grpcPort),
    };
  });
}

/** The namespace and every custom search attribute the workflows upsert (schemas/searchAttributes.ts). */
export async function registerNamespace(layout: ClusterLayout, say: (line: string) => void): Promise<void> {
  const cli = layout.cache.temporalCli;
  const address = ['--address', layout.temporal.frontendAddress];
  const { namespace } = layout.temporal;
  const tolerateExisting = async (args: string[]) => {
    try {
      await run(cli, [...args, ...address]);
      return 'created';
    } catch (error) {
      const text = `${(error as { stderr?: string }).stderr ?? ''}${(error as Error).message}`;
      if (/already (exists|registered)/i.test(text)) return 'kept';
      throw new Error(`temporal ${args.join(' ')} failed: ${text.trim()}`);
    }
  };
  const made = await tolerateExisting([
    'operator',
    'namespace',
    'create',
    '--namespace',
    namespace,
    '--retention',
    '168h',
  ]);
  say(`temporal: namespace ${namespace} ${made}`);
  let created = 0;
  for (const [name, type] of Object.entries(postSearchAttributes)) {
    const outcome = await tolerateExisting([
      'operator',
      'search-attribute',
      'create',
      '--namespace',
      namespace,
      '--name',
      name,
      '--type',
      type,
    ]);
    if (outcome === 'created') created += 1;
  }
  say(`temporal: ${Object.keys(postSearchAttributes).length} search attributes registered (${created} new)`);
}

function kafkaServices(layout: ClusterLayout): ClusterService[] {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const classpath = ['-cp', `${layout.cache.kafkaLibs}/*`];
  const { brokers } = layout.kafka;
  const bootstrap = brokers.map((broker) => `${layout.host}:${broker.port}`);
  return brokers.map((node) => {
    const propertiesFile = join(node.dataDir, 'server.properties');
    return {
      name: `kafka-${node.nodeId}`,
      group: 'kafka',
      ports: [node.port, node.controllerPort],
      command: java,
      args: [
        '-Xms256m',
        '-Xmx512m',
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-Djava.awt.headless=true',
        '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
        '-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info',
        '-Dorg.slf4j.simpleLogger.showDateTime=true',
        ...classpath,
        'kafka.Kafka',
        propertiesFile,
      ],
      startSeconds: 120,
      prepare: async () => {
        mkdirSync(join(node.dataDir, 'data'), { recursive: true });
        writeFileSync(propertiesFile, clusterKafkaProperties(layout.host, node, brokers));
        if (existsSync(join(node.dataDir, 'data', 'meta.properties'))) return;
        // Every node's storage is formatted with the same cluster id before its first start.
        const clusterId = kafkaClusterIdIn(layout.kafka.clusterIdFile);
        await run(java, [
          ...classpath,
          'kafka.tools.StorageTool',
          'format',
          '-t',
          clusterId,
          '-c',
          propertiesFile,
        ]);
      },
      // The cluster as a whole takes a write on a three-copy topic (needs two of three in sync);
      // the node itself answers on its port.
      healthy: async () =>
        (await portAnswers(layout.host, node.port)) &&
        kafkaAcceptsProduce(
          createKafka({ KAFKA_BROKERS: bootstrap, KAFKA_CLIENT_ID: 'stack-health' }, quietLog),
          {
            replicationFactor: 3,
          },
        ),
    };
  });
}

/** Secrets both web replicas must share (forms signed by one are read by the other), made once. */
export function clusterSecrets(layout: ClusterLayout): ClusterSecrets {
  const file = join(layout.dataDir, 'secrets.json');
  if (!existsSync(file)) {
    mkdirSync(layout.dataDir, { recursive: true });
    const secrets: ClusterSecrets = {
      sessionSecret: randomBytes(32).toString('base64url'),
      candidateMasterKey: randomBytes(32).toString('base64'),
    };
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterSecrets;
}

async function httpAnswers(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  return response.ok;
}

function productServices(layout: ClusterLayout): ClusterService[] {
  const common = () => clusterProductEnv(layout, clusterSecrets(layout));
  // One Node process each (no tsx wrapper process), so a kill -9 kills the service itself.
  const node = process.execPath;
  const tsx = ['--import', 'tsx'];
  const workers: ClusterService[] = layout.workers.map((worker) => ({
    name: worker.name,
    group: 'workers',
    ports: [worker.httpPort, worker.sdkMetricsPort],
    command: node,
    args: [...tsx, 'workers/main.ts'],
    env: () => ({
      ...common(),
      INSTANCE_ID: worker.name,
      WORKER_HTTP_PORT: String(worker.httpPort),
      TEMPORAL_SDK_METRICS_ADDRESS: `${layout.host}:${worker.sdkMetricsPort}`,
      NOTIFY_DISPATCHER: worker.dispatcher ? 'on' : 'off',
    }),
    startSeconds: 120,
    healthy: () => httpAnswers(`http://${layout.host}:${worker.httpPort}/health/ready`),
  }));
  const webs: ClusterService[] = layout.webs.map((web) => ({
    name: web.name,
    group: 'webs',
    ports: [web.port],
    command: node,
    args: [...tsx, 'web/main.ts'],
    env: () => ({
      ...common(),
      INSTANCE_ID: web.name,
      HTTP_PORT: String(web.port),
      // Each replica's projections are its own (group and snapshot per instance, config/index.ts).
      DASHBOARD_SNAPSHOT_FILE: join(layout.dataDir, 'projections', 'dashboard.json'),
      POST_CATALOGUE_FILE: join(layout.dataDir, 'projections', 'post-catalogue.json'),
    }),
    startSeconds: 120,
    healthy: () => httpAnswers(`http://${layout.host}:${web.port}/health/ready`),
  }));
  return [...workers, ...webs];
}

function nginxService(layout: ClusterLayout): ClusterService {
  const configFile = join(layout.nginx.dir, 'nginx.conf');
  return {
    name: 'nginx',
    group: 'nginx',
    ports: [layout.nginx.port],
    command: layout.nginx.binary,
    args: ['-c', configFile, '-p', layout.nginx.dir, '-e', join(layout.logDir, 'nginx-error.log')],
    startSeconds: 30,
    // SIGQUIT: finish the requests in flight, then stop.
    stopSignal: 'SIGQUIT',
    prepare: () => {
      for (const name of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
        const dir = join(layout.nginx.dir, 'temp', name);
        mkdirSync(dir, { recursive: true });
        // nginx's worker runs as nobody when started by root.
        chmodSync(dir, 0o777);
      }
      writeFileSync(configFile, nginxConfig(layout));
    },
    healthy: () => httpAnswers(`http://${layout.host}:${layout.nginx.port}/health/ready`),
  };
}

/** Every process of the profile, in start order. */
export function clusterServices(layout: ClusterLayout): ClusterService[] {
  return [
    postgresService(layout),
    ...kafkaServices(layout),
    ...temporalServices(layout),
    ...productServices(layout),
    nginxService(layout),
  ];
}

/** Builds the workflow bundles the workers load, when missing or older than the workflow code. */
export async function ensureWorkflowBundles(
  layout: ClusterLayout,
  say: (line: string) => void,
): Promise<void> {
  const bundle = join(layout.bundleDir, 'workflow-bundle.js');
  const ledger = join(layout.bundleDir, 'ledger-bundle.js');
  const newestSource = Math.max(
    ...['workflows', 'domain', 'schemas'].map((dir) => newestModification(join(repoRoot, dir))),
  );
  const built = existsSync(bundle) && existsSync(ledger) ? Math.min(mtime(bundle), mtime(ledger)) : 0;
  if (built > newestSource) return;
  say('workers: bundling the workflow code (once per change of workflows/)…');
  await run(process.execPath, ['--import', 'tsx', 'workers/bundleWorkflows.ts', bundle, ledger], {
    cwd: repoRoot,
  });
}

const mtime = (file: string) => statSync(file).mtimeMs;

function newestModification(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, mtime(join(entry.parentPath, entry.name)));
  }
  return newest;
}
