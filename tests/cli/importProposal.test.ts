import { describe, expect, it } from 'vitest';
import { importProposal, type ProposalPort } from '../../cli/importProposal.js';
import { readProposalFile } from '../../cli/readProposalFile.js';
import { openingProposalView, type ProposalView } from '../../contract/proposalMessages.js';
import { postsFromLines } from '../../domain/proposalPosts.js';
import type { ProposalDraft } from '../../schemas/proposal.js';
import type { PostSummary } from '../../temporal/postService.js';

/** A proposal whose posts appear a few at a time, as a worker starts them. */
function fakeService(proposal: ProposalDraft, startedPerPoll: number): ProposalPort & { polls: number } {
  const posts = postsFromLines(proposal.proposalId, proposal.lines);
  const view: ProposalView = openingProposalView(
    { ...proposal, author: { id: 'hr.sam', role: 'hr' } },
    posts,
  );
  const fake = {
    polls: 0,
    startProposal: async () => ({ proposalId: proposal.proposalId, started: true }),
    proposal: async () => view,
    posts: async (): Promise<PostSummary[]> => {
      fake.polls += 1;
      return posts.slice(0, fake.polls * startedPerPoll).map((post) => ({
        postId: post.postId,
        proposalId: proposal.proposalId,
        stage: 'budget-check',
        serviceArea: post.details.serviceArea,
        grade: post.details.grade,
        jobTitle: post.details.jobTitle,
        status: 'RUNNING',
      }));
    },
  };
  return fake;
}

describe('importing a proposal shows its posts starting and then its totals', () => {
  it('prints posts started n/N as posts appear, then the FTE and £ total against the allocation', async () => {
    const proposal = await readProposalFile('examples/seed-proposal.json');
    const printed: string[] = [];
    const result = await importProposal(fakeService(proposal, 10), proposal, {
      print: (line) => printed.push(line),
      idempotencyKey: 'import-1',
      pollMillis: 1,
    });
    expect(printed.filter((line) => line.startsWith('posts started'))).toEqual([
      'posts started: 10/31',
      'posts started: 20/31',
      'posts started: 30/31',
      'posts started: 31/31',
    ]);
    expect(printed).toContainEqual(expect.stringMatching(/^ {2}FTE: +31$/));
    expect(printed).toContainEqual(expect.stringMatching(/^ {2}cost: +£1,493,366 a year$/));
    expect(printed).toContainEqual(expect.stringMatching(/^ {2}allocation: +£1,500,000 /));
    expect(printed).toContainEqual(expect.stringMatching(/^ {2}left: +£6,634$/));
    expect(result).toMatchObject({ complete: true, postsStarted: 31, postsExpected: 31 });
  });

  it('gives up at the timeout, saying how many posts had started', async () => {
    const proposal = await readProposalFile('examples/seed-proposal.json');
    const printed: string[] = [];
    const result = await importProposal(fakeService(proposal, 0), proposal, {
      print: (line) => printed.push(line),
      idempotencyKey: 'import-2',
      pollMillis: 5,
      timeoutMillis: 30,
    });
    expect(result.complete).toBe(false);
    expect(printed).toContainEqual(expect.stringMatching(/^Timed out after .* with 0\/31 posts started/));
  });

  it('states how far over the allocation a proposal is', async () => {
    const proposal = await readProposalFile('examples/seed-proposal.json', { allocation: '1,400,000' });
    const printed: string[] = [];
    await importProposal(fakeService(proposal, 100), proposal, {
      print: (line) => printed.push(line),
      idempotencyKey: 'import-3',
    });
    expect(printed).toContainEqual(expect.stringMatching(/^ {2}over by: +£93,366: /));
  });
});
