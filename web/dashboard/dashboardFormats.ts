import { formatPence } from '../../domain/money.js';

/** How the dashboard writes its numbers, on the page and in the CSV files alike. */
const fteFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });
const longDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** 71.5, 0.25, 500 */
export const formatFte = (value: number): string => fteFormat.format(value);

/** A ratio as a percentage, as people write it: 0.2857 → 28.6%, 1 → 100%. */
export const formatPercent = (ratio: number): string => percentFormat.format(ratio);

/** 4 days, 1 day, 9.5 days */
export const formatDays = (days: number): string =>
  `${fteFormat.format(days)} ${days === 1 ? 'day' : 'days'}`;

export const formatPounds = formatPence;

/** An ISO date (2022-06-30) as "30 June 2022". */
export const formatLongDate = (date: string): string => longDate.format(new Date(`${date}T00:00:00Z`));
