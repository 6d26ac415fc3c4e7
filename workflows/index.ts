// The bundle entry for the worker: every workflow the task queue runs.
export { postWorkflow } from './postWorkflow.js';
