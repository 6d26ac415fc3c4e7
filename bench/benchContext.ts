import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import type { Kafka } from 'kafkajs';
import pino from 'pino';
import { type Config, loadConfig } from '../config/index.js';
import { clusterProductEnv } from '../infra/cluster/clusterLayout.js';
import { clusterSecrets } from '../infra/cluster/clusterServices.js';
import { clusterDown, clusterStatus, clusterUp, describeCluster } from '../infra/cluster/clusterStack.js';
import { type LocalPaths, localPaths, repoRoot } from '../infra/paths.js';
import { stackDown, stackStatus, stackUp } from '../infra/stack.js';
import { createKafka } from '../kafka/client.js';
import { ensureTopics, replicationSettings } from '../kafka/topics.js';
import { postSearchAttributes } from '../schemas/searchAttributes.js';
import { connectClient } from '../temporal/connection.js';
import { workflowBundleOptions, workflowInterceptorModules } from '../workers/workflowBundleOptions.js';
import { until } from './measure.js';

const { IndexedValueType } = proto.temporal.api.enums.v1;

/** Everything a benchmark needs: the stack, a namespace and topics of its own, and a worker process. */
export interface BenchContext {
  runId: string;
  quick: boolean;
  config: Config;
  client: Client;
  kafka: Kafka;
  paths: LocalPaths;
  /** A fresh topic on the broker, removed at the end. */
  topic(name: string): Promise<string>;
  worker: BenchWorker;
  /** Which stack it runs on (`--profile`). */
  profile: 'local' | 'cluster';
  /**
   * Starts one more worker process: on the same task queue (the cluster's one-against-two), or with
   * settings of its own (`overrides`: another task queue, a smaller cache).
   */
  addWorker(overrides?: NodeJS.ProcessEnv): Promise<BenchWorker>;
}

export interface WorkerMemory {
  heapBytes: number;
  rssBytes: number;
}

export interface BenchWorker {
  pid: number;
  /** Resident set size of the worker process now, in bytes (Linux /proc). */
  rssBytes(): number;
  /** The worker's JS heap (with external memory) and its RSS after a full garbage collection, in bytes. */
  memoryAfterGc(): Promise<WorkerMemory>;
  stop(): Promise<void>;
}

export async function openBenchContext(
  quick: boolean,
  say: (line: string) => void,
  profile: 'local' | 'cluster' = 'local',
): Promise<{
  context: BenchContext;
  close(): Promise<void>;
}> {
  const stack = await openStack(profile, say);
  const runId = `bench-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const product = loadConfig({ ...process.env, ...stack.env });
  // A namespace and topics of their own: thousands of bench posts never reach the product's inbox
  // or dashboard, and are deleted at the end.
  const config: Config = {
    ...product,
    TEMPORAL_NAMESPACE: `${product.TEMPORAL_NAMESPACE}-bench`,
    TEMPORAL_TASK_QUEUE: runId,
    POST_EVENTS_TOPIC: `${runId}.post-events`,
  };
  const client = await connectClient(config);
  await ensureBenchNamespace(client, config.TEMPORAL_NAMESPACE);
  const kafka = createKafka(config, pino({ level: 'silent' }));
  const topics: string[] = [];
  const topic = async (name: string) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      // As the product makes its topic: three copies, two in sync, on the cluster profile.
      await ensureTopics(admin, [
        { topic: name, numPartitions: config.POST_EVENTS_PARTITIONS, ...replicationSettings(config) },
      ]);
    } finally {
      await admin.disconnect();
    }
    topics.push(name);
    return name;
  };
  await topic(config.POST_EVENTS_TOPIC);
  const workerEnv = { ...stack.env, ...(await buildBenchBundles()) };
  const worker = await startBenchWorker(config, workerEnv);
  const workers = [worker];
  const context: BenchContext = {
    runId,
    quick,
    profile,
    config,
    client,
    kafka,
    paths: localPaths(),
    topic,
    worker,
    async addWorker(overrides = {}) {
      const another = await startBenchWorker(config, workerEnv, overrides);
      workers.push(another);
      return another;
    },
  };
  return {
    context,
    async close() {
      for (const each of workers) await each.stop();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
      // Deleting the namespace removes every bench workflow, open or closed, in the background.
      // BENCH_KEEP=1 keeps it, to read the histories afterwards (temporal workflow show -n …-bench).
      if (process.env.BENCH_KEEP !== '1')
        await client.connection.operatorService
          .deleteNamespace({ namespace: config.TEMPORAL_NAMESPACE })
          .catch((error: Error) => say(`could not delete the bench namespace: ${error.message}`));
      await client.connection.close();
      await stack.close();
    },
  };
}

/**
 * The stack the benchmarks run on: the local one (dev server, one Kafka node), or with
 * `--profile cluster` the cluster profile (Temporal's services on PostgreSQL, three brokers), whose
 * product environment the bench's client and workers then use. Started here unless it already runs,
 * and then stopped at the end.
 */
async function openStack(
  profile: 'local' | 'cluster',
  say: (line: string) => void,
): Promise<{ env: NodeJS.ProcessEnv; close(): Promise<void> }> {
  if (profile === 'cluster') {
    const started = !(await clusterStatus());
    if (started) say('starting the cluster profile (Temporal on PostgreSQL, three Kafka brokers)');
    const { layout } = started ? await clusterUp() : describeCluster();
    return {
      env: clusterProductEnv(layout, clusterSecrets(layout)),
      close: async () => {
        if (started) await clusterDown();
      },
    };
  }
  const started = !(await stackStatus());
  if (started) {
    say('starting the local stack (Temporal dev server + Kafka)');
    await stackUp();
  }
  return {
    env: {},
    close: async () => {
      if (started) await stackDown();
    },
  };
}

async function ensureBenchNamespace(client: Client, namespace: string): Promise<void> {
  const service = client.connection.workflowService;
  const exists = await service.describeNamespace({ namespace }).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await service.registerNamespace({ namespace, workflowExecutionRetentionPeriod: { seconds: 86_400 } });
  }
  const indexed = {
    Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
    KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  };
  await until(
    () =>
      client.connection.operatorService
        .addSearchAttributes({
          namespace,
          searchAttributes: Object.fromEntries(
            Object.entries(postSearchAttributes).map(([name, type]) => [name, indexed[type]]),
          ),
        })
        .then(
          () => true,
          (error: Error) => /already/i.test(error.message),
        ),
    30_000,
    `the ${namespace} namespace`,
    500,
  );
  // A new namespace reaches the frontend's cache within seconds: wait until a visibility query answers.
  await until(
    () =>
      service
        .listWorkflowExecutions({ namespace, query: `PostStage = 'awaiting-approval'`, pageSize: 1 })
        .then(
          () => true,
          () => false,
        ),
    30_000,
    `visibility in ${namespace}`,
    500,
  );
}

/**
 * The worker runs a prebuilt bundle, as production does (workers/bundleWorkflows.ts): bundling at
 * start would put webpack's memory and CPU into the worker's figures.
 */
async function buildBenchBundles(): Promise<{ WORKFLOW_BUNDLE: string; LEDGER_WORKFLOW_BUNDLE: string }> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: join(repoRoot, 'bench', 'workflows', 'index.ts'),
    ...workflowBundleOptions,
    workflowInterceptorModules,
    logger: new DefaultLogger('WARN'),
  });
  const bundleDir = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  const bundle = join(bundleDir, 'workflows.js');
  writeFileSync(bundle, code);
  const ledgerBundle = join(bundleDir, 'ledgers.js');
  const ledgers = await bundleWorkflowCode({
    workflowsPath: join(repoRoot, 'workflows', 'ledgers.ts'),
    ...workflowBundleOptions,
    workflowInterceptorModules,
    logger: new DefaultLogger('WARN'),
  });
  writeFileSync(ledgerBundle, ledgers.code);
  return { WORKFLOW_BUNDLE: bundle, LEDGER_WORKFLOW_BUNDLE: ledgerBundle };
}

async function startBenchWorker(
  config: Config,
  env: NodeJS.ProcessEnv,
  overrides: NodeJS.ProcessEnv = {},
): Promise<BenchWorker> {
  // BENCH_WORKER_PROFILE=<dir> writes the worker's CPU profile there (node --cpu-prof) when it stops.
  const profile = process.env.BENCH_WORKER_PROFILE;
  const flags = ['--expose-gc', ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [])];
  const child: ChildProcess = spawn(
    process.execPath,
    [...flags, '--import', 'tsx', 'bench/workerProcess.ts'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...env,
        TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
        TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
        POST_EVENTS_TOPIC: config.POST_EVENTS_TOPIC,
        ...overrides,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the bench worker exited with ${code} before it was ready`)),
    );
    child.once('message', () => {
      const pid = child.pid as number;
      resolve({
        pid,
        rssBytes: () => {
          const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
          return Number(line?.[1] ?? Number.NaN) * 1024;
        },
        memoryAfterGc: () =>
          new Promise<WorkerMemory>((answered) => {
            const onMessage = (message: { memory?: WorkerMemory }) => {
              if (!message.memory) return;
              child.off('message', onMessage);
              answered(message.memory);
            };
            child.on('message', onMessage);
            child.send({ memory: true });
          }),
        async stop() {
          child.kill('SIGTERM');
          const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
          await exited;
          clearTimeout(timeout);
        },
      });
    });
  });
}
