/**
 * Replays the histories in ./histories (posts left failing by the eviction benchmark, README.md "Updates
 * that replay in another order") against today's production workflow bundle, and says for each whether
 * it replays. Material for the upstream report: `npx tsx bench/sdkStall/replayHistories.ts`. Exits 1
 * while any fails to replay (the defect is still there), 0 once all replay.
 */
import { createRequire } from 'node:module';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { readHistories } from '../../tests/support/historyFiles.js';
import { workflowBundleOptions, workflowInterceptorModules } from '../../workers/workflowBundleOptions.js';

const require = createRequire(import.meta.url);
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const workflowBundle = await bundleWorkflowCode({
  workflowsPath: require.resolve('../../workflows/index.ts'),
  ...workflowBundleOptions,
  workflowInterceptorModules,
  logger: quiet,
});
let failed = 0;
for (const { file, history, workflowId } of await readHistories(new URL('./histories/', import.meta.url))) {
  try {
    await Worker.runReplayHistory({ workflowBundle, debugMode: false }, history, workflowId);
    process.stdout.write(`${file}: replays\n`);
  } catch (error) {
    failed += 1;
    const reason =
      /Nondeterminism error: [^"]*/.exec((error as Error).message)?.[0] ?? (error as Error).message;
    process.stdout.write(`${file}: does not replay: ${reason}\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
