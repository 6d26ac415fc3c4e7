import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerViewQuery } from '../../contract/ledgerMessages.js';
import { proposal } from '../../schemas/proposal.js';
import { PostService } from '../../temporal/postService.js';
import { seedReport } from '../fixtures/seedReport.js';
import { type DevServerWorker, startDevServerWorker } from '../support/devServerWorker.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { uniqueId } from '../support/postFixtures.js';

// The burst that stalled the budget ledger: one proposal of 200 posts, all reserving at once, through
// the product's own workers on the dev server with the default bounded cache (100 workflows), so
// posts are evicted and replayed while the ledger answers them.
let dev: DevServerWorker;

beforeAll(async () => {
  dev = await startDevServerWorker();
});

afterAll(async () => {
  await dev?.stop();
});

const posts = 200;
const costPence = 4_000_000;
const fits = 150;

async function countIn(stage: string, proposalId: string): Promise<number> {
  const query = `ProposalId = '${proposalId}' AND PostStage = '${stage}'`;
  return (await dev.client.workflow.count(query)).count;
}

describe('one proposal of 200 posts', () => {
  it('brings every post past the budget check, 150 to the director and 50 held, never over-committing', {
    timeout: 600_000,
  }, async () => {
    const proposalId = uniqueId('burst');
    const service = new PostService(dev.client, dev.config, exampleDirectory());
    await service.startProposal(
      proposal.parse({
        ...seedReport(proposalId),
        allocationPence: fits * costPence,
        lines: [
          {
            serviceArea: 'Safeguarding',
            jobTitle: 'Social Worker',
            grade: 'PO3',
            annualCostPence: costPence,
            fteCount: posts,
          },
        ],
      }),
    );
    let awaiting = 0;
    let held = 0;
    for (const deadline = Date.now() + 540_000; Date.now() < deadline; ) {
      [awaiting, held] = await Promise.all([
        countIn('awaiting-approval', proposalId),
        countIn('budget-held', proposalId),
      ]);
      if (awaiting + held >= posts) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect({ awaiting, held }).toEqual({ awaiting: fits, held: posts - fits });
    const ledger = await dev.client.workflow.getHandle(`${proposalId}.budget`).query(ledgerViewQuery);
    expect(ledger.committed).toBe(fits * costPence);
    expect(Object.keys(ledger.reservations)).toHaveLength(fits);
    // Everything this test started ends here, so the dev server is quiet for the next file.
    for await (const execution of dev.client.workflow.list({ query: `ProposalId = '${proposalId}'` })) {
      await dev.client.workflow
        .getHandle(execution.workflowId)
        .terminate('test over')
        .catch(() => undefined);
    }
    await dev.client.workflow
      .getHandle(proposalId)
      .terminate('test over')
      .catch(() => undefined);
    await dev.client.workflow
      .getHandle(`${proposalId}.budget`)
      .terminate('test over')
      .catch(() => undefined);
  });
});
