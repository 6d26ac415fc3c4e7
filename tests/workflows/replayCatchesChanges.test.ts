import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import { workflowBundleOptions } from '../../workers/workflowBundleOptions.js';
import { readHistories } from '../support/historyFiles.js';

const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const histories = await readHistories(new URL('../histories/', import.meta.url));
const postHistories = histories.filter((entry) => /-post-/.test(entry.file));

async function bundle(entry: string): Promise<{ code: string }> {
  const workflowsPath = fileURLToPath(new URL(entry, import.meta.url));
  return bundleWorkflowCode({ workflowsPath, logger: silent, ...workflowBundleOptions });
}

/**
 * The negative half of tests/workflows/replay.test.ts: a replay that passed whatever the code did would
 * prove nothing, so the recorded posts are replayed against a deliberately changed post workflow.
 */
describe('replaying recorded posts against changed workflow code', () => {
  it('has recorded posts to replay', () => {
    expect(postHistories.length).toBeGreaterThanOrEqual(3);
  });

  it('fails with a DeterminismViolationError when the post workflow changed without a patch', async () => {
    const changed = await bundle('./fixtures/changedPostWorkflow.ts');
    for (const entry of postHistories) {
      await expect(
        Worker.runReplayHistory({ workflowBundle: changed }, entry.history, entry.workflowId),
        entry.file,
      ).rejects.toBeInstanceOf(DeterminismViolationError);
    }
  });

  it('replays the same change guarded by patched()', async () => {
    const guarded = await bundle('./fixtures/patchedPostWorkflow.ts');
    for (const entry of postHistories) {
      await expect(
        Worker.runReplayHistory({ workflowBundle: guarded }, entry.history, entry.workflowId),
        entry.file,
      ).resolves.toBeUndefined();
    }
  });
});
