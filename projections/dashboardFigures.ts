import type { PostStage } from '../domain/postRules.js';
import { type DashboardModel, FTE_UNITS, type MessageCounts, type ProjectedPost } from './dashboardModel.js';
import { currentBaseline } from './establishmentBaselines.js';
import { daysBetween, percentile } from './percentile.js';
import { AreaNames, areaKey, byName } from './serviceAreas.js';
import { stagesOverTime, type WeekOfStages } from './stagesOverTime.js';
import { inDays, type StageTime, timeInStage } from './timeInStage.js';
import { type Vacancies, vacancyFigures } from './vacancyFigures.js';

export type { VacancyFigures, VacancyParts } from './vacancyFigures.js';

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

/** Which figures to show: every service area's, or one's. */
export interface DashboardFilter {
  serviceArea?: string | undefined;
}

export interface DurationFigures {
  posts: number;
  medianDays: number | null;
  p90Days: number | null;
}

export interface DashboardFigures {
  /** The service area the figures are of (null: all), and every service area there is to choose. */
  filter: { serviceArea: string | null; serviceAreas: string[] };
  pipeline: { stage: PostStage; posts: number; fte: number }[];
  vacancies: Vacancies;
  overdueApprovals: {
    count: number;
    /** Overdue confidential posts: in the count, never in the list. */
    confidential: number;
    posts: {
      postId: string;
      proposalId: string;
      proposalTitle?: string;
      jobTitle?: string;
      serviceArea?: string;
      grade?: string;
      since: string;
      workingDaysWaiting: number;
      escalated: boolean;
      /** The id of the director (or, escalated, the deputy) it waits on; pages show their name. */
      waitingOn?: string;
    }[];
  };
  timeToApprove: DurationFigures;
  timeToFill: DurationFigures;
  /** Every stage a post can leave, held and called-in among them, with the clock stopped meanwhile. */
  timeInStage: StageTime[];
  stagesOverTime: WeekOfStages[];
  budget: {
    proposalId: string;
    /** The proposal's title, where its posts' events carry it (never for a confidential proposal). */
    proposalTitle?: string;
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
    /** With a service area chosen: the places its posts hold (the cap is the whole service's). */
    inServiceArea?: number;
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

const fte = (units: number) => units / FTE_UNITS;

function durations(samples: number[]): DurationFigures {
  return {
    posts: samples.length,
    medianDays: inDays(percentile(samples, 0.5)),
    p90Days: inDays(percentile(samples, 0.9)),
  };
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => byName(a, b)));
}

/** Every service area named by a post, the current baseline or a waiting list. */
function areaNamesOf(model: DashboardModel, baseline = currentBaseline(model)): AreaNames {
  const names = new AreaNames();
  for (const row of baseline?.rows ?? [])
    if (row.serviceArea !== undefined) names.fromBaseline(row.serviceArea);
  for (const post of Object.values(model.posts))
    if (post.serviceArea !== undefined) names.fromPost(post.serviceArea);
  for (const list of model.waitingLists) names.fromPost(list.serviceArea);
  return names;
}

/**
 * The figures the dashboards show (DOMAIN.md), computed from the model, of every service area or of
 * one. Lists come sorted by name, so the live consumer and a rebuild, which see partitions
 * interleaved differently, agree exactly.
 */
export function dashboardFigures(model: DashboardModel, filter: DashboardFilter = {}): DashboardFigures {
  const baseline = currentBaseline(model);
  const areas = areaNamesOf(model, baseline);
  const chosen = filter.serviceArea?.trim() ? areaKey(filter.serviceArea) : undefined;
  const inFilter = (area: string | undefined) =>
    chosen === undefined || (area !== undefined && areaKey(area) === chosen);
  const posts: [string, ProjectedPost][] = Object.entries(model.posts).filter(([, post]) =>
    inFilter(post.serviceArea),
  );

  const pipeline = new Map<PostStage, { posts: number; units: number }>(
    lifecycleStages.map((stage) => [stage, { posts: 0, units: 0 }]),
  );
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

  for (const [postId, post] of posts) {
    const inStage = pipeline.get(post.stage);
    if (inStage) {
      inStage.posts += 1;
      inStage.units += post.fteUnits;
    }
    if (post.overdue && post.stage === 'awaiting-approval') {
      // A confidential post counts as overdue but is not named: its ids say what it is.
      if (post.confidential) overdueConfidential += 1;
      else {
        const title = model.proposalTitles[post.proposalId];
        overdue.push({
          postId,
          proposalId: post.proposalId,
          ...(title === undefined ? {} : { proposalTitle: title }),
          ...(post.jobTitle === undefined ? {} : { jobTitle: post.jobTitle }),
          ...(post.serviceArea === undefined ? {} : { serviceArea: post.serviceArea }),
          ...(post.grade === undefined ? {} : { grade: post.grade }),
          ...post.overdue,
        });
      }
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

  const postsOnly = posts.map(([, post]) => post);
  const vacancies = vacancyFigures(postsOnly, baseline, chosen, { areas, grades: new AreaNames() });
  const vacantByArea = new Map(
    vacancies.byServiceArea.flatMap((row) =>
      row.serviceArea === null ? [] : [[areaKey(row.serviceArea), row]],
    ),
  );
  // With a service area chosen, only proposals with posts in it are shown (their allocation whole).
  const allocated = chosen === undefined ? Object.keys(model.allocations) : [];
  const proposals = [...new Set([...allocated, ...committed.keys()])].sort(byName);
  const coverAreas = [...cover.entries()].sort(([a], [b]) => byName(a, b));
  const settingsCap = model.settings.internationalCap;
  const cap = model.internationalCapReached?.cap ?? settingsCap?.cap ?? null;
  const allPlaces = Object.values(model.posts).filter((post) => post.holdsInternationalPlace).length;
  const recruited = (settingsCap?.alreadyRecruited ?? 0) + allPlaces;

  return {
    filter: {
      // An area nothing names yet is shown as it was asked for: its figures are all none.
      serviceArea:
        chosen === undefined
          ? null
          : areas.known(chosen)
            ? areas.nameOf(chosen)
            : (filter.serviceArea?.trim() ?? null),
      serviceAreas: areas.all(),
    },
    pipeline: [...pipeline.entries()].map(([stage, { posts, units }]) => ({ stage, posts, fte: fte(units) })),
    vacancies,
    overdueApprovals: {
      count: overdue.length + overdueConfidential,
      confidential: overdueConfidential,
      posts: overdue.sort((a, b) => byName(a.since, b.since) || byName(a.postId, b.postId)),
    },
    timeToApprove: durations(toApprove),
    timeToFill: durations(toFill),
    timeInStage: timeInStage(postsOnly, lifecycleStages),
    stagesOverTime: stagesOverTime(postsOnly),
    budget: proposals.map((proposalId) => {
      const allocationPence = Object.hasOwn(model.allocations, proposalId)
        ? (model.allocations[proposalId] ?? null)
        : null;
      const { pence, posts } = committed.get(proposalId) ?? { pence: 0, posts: 0 };
      const confidential = confidentialProposals.has(proposalId);
      const title = confidential ? undefined : model.proposalTitles[proposalId];
      return {
        proposalId: confidential ? 'A confidential proposal' : proposalId,
        ...(title === undefined ? {} : { proposalTitle: title }),
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
      ...(chosen === undefined ? {} : { inServiceArea: internationalPlaces }),
    },
    apprenticesInTraining: apprentices,
    readverts: { readverts, postsReadvertised },
    waitingLists: model.waitingLists
      .filter((list) => inFilter(list.serviceArea))
      .sort((a, b) => byName(a.serviceArea, b.serviceArea))
      .map((list) => ({
        ...list,
        outOfTimescaleRate: list.children === 0 ? null : list.outOfTimescale / list.children,
        vacantFte: vacantByArea.get(areaKey(list.serviceArea))?.vacantFte ?? 0,
      })),
    messages: {
      ...model.messages,
      unknownType: sortedCounts(model.messages.unknownType),
      newerVersion: sortedCounts(model.messages.newerVersion),
    },
  };
}
