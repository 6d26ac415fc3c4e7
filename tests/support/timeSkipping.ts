import { existsSync } from 'node:fs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { localPaths } from '../../infra/paths.js';

/**
 * Temporal's Java time-skipping test server from the project's cache (scripts/provision.sh),
 * started by @temporalio/testing as an existing executable: no download at test time.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = localPaths().testServerExecutable;
  if (!existsSync(path)) {
    throw new Error(`time-skipping test server not provisioned at ${path}; run bash scripts/provision.sh`);
  }
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path } },
  });
}
