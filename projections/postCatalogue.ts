import type { PostStage } from '../domain/postRules.js';
import type { Actor } from '../schemas/common.js';
import type { PostEvent } from '../schemas/postEvents.js';
import { isPostEvent } from '../schemas/topicEvents.js';
import { ownEntry } from './dashboardModel.js';
import { type MessageOutcome, readPostEventMessage } from './postEventMessage.js';
import type { Projection } from './projection.js';
import { type Funding, stageAfterEvent } from './stageAfterEvent.js';

/** One entry of a post's story: an event as people read it, with who, when, on what authority and why. */
export interface CatalogueStep {
  at: string;
  type: PostEvent['type'];
  actor: Actor;
  authority?: string;
  reason?: string;
}

/**
 * Everything the council must be able to show about a post for years, from its events alone: what
 * it is, who proposed and decides it, where it stands and since when, and every step of its story.
 * Closed posts are shown from here (Temporal deletes a closed workflow's history after retention).
 */
export interface CataloguedPost {
  postId: string;
  proposalId: string;
  proposalTitle?: string;
  approvalPolicyVersion?: string;
  serviceArea: string;
  jobTitle: string;
  grade: string;
  /** This post's annual cost at its FTE, in pence. */
  annualCostPence: number;
  fte: number;
  funding: Funding;
  proposedBy: Actor;
  decisionMaker?: string;
  deputy?: string;
  confidential: boolean;
  stage: PostStage;
  /** When the post entered its current stage: "days waiting" counts from here. */
  stageSince: string;
  proposedAt: string;
  closedAt?: string;
  overdue: boolean;
  route?: string;
  reservedPence: number;
  consultation: Partial<Record<string, { outcome: string; summary: string }>>;
  adverts: { count: number; channels?: string[]; ringFence?: string; opensOn?: string; closesOn?: string };
  filled?: { personRef: string; startsOn: string };
  agencyCover?: { agencyRef: string; startsOn: string; weeklyCostPence: number; fte: number };
  backfillPostId?: string;
  steps: CatalogueStep[];
  eventIds: string[];
}

export interface PostCatalogue {
  modelVersion: number;
  posts: Record<string, CataloguedPost>;
  /** Events that came before their post's PostProposed (a topic that lost its start), by post. */
  orphans: number;
}

export const postCatalogueVersion = 1;

export function emptyCatalogue(): PostCatalogue {
  return { modelVersion: postCatalogueVersion, posts: {}, orphans: 0 };
}

const closingStages: readonly PostStage[] = ['filled', 'rejected', 'withdrawn'];

/** The authority and reason an event carries, where it carries them. */
function stepOf(event: PostEvent): CatalogueStep {
  const data = event.data as { authority?: unknown; reason?: unknown; summary?: unknown };
  const authority = typeof data.authority === 'string' ? data.authority : undefined;
  const reason =
    typeof data.reason === 'string'
      ? data.reason
      : typeof data.summary === 'string'
        ? data.summary
        : undefined;
  return {
    at: event.occurredAt,
    type: event.type,
    actor: event.actor,
    ...(authority ? { authority } : {}),
    ...(reason ? { reason } : {}),
  };
}

function proposed(event: PostEvent & { type: 'PostProposed' }): CataloguedPost {
  const data = event.data as typeof event.data & {
    decisionMaker?: string;
    deputy?: string;
    proposalTitle?: string;
    approvalPolicyVersion?: string;
  };
  return {
    postId: event.postId,
    proposalId: event.proposalId,
    ...(data.proposalTitle ? { proposalTitle: data.proposalTitle } : {}),
    ...(data.approvalPolicyVersion ? { approvalPolicyVersion: data.approvalPolicyVersion } : {}),
    serviceArea: data.serviceArea,
    jobTitle: data.jobTitle,
    grade: data.grade,
    annualCostPence: data.annualCostPence,
    fte: data.fte,
    funding: data.funding,
    proposedBy: event.actor,
    ...(data.decisionMaker ? { decisionMaker: data.decisionMaker } : {}),
    ...(data.deputy ? { deputy: data.deputy } : {}),
    confidential: data.confidential === true,
    stage: 'budget-check',
    stageSince: event.occurredAt,
    proposedAt: event.occurredAt,
    overdue: false,
    reservedPence: 0,
    consultation: {},
    adverts: { count: 0 },
    steps: [],
    eventIds: [],
  };
}

/** What each event changes beyond the stage and the story. */
function applyDetails(post: CataloguedPost, event: PostEvent): void {
  switch (event.type) {
    case 'PostRevised':
      post.jobTitle = event.data.jobTitle;
      post.grade = event.data.grade;
      post.annualCostPence = event.data.annualCostPence;
      return;
    case 'BudgetReserved':
      post.reservedPence = event.data.amountPence;
      return;
    case 'BudgetShortfall':
    case 'BudgetReleased':
      post.reservedPence = 0;
      return;
    case 'ApprovalReminderSent':
      post.overdue = true;
      return;
    case 'ConsultationResponseRecorded':
      post.consultation[event.data.party] = { outcome: event.data.outcome, summary: event.data.summary };
      return;
    case 'PostSentBack':
      post.consultation = {};
      return;
    case 'AdvertPublished':
      post.adverts = {
        count: event.data.advertNumber,
        channels: event.data.channels,
        ringFence: event.data.ringFence,
        opensOn: event.data.opensOn,
        closesOn: event.data.closesOn,
      };
      return;
    case 'RecruitmentRouteStarted':
      post.route = event.data.route;
      return;
    case 'PostFilled':
      post.filled = { personRef: event.data.personRef, startsOn: event.data.startsOn };
      return;
    case 'AgencyCoverStarted':
      post.agencyCover = { ...event.data };
      return;
    case 'AgencyCoverEnded':
      delete post.agencyCover;
      return;
    case 'BackfillPostStarted':
      post.backfillPostId = event.data.backfillPostId;
      return;
    default:
      return;
  }
}

/** Folds one event into the catalogue. Pure but for the model it is given; no clock, no I/O. */
export function catalogueEvent(catalogue: PostCatalogue, event: PostEvent): void {
  const existing = ownEntry(catalogue.posts, event.postId);
  if (!existing && event.type !== 'PostProposed') {
    catalogue.orphans += 1;
    return;
  }
  const post = existing ?? proposed(event as PostEvent & { type: 'PostProposed' });
  if (!existing)
    Object.defineProperty(catalogue.posts, event.postId, {
      value: post,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  post.eventIds.push(event.eventId);
  post.steps.push(stepOf(event));
  applyDetails(post, event);
  const before = post.stage;
  post.stage = stageAfterEvent(before, post.funding, event);
  if (post.stage !== before) {
    post.stageSince = event.occurredAt;
    if (before === 'awaiting-approval') post.overdue = false;
    if (closingStages.includes(post.stage)) post.closedAt = event.occurredAt;
  }
}

/** Reads a message and folds it: applied, or counted as a duplicate, or skipped (not a post event). */
export function applyCatalogueMessage(
  catalogue: PostCatalogue,
  value: Buffer | string | null | undefined,
): { outcome: MessageOutcome } {
  const message = readPostEventMessage(value);
  if (message.kind !== 'event') return { outcome: message };
  const { event } = message;
  // The establishment's baselines share the topic: they are no post's story.
  if (!isPostEvent(event))
    return { outcome: { kind: 'applied', event, unknownFields: message.unknownFields } };
  if (ownEntry(catalogue.posts, event.postId)?.eventIds.includes(event.eventId)) {
    return { outcome: { kind: 'duplicate', eventId: event.eventId, postId: event.postId } };
  }
  catalogueEvent(catalogue, event);
  return { outcome: { kind: 'applied', event, unknownFields: message.unknownFields } };
}

export const postCatalogueProjection: Projection<PostCatalogue> = {
  name: 'post catalogue',
  modelVersion: postCatalogueVersion,
  empty: emptyCatalogue,
  applyMessage: applyCatalogueMessage,
};
