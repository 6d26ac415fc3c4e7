/**
 * The cluster profile: the product as it runs on more than one machine, on one machine's loopback.
 * PostgreSQL (a private cluster), the Temporal server as four processes (history, matching, frontend,
 * internal worker) on it, three Kafka nodes, two product workers, two web replicas and nginx in front.
 *
 *   npm run stack -- up --profile cluster | down --profile cluster | status --profile cluster
 */

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { migrateDatabase } from '../../storage/postgres/migrations.js';
import { repoRoot } from '../paths.js';
import { LocalProcesses, portAnswers, waitFor } from '../processes.js';
import { type ClusterLayout, clusterLayout } from './clusterLayout.js';
import {
  type ClusterGroup,
  type ClusterService,
  clusterServices,
  ensureWorkflowBundles,
  preparePostgres,
  prepareTemporalSchema,
  registerNamespace,
} from './clusterServices.js';

const say = (line: string) => process.stdout.write(`[cluster] ${line}\n`);

export class ClusterError extends Error {
  override readonly name = 'ClusterError';
}

export interface Cluster {
  layout: ClusterLayout;
  processes: LocalProcesses;
  services: ClusterService[];
}

export function describeCluster(env: NodeJS.ProcessEnv = process.env): Cluster {
  const layout = clusterLayout(env);
  return {
    layout,
    processes: new LocalProcesses(layout.runDir, layout.logDir),
    services: clusterServices(layout),
  };
}

/** Every tool the profile needs, each with what to do when it is missing. */
function checkTools(layout: ClusterLayout): void {
  const provision = 'run bash scripts/provision.sh cluster';
  const missing: string[] = [];
  const need = (file: string, what: string) => {
    if (!existsSync(file)) missing.push(`${what} (${file})`);
  };
  need(layout.cache.temporalServer, 'Temporal server');
  need(layout.cache.temporalSql, 'Temporal SQL tool');
  need(layout.cache.temporalSchemaDir, "Temporal's schema files");
  need(layout.cache.temporalCli, 'Temporal CLI');
  need(layout.cache.kafkaLibs, 'Kafka jars');
  need(`${layout.postgres.binDir}/initdb`, "PostgreSQL (Debian's postgresql package)");
  need(layout.nginx.binary, "nginx (Debian's nginx package)");
  try {
    execFileSync(process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : 'java', ['-version'], {
      stdio: 'ignore',
    });
  } catch {
    missing.push('Java 17 or newer (Kafka runs on it)');
  }
  if (missing.length > 0) {
    throw new ClusterError(
      `not provisioned for the cluster profile: missing ${missing.join(', ')}; ${provision}`,
    );
  }
}

async function checkPortsFree(cluster: Cluster, service: ClusterService): Promise<void> {
  for (const port of service.ports) {
    if (await portAnswers(cluster.layout.host, port)) {
      throw new ClusterError(
        `${service.name}: port ${port} on ${cluster.layout.host} is already in use by another process; ` +
          'stop that process, or move every cluster port with CLUSTER_PORT_OFFSET',
      );
    }
  }
}

/** Starts the services given (those not already running) together, then waits for each to be healthy. */
async function startTogether(cluster: Cluster, services: ClusterService[]): Promise<void> {
  const starting: ClusterService[] = [];
  for (const service of services) {
    const pid = cluster.processes.pid(service.name);
    if (pid !== undefined) {
      say(`${service.name}: already running (pid ${pid})`);
      continue;
    }
    await checkPortsFree(cluster, service);
    await service.prepare?.();
    const newPid = cluster.processes.start(service.name, service.command, service.args, repoRoot, {
      ...(service.env ? { env: service.env() } : {}),
      ...(service.runAs ?? {}),
    });
    say(`${service.name}: starting (pid ${newPid}, log ${cluster.processes.logFile(service.name)})`);
    starting.push(service);
  }
  const started = Date.now();
  await Promise.all(
    services.map(async (service) => {
      if (!(await waitFor(service.healthy, service.startSeconds * 1000, 1_000))) {
        throw new ClusterError(
          `${service.name} did not become healthy within ${service.startSeconds}s; ` +
            `see ${cluster.processes.logFile(service.name)}`,
        );
      }
      if (starting.includes(service)) {
        say(`${service.name}: healthy after ${((Date.now() - started) / 1000).toFixed(1)}s`);
      }
    }),
  );
}

const group = (cluster: Cluster, name: ClusterGroup) => cluster.services.filter((one) => one.group === name);

export async function clusterUp(env: NodeJS.ProcessEnv = process.env): Promise<Cluster> {
  const cluster = describeCluster(env);
  const { layout } = cluster;
  checkTools(layout);
  const began = Date.now();
  say(`data in ${layout.dataDir}`);
  await startTogether(cluster, group(cluster, 'postgresql'));
  await preparePostgres(layout);
  await prepareTemporalSchema(layout, say);
  await migrateDatabase(productDatabaseUrl(layout), say);
  // Kafka's three nodes must all be up to elect a controller; start them beside Temporal's services.
  const kafka = startTogether(cluster, group(cluster, 'kafka'));
  // Every Temporal service writes the cluster's metadata on its first start; on a new database, services
  // started at once raced to insert it and the losers exited ("duplicate key … cluster_metadata_info").
  // The history service goes first and makes it; the others then find it.
  const temporal = group(cluster, 'temporal');
  const first = temporal.filter((service) => service.name === 'temporal-history');
  await startTogether(cluster, first);
  await startTogether(
    cluster,
    temporal.filter((service) => !first.includes(service)),
  );
  await registerNamespace(layout, say);
  await kafka;
  await ensureWorkflowBundles(layout, say);
  await startTogether(cluster, [...group(cluster, 'workers'), ...group(cluster, 'webs')]);
  await startTogether(cluster, group(cluster, 'nginx'));
  say(`up in ${((Date.now() - began) / 1000).toFixed(0)}s`);
  say(`web app (nginx)   http://${layout.host}:${layout.nginx.port}`);
  say(`Temporal frontend ${layout.temporal.frontendAddress}, namespace ${layout.temporal.namespace}`);
  say(`Kafka brokers     ${layout.kafka.brokers.map((b) => `${layout.host}:${b.port}`).join(',')}`);
  say(`PostgreSQL        ${productDatabaseUrl(layout)}`);
  return cluster;
}

export function productDatabaseUrl(layout: ClusterLayout): string {
  return `postgres://council_posts:council_posts@${layout.host}:${layout.postgres.port}/council_posts`;
}

export async function clusterDown(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const cluster = describeCluster(env);
  // Reverse order: the front door first, the database last.
  const stopGroups: ClusterGroup[][] = [
    ['nginx'],
    ['webs', 'workers'],
    ['temporal'],
    ['kafka'],
    ['postgresql'],
  ];
  for (const groups of stopGroups) {
    const services = cluster.services.filter((one) => groups.includes(one.group));
    await Promise.all(
      services.map(async (service) => {
        const outcome = await cluster.processes.stop(service.name, 30_000, service.stopSignal);
        say(`${service.name}: ${outcome}`);
      }),
    );
  }
}

export async function clusterStatus(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const cluster = describeCluster(env);
  const states = await Promise.all(
    cluster.services.map(async (service) => {
      const pid = cluster.processes.pid(service.name);
      const healthy = pid !== undefined && (await service.healthy().catch(() => false));
      return { service, pid, healthy };
    }),
  );
  for (const { service, pid, healthy } of states) {
    say(
      `${service.name.padEnd(18)} ${pid === undefined ? 'stopped' : `pid ${pid}, ${healthy ? 'healthy' : 'NOT healthy'}`} (ports ${service.ports.join(', ')})`,
    );
  }
  return states.every((state) => state.healthy);
}

/** Kills one service at once (SIGKILL), as a crash would: the failover tests. */
export function killService(cluster: Cluster, name: string): number {
  const pid = cluster.processes.kill(name);
  if (pid === undefined) throw new ClusterError(`${name} is not running`);
  return pid;
}

/** Starts one service again and waits until it is healthy. */
export async function restartService(cluster: Cluster, name: string): Promise<void> {
  const service = cluster.services.find((one) => one.name === name);
  if (!service) throw new ClusterError(`no service ${name}`);
  await startTogether(cluster, [service]);
}
