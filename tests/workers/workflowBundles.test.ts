import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowBundleOptions } from '../../workers/workflowBundleOptions.js';

const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const entry = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The modules webpack put in a bundle, by the ids it gives them (`./schemas/common.ts`). */
async function bundledModules(workflowsPath: string, options = {}): Promise<string[]> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: silent, ...options });
  return [...code.matchAll(/^\/\*\*\*\/ "([^"]+)"$/gm)].map((match) => match[1] ?? '');
}

const isZod = (id: string) => /(^|\/)node_modules\/zod\//.test(id);
const isSchema = (id: string) => /^\.\/schemas\//.test(id);

describe('workflow bundles', () => {
  it.each([
    ['the posts’ worker', '../../workflows/index.ts', './workflows/postWorkflow.ts'],
    ['the ledgers’ worker', '../../workflows/ledgers.ts', './workflows/ledgerWorkflow.ts'],
  ])('%s bundle holds no zod and no schema module', async (_worker, path, workflowModule) => {
    const modules = await bundledModules(entry(path), workflowBundleOptions);
    expect(modules).toContain(workflowModule);
    expect(modules.filter(isZod)).toEqual([]);
    expect(modules.filter(isSchema)).toEqual([]);
  });

  it('names a schema imported at run time, and leaves zod out of the bundle', async () => {
    const modules = await bundledModules(
      entry('./fixtures/schemaImportingWorkflow.ts'),
      workflowBundleOptions,
    );
    expect(modules).toContain('./schemas/common.ts');
    expect(modules.filter(isZod)).toEqual([]);
  });

  it('would carry zod into a bundle made without the options', async () => {
    const modules = await bundledModules(entry('./fixtures/schemaImportingWorkflow.ts'));
    expect(modules.filter(isZod).length).toBeGreaterThan(0);
  });
});
