import { createRequire } from 'node:module';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowBundleOptions, workflowInterceptorModules } from '../../workers/workflowBundleOptions.js';
import { readHistories } from '../support/historyFiles.js';

const require = createRequire(import.meta.url);
const histories = await readHistories(new URL('../histories/', import.meta.url));
let workflowBundle: { code: string };

beforeAll(async () => {
  // The production bundle (workers/bundleWorkflows.ts does the same), so what ships is what replays.
  workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows/index.ts'),
    ...workflowBundleOptions,
    workflowInterceptorModules,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
});

describe('replaying the recorded histories of finished workflows with today’s code', () => {
  it('has histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(5);
  });

  it.each(histories.map((entry) => [entry.file, entry] as const))(
    'replays %s without non-determinism',
    async (_file, entry) => {
      await expect(
        Worker.runReplayHistory({ workflowBundle }, entry.history, entry.workflowId),
      ).resolves.toBeUndefined();
    },
  );
});
