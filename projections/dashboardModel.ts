import type { PostStage } from '../domain/postRules.js';
import type { RecruitmentRoute } from '../schemas/postCommands.js';
import type { PostEvent } from '../schemas/postEvents.js';
import type { RecordedBaseline } from './establishmentBaselines.js';
import { type Funding, stageAfterEvent } from './stageAfterEvent.js';

/**
 * The dashboards' model, folded from the post events alone: no I/O, no clock (every duration comes
 * from the events' `occurredAt`), so a rebuild from offset 0 gives the very same model as the live
 * consumer. It is a plain JSON value: the consumer stores it as its snapshot.
 *
 * `applyEvent` updates the model it is given and returns it. A rebuild folds every event ever
 * published into one model, and copying a map of thousands of posts per event would make that
 * quadratic; callers that want the model before an event keep a `structuredClone` of it.
 *
 * Only what a figure needs is kept per post; the aggregates are computed when the figures are read
 * (dashboardFigures.ts).
 */
export const dashboardModelVersion = 2;

/** FTE is kept in millionths, as in domain/proposalPosts.ts, so that sums of 0.5 and 0.1 are exact. */
export const FTE_UNITS = 1_000_000;

export interface DashboardSettings {
  /** The cap on international recruits and how many the service had before the stream began (config). */
  internationalCap?: { cap: number; alreadyRecruited: number };
}

/** A post entered a stage at an instant (the event's occurredAt). */
export interface StageChange {
  stage: PostStage;
  at: string;
}

export interface ProjectedPost {
  proposalId: string;
  stage: PostStage;
  /**
   * Every stage the post entered, in its own order (one post's events stay on one partition): time in
   * stage and posts by stage over time are read from it, however the partitions interleave.
   */
  stages: StageChange[];
  /** Unknown only if the post's PostProposed was never seen (a topic that lost its start). */
  serviceArea?: string;
  jobTitle?: string;
  grade?: string;
  fteUnits: number;
  funding: Funding;
  proposedAt?: string;
  approvedAt?: string;
  filledAt?: string;
  /** The post's reservation against its proposal's allocation, in pence. */
  reservedPence: number;
  /** Set by ApprovalReminderSent, cleared when the post leaves `awaiting-approval`. */
  overdue?: { since: string; workingDaysWaiting: number; escalated: boolean; waitingOn: string };
  agencyCover?: { fteUnits: number; weeklyCostPence: number };
  route?: RecruitmentRoute;
  /** An international route holds a place under the cap from its start until it ends unfilled. */
  holdsInternationalPlace?: true;
  apprenticeInTraining?: true;
  readverts: number;
  /** A confidential post: counted in every figure, never listed by id. */
  confidential?: true;
  /** The ids of the events already applied: a redelivered or republished event changes nothing. */
  eventIds: string[];
}

export interface WaitingList {
  serviceArea: string;
  children: number;
  outOfTimescale: number;
}

export interface MessageCounts {
  applied: number;
  duplicates: number;
  /** Events of a type this consumer does not know, by type. */
  unknownType: Record<string, number>;
  /** Events of a newer version than this consumer knows, by `Type v<version>`. */
  newerVersion: Record<string, number>;
  /** Not JSON, or invalid against the event's schema: sent to the dead-letter topic. */
  malformed: number;
  /** Applied, but carrying fields this consumer does not know (a newer producer's optional fields). */
  withUnknownFields: number;
}

export interface DashboardModel {
  modelVersion: typeof dashboardModelVersion;
  settings: DashboardSettings;
  posts: Record<string, ProjectedPost>;
  /** The allocation each proposal's posts reserve against, in pence, as the budget events state it. */
  allocations: Record<string, number>;
  /** Each proposal's title, from its posts' PostProposed (absent from posts proposed before it was sent). */
  proposalTitles: Record<string, string>;
  /** Every establishment baseline recorded; the figures use the current one (establishmentBaselines.ts). */
  baselines: RecordedBaseline[];
  /** The latest InternationalCapReached: the cap and the recruits it counted. */
  internationalCapReached?: { cap: number; recruited: number; at: string };
  /** No event carries these yet: recorded by hand through `recordWaitingList`. */
  waitingLists: WaitingList[];
  messages: MessageCounts;
  /** Ids of skipped messages (unknown type, newer version), so a redelivered one is counted once. */
  skippedEventIds: string[];
}

export function emptyDashboard(settings: DashboardSettings = {}): DashboardModel {
  return {
    modelVersion: dashboardModelVersion,
    settings,
    posts: {},
    allocations: {},
    proposalTitles: {},
    baselines: [],
    waitingLists: [],
    messages: {
      applied: 0,
      duplicates: 0,
      unknownType: {},
      newerVersion: {},
      malformed: 0,
      withUnknownFields: 0,
    },
    skippedEventIds: [],
  };
}

/** A record's own entry: post ids such as `constructor` must not find Object.prototype's. */
export function ownEntry<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function newPost(event: PostEvent): ProjectedPost {
  return {
    proposalId: event.proposalId,
    stage: 'budget-check',
    stages: [],
    fteUnits: 0,
    funding: 'allocation',
    reservedPence: 0,
    readverts: 0,
    eventIds: [],
  };
}

/** Folds one event into the model (see the note at the top on updating in place). */
export function applyEvent(model: DashboardModel, event: PostEvent): DashboardModel {
  const known = ownEntry(model.posts, event.postId);
  if (known?.eventIds.includes(event.eventId)) {
    model.messages.duplicates += 1;
    return model;
  }
  const post = known ?? newPost(event);
  model.posts[event.postId] = post;
  post.eventIds.push(event.eventId);
  model.messages.applied += 1;

  applyFigures(model, post, event);

  const before = post.stage;
  post.stage = stageAfterEvent(before, post.funding, event);
  if (post.stage !== before || post.stages.length === 0)
    post.stages.push({ stage: post.stage, at: event.occurredAt });
  // Overdue lasts until the director decides, whichever way: the post leaves awaiting-approval.
  if (before === 'awaiting-approval' && post.stage !== 'awaiting-approval') delete post.overdue;
  return model;
}

function applyFigures(model: DashboardModel, post: ProjectedPost, event: PostEvent): void {
  switch (event.type) {
    case 'PostProposed':
      post.serviceArea = event.data.serviceArea;
      post.jobTitle = event.data.jobTitle;
      post.grade = event.data.grade;
      if (event.data.proposalTitle) model.proposalTitles[event.proposalId] = event.data.proposalTitle;
      post.fteUnits = Math.round(event.data.fte * FTE_UNITS);
      post.funding = event.data.funding;
      post.proposedAt = event.occurredAt;
      if (event.data.confidential) post.confidential = true;
      return;
    case 'PostRevised':
      post.jobTitle = event.data.jobTitle;
      post.grade = event.data.grade;
      return;
    case 'BudgetReserved':
      post.reservedPence = event.data.amountPence;
      model.allocations[event.proposalId] = event.data.allocationPence;
      return;
    case 'BudgetShortfall':
      post.reservedPence = 0;
      model.allocations[event.proposalId] = event.data.allocationPence;
      return;
    case 'BudgetReleased':
      post.reservedPence = 0;
      return;
    case 'ApprovalReminderSent':
      post.overdue = {
        since: post.overdue?.since ?? event.occurredAt,
        workingDaysWaiting: event.data.workingDaysWaiting,
        escalated: post.overdue?.escalated ?? false,
        waitingOn: post.overdue?.escalated ? post.overdue.waitingOn : event.data.to,
      };
      return;
    case 'ApprovalEscalated':
      post.overdue = {
        since: post.overdue?.since ?? event.occurredAt,
        workingDaysWaiting: event.data.workingDaysWaiting,
        escalated: true,
        waitingOn: event.data.to,
      };
      return;
    case 'PostApproved':
      post.approvedAt ??= event.occurredAt;
      return;
    case 'AdvertPublished':
      if (event.data.advertNumber > 1) post.readverts += 1;
      return;
    case 'RecruitmentRouteStarted':
      post.route = event.data.route;
      if (event.data.route === 'international') post.holdsInternationalPlace = true;
      return;
    case 'InternationalCapReached':
      model.internationalCapReached = {
        cap: event.data.cap,
        recruited: event.data.recruited,
        at: event.occurredAt,
      };
      return;
    case 'RouteEndedUnfilled':
    case 'PostRejected':
    case 'PostWithdrawn':
      // The workflow gives the place under the cap back; no event says so.
      delete post.holdsInternationalPlace;
      return;
    case 'ApprenticeEnrolled':
      post.apprenticeInTraining = true;
      return;
    case 'ApprenticeQualified':
      delete post.apprenticeInTraining;
      return;
    case 'AgencyCoverStarted':
      post.agencyCover = {
        fteUnits: Math.round(event.data.fte * FTE_UNITS),
        weeklyCostPence: event.data.weeklyCostPence,
      };
      return;
    case 'AgencyCoverEnded':
      delete post.agencyCover;
      return;
    case 'PostFilled':
      post.filledAt ??= event.occurredAt;
      post.route = event.data.route;
      return;
    default:
      return;
  }
}

/** Why a message was skipped rather than applied; see postEventMessage.ts. */
export type SkipReason =
  | { kind: 'unknown-type'; type: string }
  | { kind: 'newer-version'; type: string; version: number }
  | { kind: 'malformed' };

/** Counts a message that is not applied; one that carries an event id is counted once. */
export function recordSkipped(
  model: DashboardModel,
  skipped: SkipReason,
  eventId?: string,
): { duplicate: boolean } {
  if (eventId !== undefined) {
    if (model.skippedEventIds.includes(eventId)) {
      model.messages.duplicates += 1;
      return { duplicate: true };
    }
    model.skippedEventIds.push(eventId);
  }
  const counts = model.messages;
  if (skipped.kind === 'unknown-type') {
    counts.unknownType[skipped.type] = (ownEntry(counts.unknownType, skipped.type) ?? 0) + 1;
  } else if (skipped.kind === 'newer-version') {
    const key = `${skipped.type} v${skipped.version}`;
    counts.newerVersion[key] = (ownEntry(counts.newerVersion, key) ?? 0) + 1;
  } else {
    counts.malformed += 1;
  }
  return { duplicate: false };
}

/**
 * A service's waiting list (the OT list: 246 children, 180 out of timescale). No event carries it
 * yet, so it is recorded by hand; a `WaitingListRecorded` event would let a rebuild reproduce it.
 */
export function recordWaitingList(
  model: DashboardModel,
  serviceArea: string,
  figures: { children: number; outOfTimescale: number },
): DashboardModel {
  if (!Number.isInteger(figures.children) || figures.children < 0) {
    throw new RangeError('children must be a whole number, 0 or more');
  }
  if (!Number.isInteger(figures.outOfTimescale) || figures.outOfTimescale < 0) {
    throw new RangeError('outOfTimescale must be a whole number, 0 or more');
  }
  if (figures.outOfTimescale > figures.children) {
    throw new RangeError('outOfTimescale cannot exceed the children on the list');
  }
  const entry: WaitingList = { serviceArea, ...figures };
  const at = model.waitingLists.findIndex((list) => list.serviceArea === serviceArea);
  if (at === -1) model.waitingLists.push(entry);
  else model.waitingLists[at] = entry;
  return model;
}
