import { z } from 'zod';
import type { Actor } from './common.js';
import { type BaselineRow, baselineRow, type EstablishmentBaselineRecorded } from './establishmentEvents.js';

const sameName = (a: string | undefined, b: string | undefined) =>
  (a ?? '').toLocaleLowerCase('en-GB') === (b ?? '').toLocaleLowerCase('en-GB');

/** A row as far as it can be read: the rules across rows run even while some row has other faults. */
function readable(row: unknown): Partial<BaselineRow> {
  const value = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
  const text = (field: string) =>
    typeof value[field] === 'string' ? (value[field] as string).trim() || undefined : undefined;
  const number = (field: string) => (typeof value[field] === 'number' ? (value[field] as number) : undefined);
  const serviceArea = text('serviceArea');
  const grade = text('grade');
  const establishmentFte = number('establishmentFte');
  const vacantFte = number('vacantFte');
  return {
    ...(serviceArea === undefined ? {} : { serviceArea }),
    ...(grade === undefined ? {} : { grade }),
    ...(establishmentFte === undefined ? {} : { establishmentFte }),
    ...(vacantFte === undefined ? {} : { vacantFte }),
  };
}

/**
 * Rules across rows, so that no FTE is counted twice: either every row names a service area or none
 * does (one total for the whole service), and within a service area either one row covers all grades
 * or each row names a grade of its own.
 */
function checkRows(raw: readonly unknown[], context: z.RefinementCtx): void {
  const rows = raw.map(readable);
  const byArea = rows.filter((row) => row.serviceArea !== undefined).length;
  rows.forEach((row, index) => {
    if (
      row.vacantFte !== undefined &&
      row.establishmentFte !== undefined &&
      row.vacantFte > row.establishmentFte
    ) {
      context.addIssue({
        code: 'custom',
        path: ['rows', index, 'vacantFte'],
        message: `Vacant FTE (${row.vacantFte}) cannot be more than the establishment FTE (${row.establishmentFte})`,
      });
    }
    if (byArea > 0 && row.serviceArea === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['rows', index, 'serviceArea'],
        message: 'Enter the service area: other rows are by service area, so a row without one counts twice',
      });
    }
    const earlier = rows.findIndex(
      (other, at) =>
        at < index &&
        sameName(other.serviceArea, row.serviceArea) &&
        (sameName(other.grade, row.grade) || other.grade === undefined || row.grade === undefined),
    );
    if (earlier !== -1) {
      const what = row.serviceArea ?? 'the whole service';
      context.addIssue({
        code: 'custom',
        path: ['rows', index, row.grade === undefined ? 'serviceArea' : 'grade'],
        message: `This row overlaps row ${earlier + 1} (${what}${row.grade ? `, ${row.grade}` : ''}): give each service area one row for all grades, or one row per grade`,
      });
    }
  });
}

/** A baseline as HR, finance or a director loads it (CLI file or API body), before it is an event. */
export const establishmentBaseline = z
  .object({
    asOf: z.iso.date({ error: 'Give the date the figures describe, like 2022-06-30' }),
    source: z.string().trim().min(1).max(500).optional(),
    rows: z.array(baselineRow).min(1, 'Give at least one row of establishment figures').max(5_000),
  })
  .strict()
  .superRefine((baseline, context) => checkRows(baseline.rows, context), {
    // Also when a field is missing or wrong, so that a file's every problem is named at once.
    when: (payload) => Array.isArray((payload.value as { rows?: unknown } | undefined)?.rows),
  });
export type EstablishmentBaseline = z.infer<typeof establishmentBaseline>;

/** A checked baseline as the event that records it. */
export function baselineRecordedEvent(
  baseline: EstablishmentBaseline,
  actor: Actor,
  ids: { eventId: string; occurredAt: string },
): EstablishmentBaselineRecorded {
  return {
    eventId: ids.eventId,
    type: 'EstablishmentBaselineRecorded',
    version: 1,
    occurredAt: ids.occurredAt,
    actor,
    data: {
      asOf: baseline.asOf,
      ...(baseline.source === undefined ? {} : { source: baseline.source }),
      rows: baseline.rows,
    },
  };
}

/** Totals of a baseline, for what the CLI and the API say back. */
export function baselineTotals(baseline: Pick<EstablishmentBaseline, 'rows'>) {
  const units = (fte: number) => Math.round(fte * 1_000_000);
  const establishment = baseline.rows.reduce((sum, row) => sum + units(row.establishmentFte), 0) / 1_000_000;
  const vacant = baseline.rows.reduce((sum, row) => sum + units(row.vacantFte), 0) / 1_000_000;
  return {
    establishmentFte: establishment,
    vacantFte: vacant,
    vacancyRate: establishment === 0 ? null : vacant / establishment,
  };
}
