import { describe, expect, it } from 'vitest';
import { postsFromLines, proposalTotals } from '../../domain/proposalPosts.js';
import { type PostLine, postDetails } from '../../schemas/postWorkflowInput.js';
import {
  safeProjectLine,
  seedAllocationPence,
  seedCostTable,
  seedLineTotalsPence,
  seedPlanLines,
} from '../fixtures/seedProposal.js';

describe('the seed report’s cost table (paragraph 49)', () => {
  it('comes to 8 lines, 29 FTE and exactly £1,422,528', () => {
    expect(seedCostTable).toHaveLength(8);
    expect(proposalTotals(seedCostTable)).toEqual({ costPence: 142_252_800, fte: 29, posts: 29 });
  });

  it('gives each line the "Overall £" of the table to the penny', () => {
    const totals = seedCostTable.map((line) => proposalTotals([line]).costPence);
    expect(totals).toEqual(seedLineTotalsPence);
    expect(totals).toEqual(seedCostTable.map((line) => line.annualCostPence * line.fteCount));
  });

  it('with the Safe project’s two Family Support Workers costs £1,493,366, inside the £1.5m allocation', () => {
    const totals = proposalTotals(seedPlanLines);
    expect(totals).toEqual({ costPence: 149_336_600, fte: 31, posts: 31 });
    expect(proposalTotals([safeProjectLine]).costPence).toBe(7_083_800);
    expect(seedAllocationPence - totals.costPence).toBe(663_400);
  });
});

describe('splitting a proposal into posts', () => {
  const posts = postsFromLines('icf-2022', seedPlanLines);

  it('makes one post per FTE, 31 for the whole plan', () => {
    expect(posts).toHaveLength(31);
    expect(posts.filter((post) => post.lineNumber === 2)).toHaveLength(10);
  });

  it('names posts deterministically by proposal, line and position', () => {
    expect(posts.slice(0, 6).map((post) => post.postId)).toEqual([
      'icf-2022.L1.P1',
      'icf-2022.L1.P2',
      'icf-2022.L1.P3',
      'icf-2022.L1.P4',
      'icf-2022.L1.P5',
      'icf-2022.L2.P1',
    ]);
    expect(posts.at(-1)?.postId).toBe('icf-2022.L9.P2');
    expect(new Set(posts.map((post) => post.postId)).size).toBe(31);
    expect(postsFromLines('icf-2022', seedPlanLines)).toEqual(posts);
  });

  it('gives each whole post its line’s full annual cost, adding up to the plan’s cost', () => {
    const placementManager = posts.find((post) => post.postId === 'icf-2022.L6.P1');
    expect(placementManager?.details).toEqual({
      serviceArea: 'Placement team',
      jobTitle: 'Placement team managers',
      grade: 'PO6',
      annualCostPence: 6_233_500,
      fte: 1,
      jobDescriptionRef: 'Appendix A4',
    });
    expect(posts.reduce((sum, post) => sum + post.details.annualCostPence, 0)).toBe(149_336_600);
  });

  it('makes posts whose details the post workflow’s schema accepts', () => {
    for (const post of posts) expect(postDetails.safeParse(post.details).success).toBe(true);
  });

  it('splits a 2.5 FTE line into posts of 1, 1 and 0.5, the half post costing half, to the penny', () => {
    const line: PostLine = {
      serviceArea: 'Occupational Therapy',
      jobTitle: 'Community Occupational therapists',
      grade: 'PO1',
      annualCostPence: 4_458_100,
      fteCount: 2.5,
    };
    const split = postsFromLines('ot-2023', [line]);
    expect(split.map((post) => [post.postId, post.details.fte, post.details.annualCostPence])).toEqual([
      ['ot-2023.L1.P1', 1, 4_458_100],
      ['ot-2023.L1.P2', 1, 4_458_100],
      ['ot-2023.L1.P3', 0.5, 2_229_050],
    ]);
    expect(proposalTotals([line])).toEqual({ costPence: 11_145_250, fte: 2.5, posts: 3 });
  });

  it('rounds a fraction’s cost to the nearest penny and keeps the totals equal to the posts’ sum', () => {
    const line: PostLine = {
      serviceArea: 'Leaving Care',
      jobTitle: 'Care Leaver personal advisors',
      grade: 'C3',
      annualCostPence: 3_541_901,
      fteCount: 1.3,
    };
    const split = postsFromLines('lc', [line]);
    expect(split.map((post) => post.details.fte)).toEqual([1, 0.3]);
    // 3,541,901 × 0.3 = 1,062,570.3 pence: rounded to 1,062,570.
    expect(split.map((post) => post.details.annualCostPence)).toEqual([3_541_901, 1_062_570]);
    expect(proposalTotals([line])).toEqual({ costPence: 4_604_471, fte: 1.3, posts: 2 });
  });

  it('counts a fractional FTE total exactly, without floating-point drift', () => {
    const lines = [0.1, 0.2, 0.7].map(
      (fteCount): PostLine => ({
        serviceArea: 'Kinship',
        jobTitle: 'Sessional workers',
        grade: 'SO1',
        annualCostPence: 3_886_700,
        fteCount,
      }),
    );
    expect(proposalTotals(lines).fte).toBe(1);
  });

  it('carries the job description reference and justification of the line to each post', () => {
    const [post] = postsFromLines('p', [{ ...safeProjectLine, justification: 'Paragraph 49' }]);
    expect(post?.details.justification).toBe('Paragraph 49');
    expect(post?.details).not.toHaveProperty('jobDescriptionRef');
  });
});
