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
 * Temporal's Java time-skipping test server from the project's cache (scripts/provision.sh),
 * started by @temporalio/testing as an existing executable: no download at test time. The post
 * workflows' search attributes are registered, as the dev server and docker-compose.yml do.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = localPaths().testServerExecutable;
  if (!existsSync(path)) {
    throw new Error(`time-skipping test server not provisioned at ${path}; run bash scripts/provision.sh`);
  }
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.entries(postSearchAttributes).map(([name, type]) => [name, indexedValueType[type]]),
    ),
  });
  return env;
}
