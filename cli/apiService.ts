import { z } from 'zod';
import type { EstablishmentBaseline } from '../schemas/establishmentBaseline.js';
import type { ProposalDraft } from '../schemas/proposal.js';
import { meView, postSummary, postView, proposalStarted, proposalView } from '../web/api/apiSchemas.js';
import type { PostView } from '../workflows/postView.js';
import type { ProposalView } from '../workflows/proposalMessages.js';
import type { ApiClient } from './apiClient.js';

export type PostSummary = z.infer<typeof postSummary>;
export type Me = z.infer<typeof meView>;
export type Decision = 'approve' | 'reject' | 'send-back';

/** What the CLI's commands ask of the service. */
export interface CliService {
  me(): Promise<Me>;
  startProposal(
    proposal: ProposalDraft,
    idempotencyKey: string,
  ): Promise<{ proposalId: string; started: boolean }>;
  proposal(proposalId: string): Promise<ProposalView>;
  posts(filter?: { proposalId?: string }): Promise<PostSummary[]>;
  post(postId: string): Promise<PostView>;
  decide(
    postId: string,
    body: { decision: Decision; reason: string },
    idempotencyKey: string,
  ): Promise<PostView>;
  /** Records the establishment baseline (POST /api/establishment-baselines) in the signed-in person's name. */
  recordEstablishmentBaseline(baseline: EstablishmentBaseline, idempotencyKey: string): Promise<unknown>;
  /** Revokes the token this CLI is signed in with. */
  revokeToken(): Promise<void>;
}

const segment = encodeURIComponent;

/**
 * The service through its HTTP API, as the person the saved token signs in. The API checks the views'
 * main fields; the rest of a view is the workflow's own (PostView, ProposalView), passed through.
 */
export function apiService(api: ApiClient): CliService {
  return {
    me: () => api.send('GET', '/api/me', meView),
    recordEstablishmentBaseline: (baseline, idempotencyKey) =>
      api.send('POST', '/api/establishment-baselines', z.unknown(), { body: baseline, idempotencyKey }),
    startProposal: (proposal, idempotencyKey) =>
      api.send('POST', '/api/proposals', proposalStarted, { body: proposal, idempotencyKey }),
    proposal: async (proposalId) =>
      (await api.send(
        'GET',
        `/api/proposals/${segment(proposalId)}`,
        proposalView,
      )) as unknown as ProposalView,
    // The list is paged (100 a page at most): read pages until one comes back short.
    posts: async (filter = {}) => {
      const all: PostSummary[] = [];
      for (let page = 1; ; page += 1) {
        const query = new URLSearchParams({
          ...(filter.proposalId ? { proposalId: filter.proposalId } : {}),
          perPage: '100',
          page: String(page),
          sort: 'proposed',
          order: 'asc',
        });
        const items = await api.send('GET', `/api/posts?${query}`, postSummary.array());
        all.push(...items);
        if (items.length < 100) return all;
      }
    },
    post: async (postId) =>
      (await api.send('GET', `/api/posts/${segment(postId)}`, postView)) as unknown as PostView,
    decide: async (postId, body, idempotencyKey) =>
      (await api.send('POST', `/api/posts/${segment(postId)}/decide`, postView, {
        body,
        idempotencyKey,
      })) as unknown as PostView,
    revokeToken: async () => {
      await api.send('DELETE', '/api/me/token', z.null());
    },
  };
}
