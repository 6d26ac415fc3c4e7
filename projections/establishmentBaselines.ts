import type { EstablishmentBaselineRecorded } from '../schemas/establishmentEvents.js';
import type { DashboardModel } from './dashboardModel.js';

/** FTE in millionths, as the rest of the model keeps it (FTE_UNITS). */
const units = (fte: number) => Math.round(fte * 1_000_000);

export interface BaselineRowUnits {
  serviceArea?: string;
  grade?: string;
  establishmentUnits: number;
  vacantUnits: number;
}

/** An EstablishmentBaselineRecorded, as the model keeps it. */
export interface RecordedBaseline {
  eventId: string;
  asOf: string;
  source?: string;
  recordedAt: string;
  recordedBy: string;
  rows: BaselineRowUnits[];
}

/** Folds a baseline into the model; one already seen (same event id) changes nothing. */
export function applyBaselineEvent(
  model: DashboardModel,
  event: EstablishmentBaselineRecorded,
): { duplicate: boolean } {
  if (model.baselines.some((baseline) => baseline.eventId === event.eventId)) {
    model.messages.duplicates += 1;
    return { duplicate: true };
  }
  model.baselines.push({
    eventId: event.eventId,
    asOf: event.data.asOf,
    ...(event.data.source === undefined ? {} : { source: event.data.source }),
    recordedAt: event.occurredAt,
    recordedBy: event.actor.id,
    rows: event.data.rows.map((row) => ({
      ...(row.serviceArea === undefined ? {} : { serviceArea: row.serviceArea }),
      ...(row.grade === undefined ? {} : { grade: row.grade }),
      establishmentUnits: units(row.establishmentFte),
      vacantUnits: units(row.vacantFte),
    })),
  });
  model.messages.applied += 1;
  return { duplicate: false };
}

const later = (a: RecordedBaseline, b: RecordedBaseline) =>
  a.asOf !== b.asOf
    ? a.asOf > b.asOf
    : a.recordedAt !== b.recordedAt
      ? a.recordedAt > b.recordedAt
      : a.eventId > b.eventId;

/**
 * The baseline in force: the one of the latest date; of two for the same date, the one recorded
 * last (a correction). Chosen by its content, not by when the consumer read it, so a rebuild agrees.
 */
export function currentBaseline(model: DashboardModel): RecordedBaseline | undefined {
  let current: RecordedBaseline | undefined;
  for (const baseline of model.baselines) if (!current || later(baseline, current)) current = baseline;
  return current;
}
