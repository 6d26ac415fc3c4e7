import type { PostStage } from '../domain/postRules.js';
import { type DashboardModel, FTE_UNITS, type MessageCounts, type ProjectedPost } from './dashboardModel.js';
import { daysBetween, percentile } from './percentile.js';

/** Every stage, in the order a post passes through them (docs/lifecycle.md). */
const stageOrder: Record<PostStage, number> = {
  'budget-check': 0,
  'budget-held': 1,
  'awaiting-approval': 2,
  'sent-back': 3,
  consultation: 4,
  'concerns-raised': 5,
  'call-in-period': 6,
  'called-in': 7,
  'ready-to-recruit': 8,
  advertised: 9,
  'awaiting-applications': 10,
  'applicants-available': 11,
  'no-suitable-applicants': 12,
  held: 13,
  recruiting: 14,
  filled: 15,
  rejected: 16,
  withdrawn: 17,
};
export const lifecycleStages = (Object.keys(stageOrder) as PostStage[]).sort(
  (a, b) => stageOrder[a] - stageOrder[b],
);

/** Approved and not since rejected, withdrawn or sent back: the post is part of the establishment. */
const establishedStages = new Set<PostStage>(
  lifecycleStages.slice(stageOrder.consultation, stageOrder.filled + 1),
);

export interface VacancyFigures {
  establishmentFte: number;
  vacantFte: number;
  /** Vacant FTE / establishment FTE; null while the establishment is empty. */
  vacancyRate: number | null;
}

export interface DurationFigures {
  posts: number;
  medianDays: number | null;
  p90Days: number | null;
}

export interface DashboardFigures {
  pipeline: { stage: PostStage; posts: number; fte: number }[];
  vacancies: {
    total: VacancyFigures;
    byServiceArea: ({ serviceArea: string } & VacancyFigures)[];
    byServiceAreaAndGrade: ({ serviceArea: string; grade: string } & VacancyFigures)[];
  };
  overdueApprovals: {
    count: number;
    /** Overdue confidential posts: in the count, never in the list. */
    confidential: number;
    posts: {
      postId: string;
      proposalId: string;
      since: string;
      workingDaysWaiting: number;
      escalated: boolean;
    }[];
  };
  timeToApprove: DurationFigures;
  timeToFill: DurationFigures;
  budget: {
    proposalId: string;
    allocationPence: number | null;
    committedPence: number;
    headroomPence: number | null;
    postsReserved: number;
  }[];
  agencyCover: {
    posts: number;
    fte: number;
    weeklyCostPence: number;
    byServiceArea: { serviceArea: string; posts: number; fte: number; weeklyCostPence: number }[];
  };
  internationalRecruits: {
    /** Those the service had before the stream began (config) and the places taken in the stream. */
    recruited: number;
    cap: number | null;
    placesLeft: number | null;
    lastCapReached: { cap: number; recruited: number; at: string } | null;
  };
  apprenticesInTraining: number;
  readverts: { readverts: number; postsReadvertised: number };
  waitingLists: {
    serviceArea: string;
    children: number;
    outOfTimescale: number;
    outOfTimescaleRate: number | null;
    vacantFte: number;
  }[];
  messages: MessageCounts;
}

interface FteTally {
  establishment: number;
  vacant: number;
}

const fte = (units: number) => units / FTE_UNITS;

function vacancy(tally: FteTally): VacancyFigures {
  return {
    establishmentFte: fte(tally.establishment),
    vacantFte: fte(tally.vacant),
    vacancyRate: tally.establishment === 0 ? null : tally.vacant / tally.establishment,
  };
}

function tallyInto(tallies: Map<string, FteTally>, key: string, post: ProjectedPost): void {
  const tally = tallies.get(key) ?? { establishment: 0, vacant: 0 };
  tally.establishment += post.fteUnits;
  if (post.stage !== 'filled') tally.vacant += post.fteUnits;
  tallies.set(key, tally);
}

/** Days to two places (about a quarter of an hour): enough for a dashboard, and stable to compare. */
function inDays(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value * 100) / 100;
}

function durations(samples: number[]): DurationFigures {
  return {
    posts: samples.length,
    medianDays: inDays(percentile(samples, 0.5)),
    p90Days: inDays(percentile(samples, 0.9)),
  };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => byName(a, b)));
}

/**
 * The figures the dashboards show (DOMAIN.md), computed from the model. Lists come sorted by name,
 * so the live consumer and a rebuild, which see partitions interleaved differently, agree exactly.
 */
export function dashboardFigures(model: DashboardModel): DashboardFigures {
  const pipeline = new Map<PostStage, { posts: number; units: number }>(
    lifecycleStages.map((stage) => [stage, { posts: 0, units: 0 }]),
  );
  const total: FteTally = { establishment: 0, vacant: 0 };
  const byArea = new Map<string, FteTally>();
  const byAreaGrade = new Map<string, FteTally>();
  const overdue: DashboardFigures['overdueApprovals']['posts'] = [];
  const toApprove: number[] = [];
  const toFill: number[] = [];
  const committed = new Map<string, { pence: number; posts: number }>();
  const cover = new Map<string, { posts: number; units: number; weeklyCostPence: number }>();
  let internationalPlaces = 0;
  let apprentices = 0;
  let readverts = 0;
  let postsReadvertised = 0;
  let overdueConfidential = 0;
  const confidentialProposals = new Set<string>();

  for (const [postId, post] of Object.entries(model.posts)) {
    const inStage = pipeline.get(post.stage);
    if (inStage) {
      inStage.posts += 1;
      inStage.units += post.fteUnits;
    }
    if (establishedStages.has(post.stage) && post.serviceArea !== undefined) {
      const grade = post.grade ?? 'unknown';
      total.establishment += post.fteUnits;
      if (post.stage !== 'filled') total.vacant += post.fteUnits;
      tallyInto(byArea, post.serviceArea, post);
      tallyInto(byAreaGrade, JSON.stringify([post.serviceArea, grade]), post);
    }
    if (post.overdue && post.stage === 'awaiting-approval') {
      // A confidential post counts as overdue but is not named: its ids say what it is.
      if (post.confidential) overdueConfidential += 1;
      else overdue.push({ postId, proposalId: post.proposalId, ...post.overdue });
    }
    if (post.proposedAt && post.approvedAt) toApprove.push(daysBetween(post.proposedAt, post.approvedAt));
    if (post.approvedAt && post.filledAt) toFill.push(daysBetween(post.approvedAt, post.filledAt));
    if (post.reservedPence > 0) {
      const entry = committed.get(post.proposalId) ?? { pence: 0, posts: 0 };
      entry.pence += post.reservedPence;
      entry.posts += 1;
      if (post.confidential) confidentialProposals.add(post.proposalId);
      committed.set(post.proposalId, entry);
    }
    if (post.agencyCover) {
      const area = post.serviceArea ?? 'unknown';
      const entry = cover.get(area) ?? { posts: 0, units: 0, weeklyCostPence: 0 };
      entry.posts += 1;
      entry.units += post.agencyCover.fteUnits;
      entry.weeklyCostPence += post.agencyCover.weeklyCostPence;
      cover.set(area, entry);
    }
    if (post.holdsInternationalPlace) internationalPlaces += 1;
    if (post.apprenticeInTraining) apprentices += 1;
    readverts += post.readverts;
    if (post.readverts > 0) postsReadvertised += 1;
  }

  const proposals = [...new Set([...Object.keys(model.allocations), ...committed.keys()])].sort(byName);
  const coverAreas = [...cover.entries()].sort(([a], [b]) => byName(a, b));
  const settingsCap = model.settings.internationalCap;
  const cap = model.internationalCapReached?.cap ?? settingsCap?.cap ?? null;
  const recruited = (settingsCap?.alreadyRecruited ?? 0) + internationalPlaces;

  return {
    pipeline: [...pipeline.entries()].map(([stage, { posts, units }]) => ({ stage, posts, fte: fte(units) })),
    vacancies: {
      total: vacancy(total),
      byServiceArea: [...byArea.entries()]
        .sort(([a], [b]) => byName(a, b))
        .map(([serviceArea, tally]) => ({ serviceArea, ...vacancy(tally) })),
      byServiceAreaAndGrade: [...byAreaGrade.entries()]
        .sort(([a], [b]) => byName(a, b))
        .map(([key, tally]) => {
          const [serviceArea, grade] = JSON.parse(key) as [string, string];
          return { serviceArea, grade, ...vacancy(tally) };
        }),
    },
    overdueApprovals: {
      count: overdue.length + overdueConfidential,
      confidential: overdueConfidential,
      posts: overdue.sort((a, b) => byName(a.since, b.since) || byName(a.postId, b.postId)),
    },
    timeToApprove: durations(toApprove),
    timeToFill: durations(toFill),
    budget: proposals.map((proposalId) => {
      const allocationPence = Object.hasOwn(model.allocations, proposalId)
        ? (model.allocations[proposalId] ?? null)
        : null;
      const { pence, posts } = committed.get(proposalId) ?? { pence: 0, posts: 0 };
      return {
        proposalId: confidentialProposals.has(proposalId) ? 'A confidential proposal' : proposalId,
        allocationPence,
        committedPence: pence,
        headroomPence: allocationPence === null ? null : allocationPence - pence,
        postsReserved: posts,
      };
    }),
    agencyCover: {
      posts: coverAreas.reduce((sum, [, entry]) => sum + entry.posts, 0),
      fte: fte(coverAreas.reduce((sum, [, entry]) => sum + entry.units, 0)),
      weeklyCostPence: coverAreas.reduce((sum, [, entry]) => sum + entry.weeklyCostPence, 0),
      byServiceArea: coverAreas.map(([serviceArea, entry]) => ({
        serviceArea,
        posts: entry.posts,
        fte: fte(entry.units),
        weeklyCostPence: entry.weeklyCostPence,
      })),
    },
    internationalRecruits: {
      recruited,
      cap,
      placesLeft: cap === null ? null : Math.max(0, cap - recruited),
      lastCapReached: model.internationalCapReached ?? null,
    },
    apprenticesInTraining: apprentices,
    readverts: { readverts, postsReadvertised },
    waitingLists: [...model.waitingLists]
      .sort((a, b) => byName(a.serviceArea, b.serviceArea))
      .map((list) => ({
        ...list,
        outOfTimescaleRate: list.children === 0 ? null : list.outOfTimescale / list.children,
        vacantFte: fte(byArea.get(list.serviceArea)?.vacant ?? 0),
      })),
    messages: {
      ...model.messages,
      unknownType: sortedCounts(model.messages.unknownType),
      newerVersion: sortedCounts(model.messages.newerVersion),
    },
  };
}
