// The benchmark worker's workflows: the product's, plus the bare baselines.
export * from '../../workflows/index.js';
export { bareLifecycleWorkflow, bareWaitingWorkflow, emptyWorkflow } from './bareWorkflows.js';
