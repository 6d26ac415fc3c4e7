import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { type Config, splitHostPort } from '../config/index.js';
import { postSearchAttributes } from '../schemas/searchAttributes.js';
import { kafkaClusterIdIn } from './kafkaClusterId.js';
import type { LocalPaths } from './paths.js';

const run = promisify(execFile);

/** How to start one service of the local stack. */
export interface LocalService {
  name: 'temporal' | 'kafka';
  /** Ports it listens on, checked before start so a clash gets a clear error. */
  ports: { port: number; variable: string }[];
  host: string;
  command: string;
  args: string[];
  /** Seconds it is given to become healthy. */
  startSeconds: number;
  /** One-off preparation before the first start (e.g. formatting Kafka's storage). */
  prepare?: () => Promise<void> | void;
  /** Settings applied once the service is healthy, on every start (harmless to repeat). */
  configure?: () => Promise<void>;
}

/**
 * How long Temporal keeps a closed workflow's history on the local dev server (`start-dev` makes
 * namespaces with 24 hours). Long enough to look into last week's closed posts in the Web UI; the
 * council's record of a closed post for years is the event stream and the post catalogue read from
 * it (projections/postCatalogue.ts), never Temporal, so the history need not be kept longer.
 */
export const LOCAL_RETENTION = '168h';

export function temporalService(config: Config, paths: LocalPaths): LocalService {
  const { host, port } = splitHostPort(config.TEMPORAL_ADDRESS);
  const searchAttributeFlags = Object.entries(postSearchAttributes).flatMap(([name, type]) => [
    '--search-attribute',
    `${name}=${type}`,
  ]);
  return {
    name: 'temporal',
    host,
    ports: [
      { port, variable: 'TEMPORAL_ADDRESS' },
      { port: config.TEMPORAL_UI_PORT, variable: 'TEMPORAL_UI_PORT' },
    ],
    command: paths.temporalCli,
    args: [
      'server',
      'start-dev',
      '--ip',
      host,
      '--port',
      String(port),
      '--ui-port',
      String(config.TEMPORAL_UI_PORT),
      // A SQLite file instead of memory: posts survive a restart of the dev server.
      '--db-filename',
      paths.temporalDbFile,
      // WAL with synchronous=NORMAL: a commit no longer waits for an fsync (the benchmarks found the
      // dev server spending most of its time in I/O wait); a crash of the server loses nothing, a
      // power cut may lose the last moments. Production runs on PostgreSQL (docker-compose.yml).
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
      // Eager activities: a workflow task that schedules an activity gets it back in its reply,
      // saving a round trip through the matching service for every publish and ledger call.
      '--dynamic-config-value',
      'system.enableActivityEagerExecution=true',
      '--namespace',
      config.TEMPORAL_NAMESPACE,
      ...searchAttributeFlags,
      '--log-level',
      'warn',
    ],
    startSeconds: 90,
    prepare: () => {
      mkdirSync(dirname(paths.temporalDbFile), { recursive: true });
    },
    configure: async () => {
      await run(paths.temporalCli, [
        'operator',
        'namespace',
        'update',
        '--address',
        config.TEMPORAL_ADDRESS,
        '--namespace',
        config.TEMPORAL_NAMESPACE,
        '--retention',
        LOCAL_RETENTION,
      ]);
    },
  };
}

export function kafkaService(config: Config, paths: LocalPaths): LocalService {
  const broker = config.KAFKA_BROKERS[0];
  if (!broker) throw new Error('KAFKA_BROKERS is empty');
  const { host, port } = splitHostPort(broker);
  const controllerPort = config.KAFKA_CONTROLLER_PORT;
  const propertiesFile = join(paths.kafkaDataDir, 'server.properties');
  const logDir = join(paths.kafkaDataDir, 'data');
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const classpath = ['-cp', `${paths.kafkaLibs}/*`];
  const jvm = [
    '-Xms256m',
    '-Xmx768m',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    // Kafka is very talkative at info; keep warnings, plus the line saying the server started.
    '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
    '-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info',
    '-Dorg.slf4j.simpleLogger.showDateTime=true',
  ];
  return {
    name: 'kafka',
    host,
    ports: [
      { port, variable: 'KAFKA_BROKERS' },
      { port: controllerPort, variable: 'KAFKA_CONTROLLER_PORT' },
    ],
    command: java,
    args: [...jvm, ...classpath, 'kafka.Kafka', propertiesFile],
    startSeconds: 90,
    prepare: async () => {
      mkdirSync(logDir, { recursive: true });
      writeFileSync(propertiesFile, kafkaProperties({ host, port, controllerPort, logDir }));
      if (existsSync(join(logDir, 'meta.properties'))) return;
      // KRaft storage must be formatted with a cluster id once, before the first start.
      const clusterId = kafkaClusterIdIn(join(paths.kafkaDataDir, 'cluster-id'));
      const { execFileSync } = await import('node:child_process');
      execFileSync(
        java,
        [...classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propertiesFile],
        { stdio: 'ignore' },
      );
    },
  };
}

/** One combined broker + controller on loopback, sized for a developer's machine. */
export function kafkaProperties(options: {
  host: string;
  port: number;
  controllerPort: number;
  logDir: string;
}): string {
  const { host, port, controllerPort, logDir } = options;
  return `${[
    '# Written by infra/localServices.ts on every start; edit that file, not this one.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${host}:${controllerPort}`,
    `listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://${host}:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${logDir}`,
    // One broker: internal topics cannot have more than one replica.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // The product creates its own topics with the partitions and retention it needs.
    'auto.create.topics.enable=false',
  ].join('\n')}\n`;
}
