import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { postsOfLine, proposalLimitProblems, proposalLimits } from '../../domain/proposalLimits.js';
import { postsFromLines } from '../../domain/proposalPosts.js';
import { postId } from '../../schemas/common.js';
import type { PostLine } from '../../schemas/postWorkflowInput.js';

const line = (fteCount: number, extra: Partial<PostLine> = {}): PostLine => ({
  serviceArea: 'Children’s Social Work Service',
  jobTitle: 'Social Worker',
  grade: 'PO3',
  annualCostPence: 4_962_900,
  fteCount,
  ...extra,
});

const fields = (proposalId: string, lines: PostLine[], maxPosts?: number) =>
  proposalLimitProblems({ proposalId, lines }, maxPosts).map((problem) => problem.field);

describe('proposalLimitProblems: what one workflow can hold', () => {
  it('accepts the seed report’s sizes and 1,000 posts on one line', () => {
    expect(fields('seed-2022', [line(5), line(10), line(2.5)])).toEqual([]);
    expect(fields('burst', [line(1000)])).toEqual([]);
  });

  it('refuses more posts than one proposal can hold, saying to split it', () => {
    const problems = proposalLimitProblems({ proposalId: 'big', lines: [line(600), line(400.5)] });
    expect(problems).toEqual([
      {
        field: 'lines',
        message:
          'The lines make 1,001 posts; one proposal can hold at most 1,000. Split it into smaller proposals.',
      },
    ]);
    expect(fields('small', [line(6)], 5)).toEqual(['lines']);
  });

  it('refuses an FTE that makes no post or a part-time post under 0.01 FTE', () => {
    expect(fields('p', [line(0.005)])).toEqual(['lines.0.fteCount']);
    expect(fields('p', [line(1), line(2.004)])).toEqual(['lines.1.fteCount']);
    expect(fields('p', [line(0.01), line(1.01)])).toEqual([]);
  });

  it('refuses money past Number.MAX_SAFE_INTEGER, on a line or in total', () => {
    expect(fields('p', [line(2, { annualCostPence: Number.MAX_SAFE_INTEGER })])).toEqual([
      'lines.0.annualCostPence',
    ]);
    const half = Math.floor(Number.MAX_SAFE_INTEGER / 2);
    expect(
      fields('p', [line(1, { annualCostPence: half }), line(1, { annualCostPence: half + 10 })]),
    ).toEqual(['lines']);
  });

  it('refuses post details too large to start in one workflow task', () => {
    const justification = 'x'.repeat(10_000);
    expect(fields('p', [line(150, { justification })])).toEqual([]);
    expect(fields('p', [line(250, { justification })])).toEqual(['lines']);
  });

  it('refuses proposal ids too long for their posts’ ids, or that look like a post’s, route’s or budget’s', () => {
    expect(fields('p'.repeat(81), [line(1)])).toEqual(['proposalId']);
    for (const id of ['a.L1.P1', 'a.L2.P10.backfill', 'a.budget', 'a.route', 'a.backfill'])
      expect(fields(id, [line(1)])).toEqual(['proposalId']);
    expect(fields('CSW.2022.L1', [line(1)])).toEqual([]);
  });

  it('leaves every accepted proposal’s post ids, with four backfills, within the post id pattern', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_:-]{0,79}$/),
        fc.array(
          fc.integer({ min: 1, max: 5_000 }).map((hundredths) => hundredths / 100),
          {
            minLength: 1,
            maxLength: 200,
          },
        ),
        (proposalId, ftes) => {
          const lines = ftes.map((fte) => line(fte));
          fc.pre(proposalLimitProblems({ proposalId, lines }).length === 0);
          const posts = postsFromLines(proposalId, lines);
          expect(posts).toHaveLength(ftes.reduce((sum, fte) => sum + postsOfLine(fte), 0));
          for (const post of posts) {
            expect(postId.safeParse(`${post.postId}${'.backfill'.repeat(4)}`).success).toBe(true);
          }
        },
      ),
      { numRuns: 50 },
    );
    const longest = `${'p'.repeat(proposalLimits.maxProposalIdLength)}.L200.P1000${'.backfill'.repeat(4)}`;
    expect(longest.length).toBeLessThanOrEqual(128);
  });
});
