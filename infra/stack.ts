/**
 * The embedded local stack: Temporal dev server + Kafka broker, started from the per-user cache
 * (scripts/provision.sh installs it) with their data under .local/ in the checkout.
 *
 *   npx tsx infra/stack.ts up | down | status [--profile local|cluster]
 *
 * The `cluster` profile (infra/cluster/) runs the product as it would on several machines: PostgreSQL,
 * the Temporal server as separate services, three Kafka nodes, two workers and two web replicas
 * behind nginx, on other ports than this local stack, so both can run at once.
 */
import { existsSync } from 'node:fs';
import pino from 'pino';
import { type Config, loadConfig } from '../config/index.js';
import { createKafka } from '../kafka/client.js';
import { ensureTopics, productTopics } from '../kafka/topics.js';
import { kafkaAcceptsProduce, temporalAnswers } from './health.js';
import { kafkaService, type LocalService, temporalService } from './localServices.js';
import { type LocalPaths, localPaths, repoRoot } from './paths.js';
import { LocalProcesses, portAnswers, waitFor } from './processes.js';

const say = (line: string) => process.stdout.write(`[stack] ${line}\n`);

export class StackError extends Error {
  override readonly name = 'StackError';
}

interface Stack {
  config: Config;
  paths: LocalPaths;
  processes: LocalProcesses;
  services: LocalService[];
}

function describeStack(env: NodeJS.ProcessEnv = process.env): Stack {
  const config = loadConfig(env);
  const paths = localPaths(env);
  return {
    config,
    paths,
    processes: new LocalProcesses(paths.runDir, paths.logDir),
    services: [temporalService(config, paths), kafkaService(config, paths)],
  };
}

// Kafka's client logs connection refusals at error level while the broker is still starting.
const quietLog = pino({ level: 'fatal' });

function healthCheck(stack: Stack, service: LocalService): () => Promise<boolean> {
  const { config } = stack;
  if (service.name === 'temporal') {
    return () => temporalAnswers(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  }
  return () => kafkaAcceptsProduce(createKafka({ ...config, KAFKA_CLIENT_ID: 'stack-health' }, quietLog));
}

function checkProvisioned(paths: LocalPaths): void {
  const missing = [
    [paths.temporalCli, 'Temporal CLI'],
    [paths.kafkaLibs, 'Kafka jars'],
  ].filter(([file]) => !existsSync(file as string));
  if (missing.length > 0) {
    throw new StackError(
      `not provisioned: ${missing.map(([, what]) => what).join(', ')} missing; run bash scripts/provision.sh`,
    );
  }
}

async function startService(stack: Stack, service: LocalService): Promise<void> {
  const healthy = healthCheck(stack, service);
  const pid = stack.processes.pid(service.name);
  if (pid !== undefined) {
    if (await waitFor(healthy, service.startSeconds * 1000)) {
      say(`${service.name}: already running (pid ${pid})`);
      await service.configure?.();
      return;
    }
    throw new StackError(
      `${service.name} (pid ${pid}) is running but not healthy; see ${stack.processes.logFile(service.name)}`,
    );
  }
  for (const { port, variable } of service.ports) {
    if (await portAnswers(service.host, port)) {
      throw new StackError(
        `${service.name}: port ${port} on ${service.host} is already in use by another process; ` +
          `stop that process or choose another port with ${variable}`,
      );
    }
  }
  await service.prepare?.();
  const started = Date.now();
  const newPid = stack.processes.start(service.name, service.command, service.args, repoRoot);
  say(`${service.name}: starting (pid ${newPid}, log ${stack.processes.logFile(service.name)})`);
  if (!(await waitFor(healthy, service.startSeconds * 1000))) {
    await stack.processes.stop(service.name, 10_000);
    throw new StackError(
      `${service.name} did not become healthy within ${service.startSeconds}s; ` +
        `see ${stack.processes.logFile(service.name)}`,
    );
  }
  say(`${service.name}: healthy after ${((Date.now() - started) / 1000).toFixed(1)}s`);
  await service.configure?.();
}

export async function stackUp(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const stack = describeStack(env);
  checkProvisioned(stack.paths);
  for (const service of stack.services) await startService(stack, service);
  const kafka = createKafka(stack.config, quietLog);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const created = await ensureTopics(admin, productTopics(stack.config));
    if (created.length > 0) say(`kafka: created topics ${created.join(', ')}`);
  } finally {
    await admin.disconnect();
  }
  const { config } = stack;
  say(`Temporal frontend ${config.TEMPORAL_ADDRESS}, namespace ${config.TEMPORAL_NAMESPACE}`);
  say(
    `Temporal Web UI   http://127.0.0.1:${config.TEMPORAL_UI_PORT}/namespaces/${config.TEMPORAL_NAMESPACE}`,
  );
  say(`Kafka broker      ${config.KAFKA_BROKERS.join(',')}`);
}

export async function stackDown(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const stack = describeStack(env);
  // Stop in reverse order of start; both flush their data on SIGTERM.
  for (const service of [...stack.services].reverse()) {
    const outcome = await stack.processes.stop(service.name, 30_000);
    say(`${service.name}: ${outcome}`);
  }
}

export type ServiceName = 'temporal' | 'kafka';

function serviceNamed(stack: Stack, name: ServiceName): LocalService {
  const service = stack.services.find((candidate) => candidate.name === name);
  if (!service) throw new StackError(`no service ${name}`);
  return service;
}

/** Starts one service of the stack (the fault tests restart one while the other keeps running). */
export async function serviceUp(name: ServiceName, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const stack = describeStack(env);
  await startService(stack, serviceNamed(stack, name));
}

/** Stops one service gracefully (SIGTERM, then SIGKILL after 30 s). */
export async function serviceDown(name: ServiceName, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const stack = describeStack(env);
  say(`${name}: ${await stack.processes.stop(serviceNamed(stack, name).name, 30_000)}`);
}

/** The running service's process id, for tests that freeze it (SIGSTOP) or kill it. */
export function servicePid(name: ServiceName, env: NodeJS.ProcessEnv = process.env): number | undefined {
  return describeStack(env).processes.pid(name);
}

export async function stackStatus(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const stack = describeStack(env);
  let allHealthy = true;
  for (const service of stack.services) {
    const pid = stack.processes.pid(service.name);
    const healthy = pid !== undefined && (await healthCheck(stack, service)().catch(() => false));
    allHealthy &&= healthy;
    const ports = service.ports.map(({ port }) => port).join(', ');
    say(
      `${service.name}: ${pid === undefined ? 'stopped' : `pid ${pid}, ${healthy ? 'healthy' : 'NOT healthy'}`} (ports ${ports})`,
    );
  }
  return allHealthy;
}

/** `--profile cluster` (or `--profile=cluster`) anywhere in the arguments; `local` by default. */
export function profileOf(args: readonly string[]): 'local' | 'cluster' {
  const at = args.findIndex((arg) => arg === '--profile' || arg.startsWith('--profile='));
  if (at < 0) return 'local';
  const arg = args[at] ?? '';
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[at + 1];
  if (value === 'local' || value === 'cluster') return value;
  throw new StackError(`unknown profile ${value ?? '(none)'}: expected local or cluster`);
}

async function main(args: string[]): Promise<number> {
  const command = args.find((arg) => !arg.startsWith('-') && arg !== 'local' && arg !== 'cluster');
  if (profileOf(args) === 'cluster') {
    const cluster = await import('./cluster/clusterStack.js');
    switch (command) {
      case 'up':
        await cluster.clusterUp();
        return 0;
      case 'down':
        await cluster.clusterDown();
        return 0;
      case 'status':
        return (await cluster.clusterStatus()) ? 0 : 1;
    }
  }
  switch (command) {
    case 'up':
      await stackUp();
      return 0;
    case 'down':
      await stackDown();
      return 0;
    case 'status':
      return (await stackStatus()) ? 0 : 1;
    default:
      process.stderr.write('usage: tsx infra/stack.ts up|down|status [--profile local|cluster]\n');
      return 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`[stack] error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
