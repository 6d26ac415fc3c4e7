import { londonDateOf } from '../domain/workingDays.js';
import { FTE_UNITS, type ProjectedPost } from './dashboardModel.js';
import type { RecordedBaseline } from './establishmentBaselines.js';
import { type AreaNames, areaKey, byName } from './serviceAreas.js';

/**
 * The establishment and its vacancies: the current baseline (the council's own count on a date)
 * plus what the posts in the stream changed after that date. Without a baseline, the establishment
 * is the approved posts in the stream alone. The definition, in words, is in projections/README.md.
 */

/** Approved and not since rejected or withdrawn: a post the service has. */
export const establishedStages: ReadonlySet<string> = new Set([
  'consultation',
  'concerns-raised',
  'call-in-period',
  'called-in',
  'ready-to-recruit',
  'advertised',
  'awaiting-applications',
  'applicants-available',
  'no-suitable-applicants',
  'held',
  'recruiting',
  'filled',
]);

export interface VacancyFigures {
  establishmentFte: number;
  vacantFte: number;
  /** Vacant FTE / establishment FTE; null while the establishment is empty. */
  vacancyRate: number | null;
}

/** Each term of the vacancy rate, in FTE (projections/README.md names them). */
export interface VacancyParts {
  /** Eb, Vb: the baseline's establishment and vacancies (0 without a baseline). */
  baselineEstablishmentFte: number;
  baselineVacantFte: number;
  /** En, Vn: new posts (funded by an allocation) approved after the baseline's date, and those unfilled. */
  newPostsFte: number;
  newPostsVacantFte: number;
  /** Vk: backfills of posts vacated after the baseline's date, still open. */
  backfillsVacantFte: number;
  /** Fb: posts counted in the baseline (as vacant) and filled after its date. */
  filledAgainstBaselineFte: number;
  /** Xb + Xk: posts of the existing establishment rejected or withdrawn after the date (taken out of it). */
  leftEstablishmentFte: number;
  /** Xb: those of them that the baseline counted as vacant. */
  leftVacanciesFte: number;
}

export interface BaselineSummary {
  asOf: string;
  source?: string;
  recordedAt: string;
  /** The id of who recorded it; pages show their name. */
  recordedBy: string;
  byServiceArea: boolean;
  /** False when a service area is chosen and the baseline is the whole service's alone. */
  coversFilter: boolean;
  establishmentFte: number;
  vacantFte: number;
  rows: { serviceArea: string | null; grade: string | null; establishmentFte: number; vacantFte: number }[];
}

export interface Vacancies {
  total: VacancyFigures;
  /** `serviceArea` null: the baseline's figures for the whole service, not split by service area. */
  byServiceArea: ({ serviceArea: string | null } & VacancyFigures)[];
  /** `grade` null: all grades (the baseline does not split the service area by grade). */
  byServiceAreaAndGrade: ({ serviceArea: string | null; grade: string | null } & VacancyFigures)[];
  parts: VacancyParts;
  baseline: BaselineSummary | null;
}

interface Tally {
  establishment: number;
  vacant: number;
}

type PartUnits = Record<keyof VacancyParts, number>;

/** What one post adds to the establishment and vacancies, and to which term. */
interface Contribution {
  establishment: number;
  vacant: number;
  /** Part of the establishment the baseline counts: lands on the baseline's rows, not the post's own. */
  existing: boolean;
  parts: Partial<PartUnits>;
}

const fte = (units: number) => units / FTE_UNITS;
const dateOf = (instant: string) => londonDateOf(Date.parse(instant));

function contribution(post: ProjectedPost, asOf: string | undefined): Contribution | undefined {
  const units = post.fteUnits;
  const filled = post.stage === 'filled';
  if (asOf === undefined) {
    if (!establishedStages.has(post.stage)) return undefined;
    const vacant = filled ? 0 : units;
    return {
      establishment: units,
      vacant,
      existing: false,
      parts: { newPostsFte: units, newPostsVacantFte: vacant },
    };
  }
  const backfill = post.funding === 'existing-establishment';
  // A new post joins the establishment when approved; a backfill's vacancy begins when it is proposed.
  const entry = backfill ? post.proposedAt : post.approvedAt;
  if (entry === undefined) return undefined;
  const ended = post.stage === 'rejected' || post.stage === 'withdrawn';
  const endedAt = ended ? post.stages.at(-1)?.at : undefined;
  const afterBaseline = (at: string | undefined) => at !== undefined && dateOf(at) > asOf;

  if (!afterBaseline(entry)) {
    // Already in the baseline's figures, as a vacancy: only what happened to it since counts.
    if (filled && afterBaseline(post.filledAt)) {
      return { establishment: 0, vacant: -units, existing: true, parts: { filledAgainstBaselineFte: units } };
    }
    if (ended && afterBaseline(endedAt)) {
      return {
        establishment: -units,
        vacant: -units,
        existing: true,
        parts: { leftEstablishmentFte: units, leftVacanciesFte: units },
      };
    }
    return undefined;
  }
  if (backfill) {
    if (ended)
      return { establishment: -units, vacant: 0, existing: true, parts: { leftEstablishmentFte: units } };
    if (filled) return undefined;
    return { establishment: 0, vacant: units, existing: true, parts: { backfillsVacantFte: units } };
  }
  if (!establishedStages.has(post.stage)) return undefined;
  const vacant = filled ? 0 : units;
  return {
    establishment: units,
    vacant,
    existing: false,
    parts: { newPostsFte: units, newPostsVacantFte: vacant },
  };
}

function vacancy(tally: Tally): VacancyFigures {
  return {
    establishmentFte: fte(tally.establishment),
    vacantFte: fte(tally.vacant),
    vacancyRate: tally.establishment === 0 ? null : tally.vacant / tally.establishment,
  };
}

function add(tallies: Map<string, Tally>, key: string, establishment: number, vacant: number): void {
  const tally = tallies.get(key) ?? { establishment: 0, vacant: 0 };
  tally.establishment += establishment;
  tally.vacant += vacant;
  tallies.set(key, tally);
}

/** The key of the whole service's row, for a baseline not split by service area. */
const wholeService = '';

/** How finely the baseline counts each service area, so changes land on the row that holds them. */
function shapeOf(baseline: RecordedBaseline) {
  const areas = new Map<string, { allGrades: boolean }>();
  for (const row of baseline.rows) {
    if (row.serviceArea === undefined) continue;
    const key = areaKey(row.serviceArea);
    areas.set(key, { allGrades: (areas.get(key)?.allGrades ?? false) || row.grade === undefined });
  }
  return { byArea: areas.size > 0, areas };
}

/**
 * The vacancy figures of the posts given (already those of the chosen service area, if any) against
 * the current baseline. `filter` is the chosen area's key: with a baseline of the whole service only,
 * neither it nor the changes it holds can be split, so they are left out of one area's figures.
 */
export function vacancyFigures(
  posts: readonly ProjectedPost[],
  baseline: RecordedBaseline | undefined,
  filter: string | undefined,
  names: { areas: AreaNames; grades: AreaNames },
): Vacancies {
  const shape = baseline ? shapeOf(baseline) : undefined;
  const baselineIncluded = shape !== undefined && (filter === undefined || shape.byArea);
  const byArea = new Map<string, Tally>();
  const byAreaGrade = new Map<string, Tally>();
  const parts: PartUnits = {
    baselineEstablishmentFte: 0,
    baselineVacantFte: 0,
    newPostsFte: 0,
    newPostsVacantFte: 0,
    backfillsVacantFte: 0,
    filledAgainstBaselineFte: 0,
    leftEstablishmentFte: 0,
    leftVacanciesFte: 0,
  };
  const summaryRows: BaselineSummary['rows'] = [];

  if (baseline && baselineIncluded) {
    for (const row of baseline.rows) {
      const area = row.serviceArea === undefined ? wholeService : areaKey(row.serviceArea);
      if (filter !== undefined && area !== filter) continue;
      const grade = row.grade === undefined ? wholeService : areaKey(row.grade);
      if (row.grade !== undefined) names.grades.fromBaseline(row.grade);
      add(byArea, area, row.establishmentUnits, row.vacantUnits);
      add(byAreaGrade, JSON.stringify([area, grade]), row.establishmentUnits, row.vacantUnits);
      parts.baselineEstablishmentFte += row.establishmentUnits;
      parts.baselineVacantFte += row.vacantUnits;
      summaryRows.push({
        serviceArea: row.serviceArea ?? null,
        grade: row.grade ?? null,
        establishmentFte: fte(row.establishmentUnits),
        vacantFte: fte(row.vacantUnits),
      });
    }
  }

  for (const post of posts) {
    if (post.serviceArea === undefined) continue;
    const change = contribution(post, baseline?.asOf);
    if (!change) continue;
    if (change.existing && !baselineIncluded) continue;
    const grade = post.grade ?? 'unknown';
    names.grades.fromPost(grade);
    let area = areaKey(post.serviceArea);
    let gradeKey = areaKey(grade);
    if (change.existing && shape) {
      // The baseline holds this post's figures: change them on its row, not on a row of the post's own.
      if (!shape.byArea) area = wholeService;
      if (!shape.byArea || shape.areas.get(area)?.allGrades) gradeKey = wholeService;
    }
    add(byArea, area, change.establishment, change.vacant);
    add(byAreaGrade, JSON.stringify([area, gradeKey]), change.establishment, change.vacant);
    for (const [part, units] of Object.entries(change.parts) as [keyof VacancyParts, number][]) {
      parts[part] += units;
    }
  }

  const total: Tally = { establishment: 0, vacant: 0 };
  for (const tally of byArea.values()) {
    total.establishment += tally.establishment;
    total.vacant += tally.vacant;
  }
  const areaName = (key: string) => (key === wholeService ? null : names.areas.nameOf(key));
  // The whole service's row, if any, comes last: it is not one of the service areas.
  const order = (a: string | null, b: string | null) =>
    a === null ? (b === null ? 0 : 1) : b === null ? -1 : byName(a, b);

  return {
    total: vacancy(total),
    byServiceArea: [...byArea.entries()]
      .map(([key, tally]) => ({ serviceArea: areaName(key), ...vacancy(tally) }))
      .sort((a, b) => order(a.serviceArea, b.serviceArea)),
    byServiceAreaAndGrade: [...byAreaGrade.entries()]
      .map(([key, tally]) => {
        const [area, grade] = JSON.parse(key) as [string, string];
        return {
          serviceArea: areaName(area),
          grade: grade === wholeService ? null : names.grades.nameOf(grade),
          ...vacancy(tally),
        };
      })
      .sort((a, b) => order(a.serviceArea, b.serviceArea) || order(a.grade, b.grade)),
    parts: Object.fromEntries(Object.entries(parts).map(([part, units]) => [part, fte(units)])) as Record<
      keyof VacancyParts,
      number
    >,
    baseline: baseline
      ? {
          asOf: baseline.asOf,
          ...(baseline.source === undefined ? {} : { source: baseline.source }),
          recordedAt: baseline.recordedAt,
          recordedBy: baseline.recordedBy,
          byServiceArea: shape?.byArea ?? false,
          coversFilter: baselineIncluded,
          establishmentFte: parts.baselineEstablishmentFte / FTE_UNITS,
          vacantFte: parts.baselineVacantFte / FTE_UNITS,
          rows: summaryRows,
        }
      : null,
  };
}
