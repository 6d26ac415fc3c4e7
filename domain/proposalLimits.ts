import type { PostLine } from '../schemas/postWorkflowInput.js';

/**
 * How large a proposal one workflow can hold, from Temporal's own limits (the server's defaults),
 * checked before anything starts so that a proposal is either started whole or refused with the
 * field to change. See README "Limits".
 */
export const proposalLimits = {
  /** The report's cost table: schemas/proposal.ts allows no more. */
  maxLines: 200,
  /**
   * Every post is a child workflow of the proposal's workflow, pending until the post ends. Temporal
   * fails a workflow at 2,000 pending children (limit.numPendingChildExecutions.error); half of that
   * leaves the margin for a history that also holds every child's start and end (3 events each and
   * the workflow tasks between, about 9,000 events for 1,000 posts, below the 10,240 warning).
   */
  maxPosts: 1_000,
  /** Temporal's pending child workflow limit, for the docs and the check above. */
  temporalPendingChildLimit: 2_000,
  /** A post of less than a hundredth of a full-time post (about 22 minutes a week) is no post. */
  minPostFte: 0.01,
  /**
   * All posts start in one workflow task, whose commands (each post's input) must fit in one gRPC
   * message: 4 MiB by default. Half of it is allowed, for the protocol's own overhead.
   */
  maxStartBytes: 2 * 1024 * 1024,
  /** Ids, proposal fields and protobuf framing of one post's start, beside its details. */
  startOverheadBytes: 1_024,
  /**
   * A post id is `${proposalId}.L${line}.P${post}` (at most 11 more characters with 200 lines and
   * 1,000 posts) and a backfill adds `.backfill` (9) each time an internal appointment is filled:
   * 80 leaves room for four generations of backfill within the 128 characters of a post id.
   */
  maxProposalIdLength: 80,
} as const;

export interface LimitProblem {
  field: string;
  message: string;
}

const FTE_UNITS = 1_000_000;

/** The UTF-8 length of text, counted here so domain/ needs neither Node's Buffer nor TextEncoder. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
const minPostUnits = proposalLimits.minPostFte * FTE_UNITS;

/** Workflow ids of a proposal's children and of other workflows end like this; a proposal's must not. */
const derivedIdPattern = /\.L\d+\.P\d+(?:\.|$)|\.(?:budget|route|backfill)$/;

const formatted = (value: number) => value.toLocaleString('en-GB', { maximumFractionDigits: 2 });

/** How many posts a line of `fteCount` FTE makes: its whole posts, then one part-time post if any. */
export function postsOfLine(fteCount: number): number {
  return Math.ceil(Math.round(fteCount * FTE_UNITS) / FTE_UNITS);
}

/** The size of a running proposal that lines are being added to. */
export interface ExistingProposal {
  lines: number;
  posts: number;
  costPence: number;
}

export interface ProposalLimitInput {
  proposalId: string;
  lines: readonly PostLine[];
}

/**
 * What makes a proposal too large for one workflow, or its numbers unsafe, each naming the field to
 * change. `maxPosts` may be lowered by configuration (PROPOSAL_MAX_POSTS), never raised above the limit.
 */
export function proposalLimitProblems(
  proposal: ProposalLimitInput,
  maxPosts: number = proposalLimits.maxPosts,
  /** What a running proposal holds already, when lines are added to it (an amendment). */
  existing: ExistingProposal = { lines: 0, posts: 0, costPence: 0 },
): LimitProblem[] {
  const problems: LimitProblem[] = [];
  const { proposalId, lines } = proposal;
  if (proposalId.length > proposalLimits.maxProposalIdLength) {
    problems.push({
      field: 'proposalId',
      message: `The proposal id must be at most ${proposalLimits.maxProposalIdLength} characters, so that the ids of its posts (the proposal id, line and post number) fit`,
    });
  }
  if (derivedIdPattern.test(proposalId)) {
    problems.push({
      field: 'proposalId',
      message:
        'The proposal id must not look like the id of a post, route or budget (.L1.P1, .budget, .route, .backfill)',
    });
  }
  if (existing.lines + lines.length > proposalLimits.maxLines) {
    problems.push({
      field: 'lines',
      message:
        existing.lines > 0
          ? `A proposal has at most ${proposalLimits.maxLines} lines: this one has ${existing.lines} already`
          : `A proposal has at most ${proposalLimits.maxLines} lines`,
    });
  }

  let posts = existing.posts;
  let costPence = existing.costPence;
  let startBytes = 0;
  lines.forEach((line, index) => {
    const units = Math.round(line.fteCount * FTE_UNITS);
    const partTime = units % FTE_UNITS;
    if (units < minPostUnits) {
      problems.push({
        field: `lines.${index}.fteCount`,
        message: `The FTE of a line must be at least ${proposalLimits.minPostFte}: a smaller part of a post is not a post`,
      });
    } else if (partTime !== 0 && partTime < minPostUnits) {
      problems.push({
        field: `lines.${index}.fteCount`,
        message: `This FTE would make a part-time post of ${formatted(partTime / FTE_UNITS)} FTE: a post is at least ${proposalLimits.minPostFte} FTE`,
      });
    }
    const linePosts = postsOfLine(line.fteCount);
    const lineCost = line.annualCostPence * line.fteCount;
    if (lineCost > Number.MAX_SAFE_INTEGER) {
      problems.push({
        field: `lines.${index}.annualCostPence`,
        message: 'The annual cost times the line’s FTE is more money than the service can count exactly',
      });
    }
    posts += linePosts;
    costPence += lineCost;
    startBytes += linePosts * (utf8Length(JSON.stringify(line)) + proposalLimits.startOverheadBytes);
  });

  const split = 'Split it into smaller proposals.';
  if (posts > maxPosts) {
    problems.push({
      field: 'lines',
      message:
        existing.posts > 0
          ? `These lines would bring the proposal to ${formatted(posts)} posts (it has ${formatted(existing.posts)}); one proposal can hold at most ${formatted(maxPosts)}. Make a new proposal for them.`
          : `The lines make ${formatted(posts)} posts; one proposal can hold at most ${formatted(maxPosts)}. ${split}`,
    });
  } else if (startBytes > proposalLimits.maxStartBytes) {
    problems.push({
      field: 'lines',
      message: `The lines carry ${formatted(startBytes / 1024 / 1024)} MiB of post details between their posts; one proposal can start at most ${formatted(proposalLimits.maxStartBytes / 1024 / 1024)} MiB at once. ${split} Or shorten the justifications.`,
    });
  }
  if (
    costPence > Number.MAX_SAFE_INTEGER &&
    !problems.some((problem) => problem.field.endsWith('annualCostPence'))
  ) {
    problems.push({
      field: 'lines',
      message: `The lines cost more in total than the service can count exactly. ${split}`,
    });
  }
  return problems;
}
