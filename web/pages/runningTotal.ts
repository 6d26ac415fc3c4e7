import { proposalTotals } from '../../domain/proposalPosts.js';
import { postLine } from '../../schemas/postWorkflowInput.js';
import { parsePoundsToPence } from './money.js';

/** One line of the running total: what it costs a year at its FTE, once both can be read. */
export interface RunningTotalLine {
  number: number;
  jobTitle: string;
  fte?: number;
  costPence?: number;
}

/** The running total beside the proposal form's lines: each line, the total and what is left. */
export interface RunningTotal {
  lines: RunningTotalLine[];
  costPence: number;
  fte: number;
  posts: number;
  /** Lines whose cost or FTE cannot be read yet: left out of the total. */
  unread: number;
  allocationPence?: number;
  leftPence?: number;
}

/**
 * Adds up the lines as typed, leniently: a line whose cost or FTE cannot be read yet is shown without
 * a cost and left out, so the total moves as the person types. The same arithmetic as the proposal's
 * posts (domain/proposalPosts.ts), so the total is what the posts will reserve.
 */
export function runningTotal(
  lines: readonly { jobTitle: string; annualCost: string; fte: string }[],
  allocation: string,
): RunningTotal {
  let costPence = 0;
  let fte = 0;
  let posts = 0;
  let unread = 0;
  const shown = lines.map((line, index): RunningTotalLine => {
    const cost = parsePoundsToPence(line.annualCost);
    const count = Number(line.fte.trim());
    const parsed =
      cost.ok && line.fte.trim() !== ''
        ? postLine.pick({ annualCostPence: true, fteCount: true }).safeParse({
            annualCostPence: cost.pence,
            fteCount: count,
          })
        : undefined;
    const base = { number: index + 1, jobTitle: line.jobTitle };
    if (!parsed?.success) {
      if (line.annualCost.trim() !== '') unread += 1;
      return base;
    }
    const totals = proposalTotals([{ serviceArea: '-', jobTitle: '-', grade: '-', ...parsed.data }]);
    costPence += totals.costPence;
    fte = Math.round((fte + totals.fte) * 1e6) / 1e6;
    posts += totals.posts;
    return { ...base, fte: parsed.data.fteCount, costPence: totals.costPence };
  });
  const allocationPence = parsePoundsToPence(allocation);
  return {
    lines: shown,
    costPence,
    fte,
    posts,
    unread,
    ...(allocationPence.ok
      ? { allocationPence: allocationPence.pence, leftPence: allocationPence.pence - costPence }
      : {}),
  };
}
