/** Production build of the workflow code: `tsx workers/bundleWorkflows.ts dist/workflow-bundle.js`. */
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

const require = createRequire(import.meta.url);
const out = process.argv[2] ?? 'dist/workflow-bundle.js';
const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows/index.ts') });
await mkdir(dirname(out), { recursive: true });
await writeFile(out, code);
process.stdout.write(`workflow bundle written to ${out} (${(code.length / 1024).toFixed(0)} KiB)\n`);
