import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * What every workflow bundle leaves out, at every place one is made (the workers, the production
 * build, the benchmarks, the tests): workflows import only types from `schemas/`, so zod is never
 * needed in a workflow. Evaluated in every workflow it cost ~15 ms and ~4 MiB each and made replay
 * depend on the zod version; ignored here, a workflow that imports it at run time fails at once
 * instead of quietly carrying it (tests/workers/workflowBundles.test.ts checks the bundles).
 */
export const workflowBundleOptions = { ignoreModules: ['zod'] };

/**
 * The workflow interceptors every post and ledger bundle carries: they pass a caller's trace on to
 * activities (workflows/traceContext.ts), with no OpenTelemetry code in the workflow.
 */
export const workflowInterceptorModules = [require.resolve('../workflows/traceContext.ts')];
