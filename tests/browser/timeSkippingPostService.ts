import type { PostView } from '../../contract/postView.js';
import type { PostStage } from '../../domain/postRules.js';
import type { Role } from '../../schemas/common.js';
import type { Proposal } from '../../schemas/proposal.js';
import { awaitingDirectorStages, type InboxEntry } from '../../temporal/directorInbox.js';
import { PostService, type PostSummary } from '../../temporal/postService.js';
import { hrStages, type WorkItem, type WorkSection } from '../../temporal/workLists.js';

interface KnownPost extends Omit<PostSummary, 'jobTitle' | 'stage'> {
  stage: PostStage;
  overdue: boolean;
  startedAt: Date;
  view: PostView;
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
      .map(({ postId, proposalId, stage, serviceArea, grade, status, view }) => ({
        postId,
        proposalId,
        stage,
        serviceArea,
        grade,
        jobTitle: view.details.jobTitle,
        status,
      }));
  }

  /**
   * The work list from each known post's own view, by the same rules as the visibility queries in
   * temporal/workLists.ts (which are tested on the dev server): decisions for whoever may decide,
   * consultation responses for each party yet to answer, posts waiting on HR.
   */
  override async workList(person: { id: string; roles: readonly Role[] }): Promise<WorkSection[]> {
    const known = (await this.knownPosts()).filter((post) => post.status === 'RUNNING');
    const item = (post: KnownPost, why: string): WorkItem => ({
      postId: post.postId,
      proposalId: post.proposalId,
      jobTitle: post.view.details.jobTitle,
      stage: post.stage,
      serviceArea: post.serviceArea,
      grade: post.grade,
      decisionMaker: post.view.decisionMaker,
      proposedBy: post.view.proposedBy.id,
      overdue: post.overdue,
      startedAt: post.startedAt,
      why,
    });
    const sections: WorkSection[] = [];
    const has = (role: Role) => person.roles.includes(role);
    if (has('director') || has('deputy')) {
      const mayDecide = (view: PostView) =>
        view.decisionMaker === person.id ||
        (view.escalated && view.deputy === person.id) ||
        view.delegations.some((d) => d.delegateId === person.id);
      const items = known
        .filter((post) => awaitingDirectorStages.includes(post.stage) && mayDecide(post.view))
        .map((post) => item(post, 'yours to decide'));
      sections.push({ key: 'decide', title: 'Decisions waiting for you', waiting: true, items });
    }
    const party = {
      union: 'union',
      'executive-member': 'executive-member',
      'equality-lead': 'equality',
    } as const;
    for (const role of person.roles) {
      const of = party[role as keyof typeof party];
      if (!of) continue;
      const items = known
        .filter(
          (post) => ['consultation', 'concerns-raised'].includes(post.stage) && !post.view.consultation[of],
        )
        .map((post) => item(post, 'your consultation response'));
      sections.push({
        key: 'respond',
        title: 'Consultation responses waiting for you',
        waiting: true,
        items,
      });
    }
    if (has('hr')) {
      const items = known
        .filter((post) => hrStages.includes(post.stage))
        .map((post) => item(post, 'waiting on HR'));
      sections.push({ key: 'hr', title: 'Posts waiting on HR', waiting: true, items });
    }
    return sections;
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
        view,
      };
    } catch {
      return undefined;
    }
  }
}
