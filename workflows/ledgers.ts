// The bundle entry for the ledgers' own worker (workers/createPostWorker.ts): only the two ledger
// entity workflows, so each cached ledger carries none of the post workflows' modules.
export { budgetAllocationWorkflow } from './budgetAllocationWorkflow.js';
export { internationalCapWorkflow } from './internationalCapWorkflow.js';
