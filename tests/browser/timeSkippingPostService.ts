import type { PostStage } from '../../domain/postRules.js';
import type { Proposal } from '../../schemas/proposal.js';
import { awaitingDirectorStages, type InboxEntry } from '../../temporal/directorInbox.js';
import { PostService, type PostSummary } from '../../temporal/postService.js';

interface KnownPost extends PostSummary {
  overdue: boolean;
  startedAt: Date;
}

/**
 * PostService on Temporal's time-skipping test server. That server does not implement
 * ListWorkflowExecutions ("Method ... is unimplemented"), so the two lists the home pages show (the
 * director's inbox and everyone else's posts) cannot come from a visibility query there. This
 * answers them from the proposals the app started, asking each post for its view: the same
 * entries, filters and order as `directorInbox` and `PostService.posts`. Every other call (start,
 * queries, Updates) is the product's own. The visibility query itself is tested on the dev server
 * (tests/integration/directorInbox.test.ts).
 */
export class TimeSkippingPostService extends PostService {
  private readonly proposalIds = new Set<string>();

  override async startProposal(proposal: Proposal): Promise<{ proposalId: string; started: boolean }> {
    const started = await super.startProposal(proposal);
    this.proposalIds.add(proposal.proposalId);
    return started;
  }

  override async inbox(proposalId?: string): Promise<InboxEntry[]> {
    const waiting = (await this.knownPosts(proposalId)).filter(
      (post) => post.status === 'RUNNING' && awaitingDirectorStages.includes(post.stage as PostStage),
    );
    return waiting
      .map(({ postId, proposalId: of, stage, serviceArea, grade, overdue, startedAt }) => ({
        postId,
        proposalId: of,
        stage,
        serviceArea,
        grade,
        overdue,
        startedAt,
      }))
      .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.startedAt.getTime() - b.startedAt.getTime());
  }

  override async posts(filter: { proposalId?: string; limit?: number } = {}): Promise<PostSummary[]> {
    const found = (await this.knownPosts(filter.proposalId)).sort(
      (a, b) => b.startedAt.getTime() - a.startedAt.getTime(),
    );
    return found
      .slice(0, filter.limit ?? 500)
      .map(({ postId, proposalId, stage, serviceArea, grade, status }) => ({
        postId,
        proposalId,
        stage,
        serviceArea,
        grade,
        status,
      }));
  }

  /** The posts of the proposals started through this service; one not started yet is left out. */
  private async knownPosts(onlyProposal?: string): Promise<KnownPost[]> {
    const proposalIds = [...this.proposalIds].filter((id) => !onlyProposal || id === onlyProposal);
    const proposals = await Promise.all(proposalIds.map((id) => this.proposal(id).catch(() => undefined)));
    const postIds = proposals.flatMap((proposal) => proposal?.posts.map((post) => post.postId) ?? []);
    const posts = await Promise.all(postIds.map((postId) => this.knownPost(postId)));
    return posts.filter((post): post is KnownPost => post !== undefined);
  }

  private async knownPost(postId: string): Promise<KnownPost | undefined> {
    try {
      const [description, view] = await Promise.all([
        this.client.workflow.getHandle(postId).describe(),
        this.post(postId),
      ]);
      return {
        postId,
        proposalId: view.proposalId,
        stage: view.stage,
        serviceArea: view.details.serviceArea,
        grade: view.details.grade,
        status: description.status.name,
        overdue: view.overdue,
        startedAt: description.startTime,
      };
    } catch {
      return undefined;
    }
  }
}
