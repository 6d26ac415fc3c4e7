/**
 * The API as schemathesis fuzzes it (scripts/apiFuzz.sh): the web app built by web/app.ts in OIDC mode,
 * on a spare port, against a worker of its own on the local dev server, in a namespace of its own
 * (so it lists and reads only what it made), with proposals kept to PROPOSAL_MAX_POSTS=5 so a
 * generated proposal never starts hundreds of posts. It writes where it listens and a bearer token
 * per role to the file named by its argument, and on SIGTERM or SIGINT terminates every workflow it
 * started, deletes its namespace and stops.
 *
 *   tsx tests/fuzz/fuzzApp.ts /tmp/fuzz-app.json
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { memoryAuditLog } from '../../audit/memoryAuditLog.js';
import { type Config, loadConfig } from '../../config/index.js';
import { memoryIdempotencyStore } from '../../idempotency/memoryIdempotencyStore.js';
import { connectClient } from '../../temporal/connection.js';
import { PostService } from '../../temporal/postService.js';
import { createWebApp } from '../../web/app.js';
import { startDevServerWorker } from '../support/devServerWorker.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { identityAudience, identityIssuer, startIdentityProvider } from '../support/identityProvider.js';
import { memoryAuthStores } from '../support/memoryAuthStores.js';
import { createFuzzNamespace, deleteFuzzNamespace } from './fuzzNamespace.js';

const infoFile = process.argv[2];
if (!infoFile) throw new Error('usage: tsx tests/fuzz/fuzzApp.ts <info.json>');

const log = pino({ level: process.env.FUZZ_LOG_LEVEL ?? 'warn' });
const runId = randomUUID().slice(0, 8);
const taskQueue = `fuzz-${runId}`;
const namespace = `council-posts-fuzz-${runId}`;
const admin = await connectClient(loadConfig());
await createFuzzNamespace(admin, namespace);
const dev = await startDevServerWorker({ ...process.env, TEMPORAL_NAMESPACE: namespace }, taskQueue);
const identity = await startIdentityProvider();
const config: Config = {
  ...dev.config,
  AUTH_MODE: 'oidc',
  OIDC_ISSUER: identityIssuer,
  OIDC_AUDIENCE: identityAudience,
  OIDC_JWKS_URL: identity.jwksUrl,
  // The fuzzer sends far more commands a minute as one person than anyone would.
  RATE_LIMIT_COMMANDS_PER_MINUTE: 1_000_000,
  PROPOSAL_MAX_POSTS: 5,
};
const app = await createWebApp({
  config,
  posts: new PostService(dev.client, config, exampleDirectory()),
  log,
  audit: memoryAuditLog(),
  idempotency: memoryIdempotencyStore(),
  authStores: memoryAuthStores(),
});
await app.listen({ host: '127.0.0.1', port: 0 });
const { port } = app.server.address() as AddressInfo;

const people = {
  hr: { id: 'hr.sam', role: 'hr' },
  director: { id: 'director.julie', role: 'director' },
} as const;
const tokens = Object.fromEntries(
  await Promise.all(
    Object.entries(people).map(async ([name, person]) => [
      name,
      await identity.tokenFor(person, [person.role], '2h'),
    ]),
  ),
);
await writeFile(
  infoFile,
  JSON.stringify({ baseUrl: `http://127.0.0.1:${port}`, namespace, taskQueue, tokens }),
  'utf8',
);
log.warn({ port, namespace, taskQueue }, 'fuzz app listening');

/** Ends what the fuzzer started: every running workflow on this app's task queues. */
async function terminateStarted(): Promise<number> {
  let ended = 0;
  for (const queue of [taskQueue, `${taskQueue}.ledgers`]) {
    const running = dev.client.workflow.list({
      query: `TaskQueue = '${queue}' AND ExecutionStatus = 'Running'`,
    });
    for await (const execution of running) {
      await dev.client.workflow
        .getHandle(execution.workflowId, execution.runId)
        .terminate('API fuzz run over')
        .then(() => {
          ended += 1;
        })
        .catch(() => undefined);
    }
  }
  return ended;
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await app.close();
  const ended = await terminateStarted();
  await identity.close();
  await dev.stop();
  await deleteFuzzNamespace(admin, namespace).catch((error: Error) =>
    log.warn({ err: error, namespace }, 'the fuzz namespace could not be deleted'),
  );
  await admin.connection.close();
  log.warn({ terminated: ended, namespace }, 'fuzz app stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
