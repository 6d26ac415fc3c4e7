import { existsSync } from 'node:fs';
import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { localPaths } from '../../infra/paths.js';
import { postSearchAttributes } from '../../schemas/searchAttributes.js';

const { temporal } = proto;
const indexedValueType = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Bool: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  KeywordList: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
} as const;

/**
 * The Java test server (grpc-java) enforces a 5-minute minimum between keepalive pings and none
 * without calls; the client's default (every 30 s, even when idle) gets its connection closed as
 * "excess pings", and calls in flight then (a test's long poll for a result) hung until the test's
 * 120 s timeout in 2 of 5 CI runs. The client pings no more often than the server permits.
 */
const keepaliveTheTestServerPermits = {
  'grpc.keepalive_time_ms': 300_000,
  'grpc.keepalive_permit_without_calls': 0,
} as const;

type TimeSkippingCreate = (options: {
  server: { type: 'time-skipping'; executable: { type: 'existing-path'; path: string } };
  supportsTimeSkipping: true;
  connectionOptions: { channelArgs: Record<string, number> };
}) => Promise<TestWorkflowEnvironment>;

/**
 * Temporal's Java time-skipping test server from the project's cache (scripts/provision.sh),
 * started by @temporalio/testing as an existing executable: no download at test time. The post
 * workflows' search attributes are registered, as the dev server and docker-compose.yml do.
 * `createTimeSkipping` takes no connection options, so this calls the SDK's own `create` (what
 * `createTimeSkipping` calls) with the keepalive above.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = localPaths().testServerExecutable;
  if (!existsSync(path)) {
    throw new Error(`time-skipping test server not provisioned at ${path}; run bash scripts/provision.sh`);
  }
  const create = (TestWorkflowEnvironment as unknown as { create: TimeSkippingCreate }).create;
  const env = await create.call(TestWorkflowEnvironment, {
    server: { type: 'time-skipping', executable: { type: 'existing-path', path } },
    supportsTimeSkipping: true,
    connectionOptions: { channelArgs: { ...keepaliveTheTestServerPermits } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.entries(postSearchAttributes).map(([name, type]) => [name, indexedValueType[type]]),
    ),
  });
  return env;
}
