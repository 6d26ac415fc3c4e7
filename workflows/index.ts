// The bundle entry for the worker: every workflow the task queue runs.
export { budgetAllocationWorkflow } from './budgetAllocationWorkflow.js';
export { internationalCapWorkflow } from './internationalCapWorkflow.js';
export { postWorkflow } from './postWorkflow.js';
export { proposalWorkflow } from './proposalWorkflow.js';
export { recruitmentRouteWorkflow } from './recruitmentRouteWorkflow.js';
