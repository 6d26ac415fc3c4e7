import type { DashboardFigures } from '../../projections/dashboardFigures.js';

const header = ['Service area', 'Grade', 'Establishment FTE', 'Vacant FTE', 'Vacancy rate'];

/** One field: quoted when it must be, and never read as a formula by a spreadsheet. */
function field(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The vacancies by service area and grade, one row each, with a header row (RFC 4180, CRLF). */
export function vacanciesCsv(figures: DashboardFigures): string {
  const rows = figures.vacancies.byServiceAreaAndGrade.map((row) => [
    row.serviceArea,
    row.grade,
    row.establishmentFte,
    row.vacantFte,
    row.vacancyRate === null ? null : Math.round(row.vacancyRate * 10_000) / 10_000,
  ]);
  return [header, ...rows].map((row) => `${row.map(field).join(',')}\r\n`).join('');
}
