import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../../config/index.js';
import { clusterLayout, productDatabase } from '../../infra/cluster/clusterLayout.js';
import { clusterServices } from '../../infra/cluster/clusterServices.js';
import { clusterKafkaProperties } from '../../infra/cluster/kafkaCluster.js';
import { nginxConfig } from '../../infra/cluster/nginxConfig.js';
import {
  temporalDatabases,
  temporalDynamicConfig,
  temporalServerConfig,
} from '../../infra/cluster/temporalConfig.js';
import { productTopics } from '../../kafka/topics.js';
import { postSearchAttributes } from '../../schemas/searchAttributes.js';

/**
 * docker-compose.yml cannot be run here (no Docker engine), so these tests parse it and check that it
 * agrees with the product (its config keys, its Temporal namespace and search attributes), with the
 * pinned versions in infra/versions.env, and with the cluster profile (infra/cluster/), whose topology
 * it describes: the same services under the same names, the same Kafka, Temporal and nginx settings.
 */

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: (string | number)[];
  volumes?: string[];
  healthcheck?: { test?: string | string[] };
  restart?: string;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

const repoFile = (path: string) => new URL(`../../${path}`, import.meta.url);

const compose = parse(readFileSync(repoFile('docker-compose.yml'), 'utf8'), {
  merge: true,
}) as ComposeFile;

const services = compose.services;

/** The secrets an operator must give (in the environment or an .env file): compose refuses to start without them. */
const operatorEnv: Record<string, string> = {
  SESSION_SECRET: 'an-operator-session-secret-of-forty-characters',
  TEMPORAL_DB_PASSWORD: 'temporalpassword',
  COUNCIL_POSTS_DB_PASSWORD: 'councilpostspassword',
};

/** The cluster profile's layout, described only (nothing is written). */
const layout = clusterLayout({ COUNCIL_POSTS_CLUSTER_DATA: '/tmp/council-posts-compose-test' });

/** The custom search attributes the workflows upsert, from the one list they all read. */
const expectedSearchAttributes = Object.entries(postSearchAttributes).map(([name, type]) => ({ name, type }));

/**
 * Resolves compose interpolation as compose does with `vars` as the environment: `${X:-d}` and `${X-d}`
 * fall back to d, `${X:?message}` and `${X?message}` refuse to go on without X, and `$$` is a `$`.
 */
function interpolate(value: string, vars: Record<string, string | undefined> = operatorEnv): string {
  return value.replace(
    /\$\$|\$\{(\w+)(?:(:?)([-?])([^}]*))?\}/g,
    (match, name: string | undefined, colon: string | undefined, kind: string | undefined, rest = '') => {
      if (match === '$$' || name === undefined) return '$';
      const given = vars[name];
      const missing = colon === ':' ? given === undefined || given === '' : given === undefined;
      if (kind === '?' && missing) throw new Error(`required variable ${name} is missing: ${rest}`);
      if (kind === '-' && missing) return rest;
      return given ?? '';
    },
  );
}

function service(name: string): ComposeService {
  const found = services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service named ${name}`);
  return found;
}

/** A service's environment as written in the file, whether as a map or as KEY=VALUE lines. */
function rawEnvironmentOf(name: string): Record<string, string> {
  const environment = service(name).environment ?? {};
  const entries = Array.isArray(environment)
    ? environment.map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), line.slice(at + 1)] as const;
      })
    : Object.entries(environment).map(([key, value]) => [key, String(value ?? '')] as const);
  return Object.fromEntries(entries);
}

/** A service's environment as its container gets it, given the operator's variables. */
function environmentOf(
  name: string,
  vars: Record<string, string | undefined> = operatorEnv,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(rawEnvironmentOf(name)).map(([key, value]) => [key, interpolate(value, vars)]),
  );
}

function dependenciesOf(definition: ComposeService): Record<string, string> {
  const dependsOn = definition.depends_on ?? [];
  return Array.isArray(dependsOn)
    ? Object.fromEntries(dependsOn.map((name) => [name, 'service_started']))
    : Object.fromEntries(
        Object.entries(dependsOn).map(([name, { condition }]) => [name, condition ?? 'service_started']),
      );
}

/** Whether `name` starts only after `target` reached `condition`, directly or through what it waits for. */
function waitsFor(name: string, target: string, condition: string, seen = new Set<string>()): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  return Object.entries(dependenciesOf(service(name))).some(
    ([dependency, how]) =>
      (dependency === target && how === condition) || waitsFor(dependency, target, condition, seen),
  );
}

/** Address, host and container port of each short-syntax mapping (`[ip:]host:container`). */
function portsOf(name: string): { address: string; host: string; container: string }[] {
  return (service(name).ports ?? []).map((mapping) => {
    const parts = interpolate(String(mapping)).split(':');
    const container = parts.at(-1) ?? '';
    return {
      address: parts.length === 3 ? (parts[0] ?? '') : '0.0.0.0',
      host: parts.at(-2) ?? container,
      container,
    };
  });
}

/** The shell script (entrypoint plus command) a one-shot service runs. */
function scriptOf(name: string): string {
  const { entrypoint = [], command = [] } = service(name);
  return [entrypoint, command].flat().join('\n');
}

function commandOf(name: string): string {
  const { command = [] } = service(name);
  return [command].flat().join(' ');
}

/** The URL a healthcheck asks, when it asks one. */
function healthcheckUrl(name: string): string | undefined {
  const test = [service(name).healthcheck?.test ?? []].flat().join(' ');
  return test.match(/https?:\/\/[^\s'"`]+/)?.[0];
}

/** Kafka listeners as a map from listener name to `host:port`, e.g. PLAINTEXT -> kafka-1:9092. */
function kafkaListeners(
  name: string,
  variable: 'KAFKA_LISTENERS' | 'KAFKA_ADVERTISED_LISTENERS',
): Record<string, string> {
  const value = environmentOf(name)[variable] ?? '';
  return Object.fromEntries(
    value.split(',').map((listener) => {
      const [listenerName = '', address = ''] = listener.trim().split('://');
      return [listenerName, address];
    }),
  );
}

/** The environment variable the apache/kafka image turns into a server property (`.` → `_`, upper case). */
function kafkaVariable(property: string): string {
  return `KAFKA_${property.replaceAll('_', '___').replaceAll('-', '__').replaceAll('.', '_').toUpperCase()}`;
}

function readVersionsEnv(): Record<string, string> {
  const text = readFileSync(repoFile('infra/versions.env'), 'utf8');
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()] as const;
    });
  return Object.fromEntries(entries);
}

/** What an nginx config says that matters here: its upstreams, listen address and locations. */
function readNginx(text: string) {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const body = lines.join('\n');
  const upstreamMatch = body.match(/upstream\s+(\S+)\s*\{([^}]*)\}/);
  const upstreamLines = (upstreamMatch?.[2] ?? '').split('\n').filter((line) => line !== '');
  const servers = upstreamLines
    .filter((line) => line.startsWith('server '))
    .map((line) => {
      const [, address = '', ...parameters] = line.replace(/;$/, '').split(/\s+/);
      return { address, parameters };
    });
  const locations = Object.fromEntries(
    [...body.matchAll(/location\s+(\S+)\s*\{([^}]*)\}/g)].map((match) => [
      match[1] ?? '',
      (match[2] ?? '')
        .split('\n')
        .filter((line) => line !== '')
        .sort(),
    ]),
  );
  const directive = (name: string) => lines.find((line) => line.startsWith(`${name} `));
  return {
    upstream: upstreamMatch?.[1],
    servers,
    upstreamDirectives: upstreamLines.filter((line) => !/^(server|zone) /.test(line)),
    listen: body.match(/^listen\s+(\S+);$/m)?.[1],
    locations,
    directive,
  };
}

const imageOf = (name: string) => service(name).image ?? '';
const namesWhere = (test: (definition: ComposeService, name: string) => boolean) =>
  Object.entries(services)
    .filter(([name, definition]) => test(definition, name))
    .map(([name]) => name);

const kafkaServices = namesWhere((definition) => definition.image?.startsWith('apache/kafka:') === true);
const temporalServers = namesWhere(
  (definition) => definition.image?.startsWith('temporalio/server:') === true,
);
const productImage = 'council-posts:local';
const workers = namesWhere(
  (definition, name) => definition.image === productImage && /\bworker$/.test(commandOf(name)),
);
const webs = namesWhere(
  (definition, name) => definition.image === productImage && /\bweb$/.test(commandOf(name)),
);
/** The long-running product processes, each a replica of the worker or of the web app. */
const replicas = [...workers, ...webs];
/** Every container that runs the product's code, the migration job too. */
const productServices = namesWhere((definition) => definition.image === productImage);
/** What a replica sets for itself alone; everything else is the product environment they share. */
const perReplicaKeys = ['INSTANCE_ID', 'NOTIFY_DISPATCHER'];
const configKeys = Object.keys(configSchema.shape);

function withoutKeys(environment: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(environment).filter(([key]) => !keys.includes(key)));
}

function sharedEnvironmentOf(name: string): Record<string, string> {
  return withoutKeys(environmentOf(name), perReplicaKeys);
}

/** The nginx config compose mounts into the nginx container, read as the cluster profile's is. */
const nginxMount = (service('nginx').volumes ?? []).find(
  (volume) => volume.split(':')[1] === '/etc/nginx/nginx.conf',
);
const nginxFile = (nginxMount ?? '').split(':')[0]?.replace(/^\.\//, '') ?? '';
const composeNginx = readNginx(
  nginxFile !== '' && existsSync(repoFile(nginxFile)) ? readFileSync(repoFile(nginxFile), 'utf8') : '',
);

describe('docker-compose.yml: the cluster topology', () => {
  it('runs every process of the cluster profile under the same name, as a container of its own', () => {
    const clusterNames = clusterServices(layout).map((one) => one.name);
    expect(Object.keys(services)).toEqual(expect.arrayContaining(clusterNames));
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgresql-setup', 'temporal-create-namespace', 'temporal-ui', 'db-migrate']),
    );
    expect(kafkaServices).toEqual(layout.kafka.brokers.map((node) => `kafka-${node.nodeId}`));
    expect([...temporalServers].sort()).toEqual(
      layout.temporal.services.map((ports) => `temporal-${ports.service}`).sort(),
    );
    expect(workers).toEqual(layout.workers.map((worker) => worker.name));
    expect(webs).toEqual(layout.webs.map((web) => web.name));
    expect([...productServices].sort()).toEqual([...replicas, 'db-migrate'].sort());
  });

  it('makes three Kafka nodes that are brokers and controller voters of one quorum listing all three', () => {
    expect(kafkaServices).toHaveLength(3);
    const nodeIds = kafkaServices.map((name) => Number(environmentOf(name).KAFKA_NODE_ID));
    expect(nodeIds).toEqual(layout.kafka.brokers.map((node) => node.nodeId));
    const voters = kafkaServices.map((name) => environmentOf(name).KAFKA_CONTROLLER_QUORUM_VOTERS);
    expect(new Set(voters).size).toBe(1);
    const quorum = (voters[0] ?? '').split(',').map((voter) => {
      const [id = '', address = ''] = voter.split('@');
      return { id: Number(id), address };
    });
    expect(quorum.map((voter) => voter.id).sort()).toEqual([...nodeIds].sort());
    for (const name of kafkaServices) {
      const environment = environmentOf(name);
      expect(environment.KAFKA_PROCESS_ROLES, name).toBe('broker,controller');
      const controllerListener = environment.KAFKA_CONTROLLER_LISTENER_NAMES ?? '';
      const controllerPort = kafkaListeners(name, 'KAFKA_LISTENERS')[controllerListener]?.split(':')[1];
      expect(controllerPort, `${name} binds its controller listener`).toBeDefined();
      // Each node is the voter with its id, at its own name and its controller port.
      expect(quorum).toContainEqual({
        id: Number(environment.KAFKA_NODE_ID),
        address: `${name}:${controllerPort}`,
      });
    }
    // One cluster: storage formatted with the same id on every node.
    expect(new Set(kafkaServices.map((name) => environmentOf(name).CLUSTER_ID)).size).toBe(1);
  });

  it('keeps three copies of every topic and needs two in sync, so one node can be lost', () => {
    for (const name of kafkaServices) {
      const environment = environmentOf(name);
      expect(environment.KAFKA_DEFAULT_REPLICATION_FACTOR, name).toBe('3');
      expect(environment.KAFKA_MIN_INSYNC_REPLICAS, name).toBe('2');
      expect(environment.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR, name).toBe('3');
      expect(environment.KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR, name).toBe('3');
      expect(environment.KAFKA_TRANSACTION_STATE_LOG_MIN_ISR, name).toBe('2');
      expect(environment.KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE, name).toBe('false');
      expect(environment.KAFKA_AUTO_CREATE_TOPICS_ENABLE, name).toBe('false');
      // Writes go on with one node down: fewer in sync than copies, no more copies than nodes.
      expect(Number(environment.KAFKA_MIN_INSYNC_REPLICAS)).toBeLessThan(
        Number(environment.KAFKA_DEFAULT_REPLICATION_FACTOR),
      );
      expect(Number(environment.KAFKA_DEFAULT_REPLICATION_FACTOR)).toBeLessThanOrEqual(kafkaServices.length);
    }
  });

  it("sets every broker setting the cluster profile's Kafka nodes have", () => {
    const [first] = layout.kafka.brokers;
    if (!first) throw new Error('the cluster profile has no brokers');
    const properties = clusterKafkaProperties(layout.host, first, layout.kafka.brokers)
      .split('\n')
      .filter((line) => line.includes('=') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
    // Where each node listens and keeps its data differs between the two, by design.
    const placeOnly = [
      'node.id',
      'controller.quorum.voters',
      'listeners',
      'advertised.listeners',
      'log.dirs',
    ];
    const shared = properties.filter(([key]) => !placeOnly.includes(key));
    expect(shared.length).toBeGreaterThan(10);
    for (const name of kafkaServices) {
      const environment = environmentOf(name);
      for (const [key, value] of shared) {
        if (key === 'listener.security.protocol.map') {
          // Compose adds the EXTERNAL listener for clients on the host.
          const map = (environment[kafkaVariable(key)] ?? '').split(',');
          expect(map, `${name} ${key}`).toEqual(expect.arrayContaining(value.split(',')));
        } else {
          expect(environment[kafkaVariable(key)], `${name} ${kafkaVariable(key)} (${key})`).toBe(value);
        }
      }
    }
  });

  it("lists every broker's internal listener in KAFKA_BROKERS, and creates the product's topic to match", () => {
    const internalAddresses = kafkaServices.map((name) => {
      const listener = environmentOf(name).KAFKA_INTER_BROKER_LISTENER_NAME ?? 'PLAINTEXT';
      const advertised = kafkaListeners(name, 'KAFKA_ADVERTISED_LISTENERS')[listener] ?? '';
      expect(advertised, `${name} advertises ${listener}`).toBe(`${name}:9092`);
      // The advertised port is the one the listener binds.
      expect(kafkaListeners(name, 'KAFKA_LISTENERS')[listener]).toBe(`:${advertised.split(':')[1]}`);
      return advertised;
    });
    for (const name of productServices) {
      const config = loadConfig(environmentOf(name));
      expect([...config.KAFKA_BROKERS].sort(), `${name} KAFKA_BROKERS`).toEqual(
        [...internalAddresses].sort(),
      );
      const [topic] = productTopics(config);
      expect(topic?.replicationFactor, name).toBe(
        Number(environmentOf('kafka-1').KAFKA_DEFAULT_REPLICATION_FACTOR),
      );
      expect(topic?.configEntries).toContainEqual({
        name: 'min.insync.replicas',
        value: environmentOf('kafka-1').KAFKA_MIN_INSYNC_REPLICAS,
      });
    }
  });

  it('runs each Temporal service in a container of its own, every one on PostgreSQL with SQL visibility', () => {
    const servicesRun = temporalServers.map((name) => environmentOf(name).SERVICES);
    expect([...servicesRun].sort()).toEqual(layout.temporal.services.map((ports) => ports.service).sort());
    const history = layout.temporal.services.find((ports) => ports.service === 'history');
    if (!history) throw new Error('the cluster profile has no history service');
    const cluster = parse(temporalServerConfig(layout, history)) as {
      persistence: {
        numHistoryShards: number;
        datastores: Record<string, { sql: { databaseName: string; maxConns: number } }>;
      };
    };
    const datastore = (database: string) =>
      Object.values(cluster.persistence.datastores).find((store) => store.sql.databaseName === database)?.sql;
    for (const name of temporalServers) {
      const environment = environmentOf(name);
      expect(name).toBe(`temporal-${environment.SERVICES}`);
      expect(environment.DB, name).toBe('postgres12');
      expect(Object.keys(services), `${name} POSTGRES_SEEDS`).toContain(environment.POSTGRES_SEEDS);
      expect(environment.POSTGRES_SEEDS).toBe('postgresql');
      expect(environment.DB_PORT).toBe('5432');
      expect(environment.DBNAME).toBe(temporalDatabases.main);
      expect(environment.VISIBILITY_DBNAME).toBe(temporalDatabases.visibility);
      expect(environment.ENABLE_ES).not.toBe('true');
      expect(Number(environment.NUM_HISTORY_SHARDS)).toBe(cluster.persistence.numHistoryShards);
      expect(Number(environment.SQL_MAX_CONNS)).toBe(datastore(temporalDatabases.main)?.maxConns);
      expect(Number(environment.SQL_VIS_MAX_CONNS)).toBe(datastore(temporalDatabases.visibility)?.maxConns);
      // The rest of the environment is the same in all four.
      expect(withoutKeys(environment, ['SERVICES']), name).toEqual(
        withoutKeys(environmentOf(temporalServers[0] ?? ''), ['SERVICES']),
      );
      expect(waitsFor(name, 'postgresql-setup', 'service_completed_successfully'), name).toBe(true);
    }
  });

  it("gives the Temporal services the cluster profile's dynamic config", () => {
    for (const name of temporalServers) {
      const path = environmentOf(name).DYNAMIC_CONFIG_FILE_PATH ?? '';
      const mount = (service(name).volumes ?? []).find((volume) => volume.split(':')[1] === path);
      expect(mount, `${name} mounts ${path}`).toBeDefined();
      const file = (mount ?? '').split(':')[0] ?? '';
      expect(parse(readFileSync(repoFile(file.replace(/^\.\//, '')), 'utf8'))).toEqual(
        parse(temporalDynamicConfig()),
      );
    }
  });

  it("sets up Temporal's two databases and the product's, and migrates the product's, before anything uses them", () => {
    const script = scriptOf('postgresql-setup');
    for (const [database, schema] of [
      [temporalDatabases.main, 'temporal'],
      [temporalDatabases.visibility, 'visibility'],
    ] as const) {
      expect(script).toContain(`--db ${database} create`);
      expect(script).toContain(`--db ${database} setup-schema -v 0.0`);
      expect(script).toContain(
        `--db ${database} update-schema -d /etc/temporal/schema/postgresql/v12/${schema}/versioned`,
      );
    }
    const url = new URL(loadConfig(environmentOf('web-1')).DATABASE_URL ?? '');
    expect(url.hostname).toBe('postgresql');
    expect(url.port).toBe('5432');
    expect(url.pathname).toBe(`/${productDatabase}`);
    expect(url.password).toBe(operatorEnv.COUNCIL_POSTS_DB_PASSWORD);
    expect(script).toContain(`create role ${url.username} login`);
    expect(script).toContain(`create database ${productDatabase} owner ${url.username}`);
    // The role's password is the one in DATABASE_URL.
    expect(environmentOf('postgresql-setup').COUNCIL_POSTS_DB_PASSWORD).toBe(url.password);
    expect(environmentOf('postgresql-setup').SQL_PASSWORD).toBe(
      environmentOf('postgresql').POSTGRES_PASSWORD,
    );

    expect(commandOf('db-migrate')).toBe('npm run db -- migrate');
    expect(waitsFor('db-migrate', 'postgresql-setup', 'service_completed_successfully')).toBe(true);
    for (const name of replicas) {
      expect(waitsFor(name, 'db-migrate', 'service_completed_successfully'), name).toBe(true);
      expect(waitsFor(name, 'temporal-create-namespace', 'service_completed_successfully'), name).toBe(true);
      for (const broker of kafkaServices) expect(waitsFor(name, broker, 'service_healthy'), name).toBe(true);
    }
  });

  it('gives PostgreSQL connections for every pool that opens on it', () => {
    const args = commandOf('postgresql');
    const maxConnections = Number(args.match(/max_connections=(\d+)/)?.[1]);
    const temporalPools = temporalServers
      .map((name) => environmentOf(name))
      .reduce((sum, env) => sum + Number(env.SQL_MAX_CONNS) + Number(env.SQL_VIS_MAX_CONNS), 0);
    // storage/postgres/database.ts: each product process opens a pool of at most 8; and the jobs.
    const productPools = productServices.length * 8;
    expect(maxConnections).toBeGreaterThanOrEqual(temporalPools + productPools + 10);
  });
});

describe('docker-compose.yml: the product processes', () => {
  it('builds their image from the Dockerfile, with the workflow bundles the workers load, running only npm scripts the package defines', () => {
    const dockerfile = readFileSync(repoFile('Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    const bundles = /workers\/bundleWorkflows\.ts (\S+) (\S+)/.exec(dockerfile);
    expect(bundles, 'the Dockerfile builds the workflow bundles').not.toBeNull();
    expect(dockerfile).toContain(`WORKFLOW_BUNDLE=/app/${bundles?.[1]}`);
    expect(dockerfile).toContain(`LEDGER_WORKFLOW_BUNDLE=/app/${bundles?.[2]}`);
    const scripts = Object.keys(
      (JSON.parse(readFileSync(repoFile('package.json'), 'utf8')) as { scripts: Record<string, string> })
        .scripts,
    );
    for (const name of productServices) {
      const command = service(name).command;
      const words = Array.isArray(command) ? command : String(command ?? '').split(' ');
      expect(words.slice(0, 2), `${name} runs an npm script`).toEqual(['npm', 'run']);
      expect(scripts, `${name} runs npm run ${words[2]}`).toContain(words[2]);
    }
  });

  it('gives workers and web replicas only variables the config module reads, including every one without a usable local default', () => {
    for (const name of productServices) {
      const environment = environmentOf(name);
      for (const key of Object.keys(environment)) expect(configKeys, `${name} sets ${key}`).toContain(key);
      for (const key of [
        'TEMPORAL_ADDRESS',
        'KAFKA_BROKERS',
        'TEMPORAL_NAMESPACE',
        'KAFKA_REPLICATION_FACTOR',
        'DATABASE_URL',
        'SESSION_SECRET',
      ]) {
        expect(environment, `${name} must set ${key}`).toHaveProperty(key);
      }
    }
  });

  it('gives both workers and both web replicas the same product environment, apart from which replica each is', () => {
    expect(replicas).toHaveLength(4);
    const shared = sharedEnvironmentOf('db-migrate');
    for (const name of replicas) {
      expect(sharedEnvironmentOf(name), name).toEqual(shared);
      expect(environmentOf(name).INSTANCE_ID, `${name} INSTANCE_ID`).toBe(name);
    }
  });

  it('runs the notification dispatcher on exactly one worker, the one the cluster profile runs it on', () => {
    const dispatchers = Object.fromEntries(
      workers.map((name) => [name, loadConfig(environmentOf(name)).NOTIFY_DISPATCHER === 'on']),
    );
    expect(dispatchers).toEqual(
      Object.fromEntries(layout.workers.map((worker) => [worker.name, worker.dispatcher])),
    );
    expect(Object.values(dispatchers).filter(Boolean)).toHaveLength(1);
  });

  it('sets environments the config module accepts, pointing at the frontend, every broker and PostgreSQL', () => {
    for (const name of productServices) {
      const config = loadConfig(environmentOf(name));
      expect(config.TEMPORAL_ADDRESS).toBe('temporal-frontend:7233');
      expect(config.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092', 'kafka-3:9092']);
      expect(config.KAFKA_REPLICATION_FACTOR).toBe(3);
      expect(config.DATABASE_URL).toMatch(
        /^postgres:\/\/council_posts:[^@]+@postgresql:5432\/council_posts$/,
      );
      expect(config.SESSION_SECRET).toBe(operatorEnv.SESSION_SECRET);
    }
  });

  it('keeps secrets out of the file, and refuses to start without the ones the replicas must share', () => {
    const secrets = [
      'SESSION_SECRET',
      'OIDC_CLIENT_SECRET',
      'PAYLOAD_KEYS',
      'CANDIDATE_MASTER_KEY',
      'SMTP_URL',
      'NOTIFY_WEBHOOK_URL',
    ];
    for (const name of productServices) {
      const raw = rawEnvironmentOf(name);
      for (const key of secrets) {
        // The operator's variable of the same name, with no default (or an empty one).
        expect(raw[key], `${name} ${key}`).toMatch(new RegExp(`^\\$\\{${key}(:-|:\\?[^}]*)?\\}$`));
      }
      expect(raw.DATABASE_URL).toContain('${COUNCIL_POSTS_DB_PASSWORD:?');
    }
    for (const name of temporalServers)
      expect(rawEnvironmentOf(name).POSTGRES_PWD).toMatch(/^\$\{TEMPORAL_DB_PASSWORD:\?/);
    expect(rawEnvironmentOf('postgresql').POSTGRES_PASSWORD).toMatch(/^\$\{TEMPORAL_DB_PASSWORD:\?/);

    for (const variable of Object.keys(operatorEnv)) {
      const without = { ...operatorEnv, [variable]: '' };
      const users = Object.keys(services).filter((name) =>
        Object.values(rawEnvironmentOf(name)).some((value) => value.includes(`\${${variable}:?`)),
      );
      expect(users.length, `${variable} is required somewhere`).toBeGreaterThan(0);
      for (const name of users) expect(() => environmentOf(name, without), name).toThrow(variable);
    }
  });

  it("points TEMPORAL_ADDRESS at the Temporal frontend's published port", () => {
    const frontendPorts = portsOf('temporal-frontend').map(({ container }) => container);
    for (const name of [...productServices, 'temporal-ui', 'temporal-create-namespace']) {
      const [host, port] = (environmentOf(name).TEMPORAL_ADDRESS ?? '').split(':');
      expect(host, `${name} TEMPORAL_ADDRESS host`).toBe('temporal-frontend');
      expect(frontendPorts, `${name} TEMPORAL_ADDRESS port`).toContain(port);
    }
    const healthcheck = [service('temporal-frontend').healthcheck?.test ?? []].flat().join(' ');
    expect(healthcheck).toContain('--address temporal-frontend:7233');
  });

  it('checks each replica is ready on its own health endpoint', () => {
    for (const name of workers) {
      const port = environmentOf(name).WORKER_HTTP_PORT;
      expect(healthcheckUrl(name), name).toBe(`http://127.0.0.1:${port}/health/ready`);
    }
    for (const name of webs) {
      const port = environmentOf(name).HTTP_PORT;
      expect(healthcheckUrl(name), name).toBe(`http://127.0.0.1:${port}/health/ready`);
    }
  });
});

describe('docker-compose.yml: nginx in front of the web replicas', () => {
  const clusterNginx = readNginx(nginxConfig(layout));

  it('names every web service in its upstream, on the port each listens on, and nothing else', () => {
    expect(nginxMount).toBeDefined();
    expect(existsSync(repoFile(nginxFile))).toBe(true);
    expect(composeNginx.upstream).toBe(clusterNginx.upstream);
    expect(composeNginx.servers.map((server) => server.address).sort()).toEqual(
      webs.map((name) => `${name}:${environmentOf(name).HTTP_PORT}`).sort(),
    );
    for (const name of webs) {
      expect(dependenciesOf(service('nginx'))[name], `nginx waits for ${name}`).toBe('service_healthy');
    }
  });

  it('proxies as the cluster profile does: headers, timeouts, retries on the other replica', () => {
    expect(Object.keys(composeNginx.locations).sort()).toEqual(Object.keys(clusterNginx.locations).sort());
    expect(composeNginx.locations).toEqual(clusterNginx.locations);
    for (const directives of Object.values(composeNginx.locations)) {
      expect(directives).toContain(`proxy_pass http://${composeNginx.upstream};`);
    }
    expect(composeNginx.locations['/']).toEqual(
      expect.arrayContaining([
        'proxy_set_header Host $http_host;',
        'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
        'proxy_set_header X-Forwarded-Proto $scheme;',
        'proxy_next_upstream error timeout http_502 http_503 http_504 non_idempotent;',
      ]),
    );
    // The same passive health check of each replica, and the same connection reuse and body limit.
    const [clusterServer] = clusterNginx.servers;
    for (const server of composeNginx.servers) {
      expect(server.parameters.filter((parameter) => parameter !== 'resolve')).toEqual(
        clusterServer?.parameters,
      );
    }
    expect(composeNginx.upstreamDirectives).toEqual(clusterNginx.upstreamDirectives);
    for (const name of ['client_max_body_size', 'access_log', 'worker_processes', 'worker_connections']) {
      expect(composeNginx.directive(name), name).toBe(clusterNginx.directive(name));
    }
  });

  it("runs an nginx that knows `resolve`, and does not repeat the image's own `daemon off`", () => {
    const version = imageOf('nginx').split(':')[1]?.split('-')[0] ?? '';
    const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
    if (composeNginx.servers.some((server) => server.parameters.includes('resolve'))) {
      // Open-source nginx takes `resolve` in an upstream from 1.27.3, with a shared-memory zone.
      expect(major * 1_000_000 + minor * 1_000 + patch).toBeGreaterThanOrEqual(1_027_003);
      expect(composeNginx.directive('resolver')).toBeDefined();
    }
    expect(composeNginx.directive('daemon')).toBeUndefined();
  });
});

describe('docker-compose.yml: the host, versions and start order', () => {
  it('publishes on the host the ports the config defaults expect, so a product run on the host reaches the stack', () => {
    const defaults = loadConfig({});
    expect(portsOf('temporal-frontend')).toContainEqual({
      address: '127.0.0.1',
      host: '7233',
      container: '7233',
    });
    expect(defaults.TEMPORAL_ADDRESS.endsWith(':7233')).toBe(true);
    expect(portsOf('temporal-ui')).toContainEqual({
      address: '127.0.0.1',
      host: String(defaults.TEMPORAL_UI_PORT),
      container: '8080',
    });
    // The web app is reached through nginx, at PUBLIC_URL's default.
    expect(portsOf('nginx')).toContainEqual({
      address: '0.0.0.0',
      host: String(defaults.HTTP_PORT),
      container: composeNginx.listen,
    });
    expect(defaults.PUBLIC_URL).toBe(`http://127.0.0.1:${defaults.HTTP_PORT}`);
    for (const name of replicas)
      expect(service(name).ports, `${name} is reached through nginx`).toBeUndefined();

    const externals = kafkaServices.map((name) => {
      const external = kafkaListeners(name, 'KAFKA_ADVERTISED_LISTENERS').EXTERNAL ?? '';
      const externalPort = kafkaListeners(name, 'KAFKA_LISTENERS').EXTERNAL?.split(':')[1];
      const [address, hostPort] = external.split(':');
      expect(portsOf(name), name).toContainEqual({ address, host: hostPort, container: externalPort });
      return external;
    });
    expect(externals[0]).toBe(defaults.KAFKA_BROKERS[0]);
    expect(new Set(externals).size).toBe(kafkaServices.length);
  });

  it('publishes nothing but the front door beyond loopback', () => {
    for (const name of Object.keys(services)) {
      if (name === 'nginx') continue;
      for (const port of portsOf(name)) expect(port.address, `${name} ${port.host}`).toBe('127.0.0.1');
    }
  });

  it('sets up in Temporal the namespace the workers use', () => {
    const namespace = environmentOf('worker-1').TEMPORAL_NAMESPACE;
    expect(namespace).toBe('council-posts');
    expect(namespace).toBe(layout.temporal.namespace);

    const script = scriptOf('temporal-create-namespace');
    const created = [...script.matchAll(/operator namespace create --namespace (\S+)/g)].map((m) => m[1]);
    expect(created).toEqual([namespace]);
  });

  it('registers exactly the workflow search attributes on that namespace, tolerating ones that already exist', () => {
    const script = scriptOf('temporal-create-namespace');
    const registrations = [
      ...script.matchAll(/operator search-attribute create --namespace (\S+) --name (\S+) --type (\S+)/g),
    ];
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    const registered = registrations.map((m) => ({ name: m[2] ?? '', type: m[3] ?? '' }));

    expect(registered.sort(byName)).toEqual([...expectedSearchAttributes].sort(byName));
    for (const m of registrations) expect(m[1]).toBe(environmentOf('worker-1').TEMPORAL_NAMESPACE);
    expect(script).toContain('already exists');
  });

  it('runs the Kafka image whose tag is KAFKA_VERSION, and the Temporal server the cluster profile builds', () => {
    const versions = readVersionsEnv();
    expect(versions.KAFKA_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    for (const name of kafkaServices) expect(imageOf(name)).toBe(`apache/kafka:${versions.KAFKA_VERSION}`);
    const server = (versions.TEMPORAL_SERVER_VERSION ?? '').replace(/^v/, '');
    expect(server).toMatch(/^\d+\.\d+\.\d+$/);
    for (const name of temporalServers) expect(imageOf(name)).toBe(`temporalio/server:${server}`);
    for (const name of ['postgresql-setup', 'temporal-create-namespace']) {
      expect(imageOf(name)).toMatch(new RegExp(`^temporalio/admin-tools:${server.replaceAll('.', '\\.')}-`));
    }
  });

  it('pins every image to an explicit tag other than latest', () => {
    for (const [name, definition] of Object.entries(services)) {
      if (definition.image === undefined) continue;
      const lastSegment = definition.image.split('/').at(-1) ?? '';
      const tag = lastSegment.includes(':') ? lastSegment.split(':').at(-1) : undefined;
      expect(tag, `${name} image ${definition.image}`).toBeDefined();
      expect(tag, `${name} image ${definition.image}`).not.toBe('latest');
      expect(tag, `${name} image ${definition.image}`).not.toBe('');
    }
  });

  it('names a defined service in every depends_on, and waits for health only on services with a healthcheck', () => {
    const conditions = ['service_started', 'service_healthy', 'service_completed_successfully'];
    for (const [name, definition] of Object.entries(services)) {
      for (const [dependency, condition] of Object.entries(dependenciesOf(definition))) {
        expect(Object.keys(services), `${name} depends on ${dependency}`).toContain(dependency);
        expect(conditions, `${name} waits for ${dependency} with ${condition}`).toContain(condition);
        if (condition === 'service_healthy') {
          expect(service(dependency).healthcheck, `${dependency} needs a healthcheck`).toBeDefined();
        }
        if (condition === 'service_completed_successfully') {
          expect(service(dependency).restart, `${dependency} is a one-shot job`).toBe('no');
        }
      }
    }
  });

  it('mounts only files that exist in the repository', () => {
    for (const [name, definition] of Object.entries(services)) {
      for (const volume of definition.volumes ?? []) {
        const source = volume.split(':')[0] ?? '';
        if (!source.startsWith('./')) continue;
        expect(existsSync(repoFile(source.slice(2))), `${name} mounts ${source}`).toBe(true);
      }
    }
  });
});
