import { setTimeout as sleep } from 'node:timers/promises';
import type { ProposalView } from '../contract/proposalMessages.js';
import { type ProposalTotals, postsFromLines, proposalTotals } from '../domain/proposalPosts.js';
import type { ProposalDraft } from '../schemas/proposal.js';
import type { CliService } from './apiService.js';
import { formatFields, formatFte } from './format.js';
import { formatPounds } from './pounds.js';

export type ProposalPort = Pick<CliService, 'startProposal' | 'proposal' | 'posts'>;

export interface ImportSettings {
  print: (line: string) => void;
  /** The proposal's Idempotency-Key: a retried import starts it once. */
  idempotencyKey: string;
  pollMillis?: number;
  timeoutMillis?: number;
}

export interface ImportResult {
  started: boolean;
  postsStarted: number;
  postsExpected: number;
  /** Every post of the proposal exists; false when the wait timed out. */
  complete: boolean;
  totals: ProposalTotals;
}

/** The proposal's totals against its allocation, formatted as the report writes money. */
export function summaryLines(proposal: ProposalDraft, totals: ProposalTotals): string[] {
  const difference = proposal.allocationPence - totals.costPence;
  return [
    `Summary of ${proposal.proposalId}: ${proposal.title}`,
    ...formatFields([
      ['lines', String(proposal.lines.length)],
      ['posts', String(totals.posts)],
      ['FTE', formatFte(totals.fte)],
      ['cost', `${formatPounds(totals.costPence)} a year`],
      ['allocation', `${formatPounds(proposal.allocationPence)} (${proposal.allocationName})`],
      difference >= 0
        ? ['left', formatPounds(difference)]
        : ['over by', `${formatPounds(-difference)}: posts that do not fit are held for the director`],
    ]),
  ];
}

/** How many of the proposal's posts exist as workflows, by the posts' visibility records. */
async function countStarted(service: ProposalPort, proposalId: string, postIds: readonly string[]) {
  const listed = await service.posts({ proposalId });
  const existing = new Set(listed.map((post) => post.postId));
  return postIds.filter((postId) => existing.has(postId)).length;
}

/**
 * Starts a proposal (a proposal id already used is refused by the API, 409, and nothing starts;
 * a retry with the same Idempotency-Key is answered as the first was), then follows it until every post it asks for
 * exists, printing `posts started: n/N` as the count moves, and ends with the totals.
 */
export async function importProposal(
  service: ProposalPort,
  proposal: ProposalDraft,
  { print, idempotencyKey, pollMillis = 500, timeoutMillis = 120_000 }: ImportSettings,
): Promise<ImportResult> {
  const { started } = await service.startProposal(proposal, idempotencyKey);
  print(
    started
      ? `Proposal ${proposal.proposalId} started: ${proposal.title}`
      : `Proposal ${proposal.proposalId} was already started: following its posts`,
  );

  const planned = postsFromLines(proposal.proposalId, proposal.lines).map((post) => post.postId);
  const deadline = Date.now() + timeoutMillis;
  let view: ProposalView | undefined;
  let postsStarted = 0;
  let shown = -1;
  let lastError: unknown;
  for (;;) {
    try {
      view = await service.proposal(proposal.proposalId);
      postsStarted = await countStarted(
        service,
        proposal.proposalId,
        view.posts.map((post) => post.postId),
      );
    } catch (error) {
      // The proposal's first workflow task may not have run yet; keep polling until the deadline.
      lastError = error;
    }
    const expected = view?.posts.length ?? planned.length;
    if (postsStarted !== shown) {
      print(`posts started: ${postsStarted}/${expected}`);
      shown = postsStarted;
    }
    if (view && postsStarted === expected) break;
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      print(
        `Timed out after ${Math.round(timeoutMillis / 1000)} s with ${postsStarted}/${expected} posts started${why}.`,
      );
      print(`They may still be starting: see \`posts --proposal ${proposal.proposalId}\`.`);
      break;
    }
    await sleep(pollMillis);
  }

  const local = proposalTotals(proposal.lines);
  const totals = view?.requested ?? local;
  if (!started && (totals.costPence !== local.costPence || totals.posts !== local.posts)) {
    print(
      'Note: the running proposal was started with other lines than this file; the totals are the running one’s.',
    );
  }
  const postsExpected = view?.posts.length ?? planned.length;
  for (const line of summaryLines(proposal, totals)) print(line);
  return {
    started,
    postsStarted,
    postsExpected,
    complete: Boolean(view) && postsStarted === postsExpected,
    totals,
  };
}
