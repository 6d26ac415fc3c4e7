import type { PostDetails, PostLine } from '../schemas/postWorkflowInput.js';

/** One post to start from a proposal: which line it comes from and what it is. */
export interface PostSpec {
  /** Deterministic, so splitting the same proposal twice starts no post twice: `${proposalId}.L1.P1`. */
  postId: string;
  /** 1-based, as the lines appear in the proposal. */
  lineNumber: number;
  details: PostDetails;
}

export interface ProposalTotals {
  /** What all the posts cost a year, in pence: the sum of the posts' own costs. */
  costPence: number;
  fte: number;
  posts: number;
}

/** FTE is counted in millionths so that sums and remainders of fractions such as 0.1 are exact. */
const FTE_UNITS = 1_000_000;

/** A line's FTE as whole posts then at most one part-time post: 2.5 → 1, 1, 0.5. In millionths. */
function splitFte(fteCount: number): number[] {
  const total = Math.round(fteCount * FTE_UNITS);
  const parts: number[] = [];
  for (let left = total; left > 0; left -= FTE_UNITS) parts.push(Math.min(left, FTE_UNITS));
  return parts;
}

/**
 * A post's annual cost: the line's full-time cost times the post's FTE, to the penny.
 *
 * Rounding per post is safe: a whole post is the line's cost times 1, exact with no rounding at all;
 * only the one part-time post of a line (if any) is rounded, by at most half a penny. So for whole FTE
 * the posts add up exactly to the line's cost × FTE, and what the posts reserve is always exactly
 * what the totals say.
 */
function postCost(annualCostPence: number, fteUnits: number): number {
  return Math.round(annualCostPence * (fteUnits / FTE_UNITS));
}

/**
 * A post's own annual cost from the cost of one full-time post and the post's FTE, rounded to the
 * penny exactly as a proposal's lines are split into posts (a 0.5 FTE post of £46,000 costs £23,000).
 */
export function costAtFte(fullTimeAnnualCostPence: number, fte: number): number {
  return postCost(fullTimeAnnualCostPence, Math.round(fte * FTE_UNITS));
}

/** The cost of one full-time post from a post's own cost and FTE (for forms that ask for it). */
export function fullTimeCostOf(annualCostPence: number, fte: number): number {
  return fte > 0 ? Math.round(annualCostPence / fte) : annualCostPence;
}

/**
 * Splits a proposal's post lines into its posts, in line order. An amendment's lines are numbered on
 * from the proposal's last line (`firstLineNumber`), so their post ids never meet earlier ones.
 */
export function postsFromLines(
  proposalId: string,
  lines: readonly PostLine[],
  firstLineNumber = 1,
): PostSpec[] {
  const posts: PostSpec[] = [];
  lines.forEach((line, index) => {
    const lineNumber = index + firstLineNumber;
    splitFte(line.fteCount).forEach((fteUnits, postIndex) => {
      const details: PostDetails = {
        serviceArea: line.serviceArea,
        jobTitle: line.jobTitle,
        grade: line.grade,
        annualCostPence: postCost(line.annualCostPence, fteUnits),
        fte: fteUnits / FTE_UNITS,
        ...(line.jobDescriptionRef === undefined ? {} : { jobDescriptionRef: line.jobDescriptionRef }),
        ...(line.justification === undefined ? {} : { justification: line.justification }),
      };
      posts.push({ postId: `${proposalId}.L${lineNumber}.P${postIndex + 1}`, lineNumber, details });
    });
  });
  return posts;
}

/** What a proposal's lines add up to: the cost of its posts (integer pence), its FTE and its posts. */
export function proposalTotals(lines: readonly PostLine[]): ProposalTotals {
  let costPence = 0;
  let fteUnits = 0;
  let posts = 0;
  for (const line of lines) {
    for (const units of splitFte(line.fteCount)) {
      costPence += postCost(line.annualCostPence, units);
      fteUnits += units;
      posts += 1;
    }
  }
  return { costPence, fte: fteUnits / FTE_UNITS, posts };
}
