/**
 * Production build of the workflow code, one bundle per worker:
 * `tsx workers/bundleWorkflows.ts [dist/workflow-bundle.js] [dist/ledger-bundle.js]`, then start the
 * worker with WORKFLOW_BUNDLE and LEDGER_WORKFLOW_BUNDLE naming them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions, workflowInterceptorModules } from './workflowBundleOptions.js';

const require = createRequire(import.meta.url);
const bundles = [
  { entry: '../workflows/index.ts', out: process.argv[2] ?? 'dist/workflow-bundle.js' },
  { entry: '../workflows/ledgers.ts', out: process.argv[3] ?? 'dist/ledger-bundle.js' },
];
for (const { entry, out } of bundles) {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve(entry),
    ...workflowBundleOptions,
    workflowInterceptorModules,
  });
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, code);
  process.stdout.write(`workflow bundle written to ${out} (${(code.length / 1024).toFixed(0)} KiB)\n`);
}
