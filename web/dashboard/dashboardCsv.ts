import type { DashboardFigures } from '../../projections/dashboardFigures.js';
import { csvRows } from '../csv.js';

const header = ['Service area', 'Grade', 'Establishment FTE', 'Vacant FTE', 'Vacancy rate'];

/** The vacancies by service area and grade, one row each, with a header row (RFC 4180, CRLF). */
export function vacanciesCsv(figures: DashboardFigures): string {
  const rows = figures.vacancies.byServiceAreaAndGrade.map((row) => [
    row.serviceArea,
    row.grade,
    row.establishmentFte,
    row.vacantFte,
    row.vacancyRate === null ? null : Math.round(row.vacancyRate * 10_000) / 10_000,
  ]);
  return csvRows([header, ...rows]);
}
