import { londonDateOf } from '../../domain/workingDays.js';

/**
 * Dates as people in the UK write them ("2 December 2026"), and London wall-clock times as instants.
 * Outside workflows, so Intl's time zone data may be used.
 */

const dayMonthYear = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** "2 December 2026" for the ISO date 2026-12-02. */
export function ukDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined || Number.isNaN(year + month + day)) {
    throw new RangeError(`not an ISO date: ${isoDate}`);
  }
  return dayMonthYear.format(new Date(Date.UTC(year, month - 1, day)));
}

/** The London date of an instant, as "2 December 2026". */
export function ukDateOfInstant(instant: string | number): string {
  const millis = typeof instant === 'number' ? instant : Date.parse(instant);
  return ukDate(londonDateOf(millis));
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

/** How far London's clocks are ahead of UTC at an instant, in milliseconds (0 or one hour). */
function londonOffset(millis: number): number {
  const parts = Object.fromEntries(
    londonParts.formatToParts(new Date(millis)).map((part) => [part.type, Number(part.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute', number>;
  const wallClock = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  return wallClock - (millis - (millis % 60_000));
}

/**
 * The instant London's clocks show `time` (HH:MM) on `date` (YYYY-MM-DD). On the morning the clocks
 * go forward a time in the missing hour comes out an hour later; the digest is at 08:00 by default,
 * far from either change (01:00 and 02:00).
 */
export function londonInstant(date: string, time: string): number {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const asUtc = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0);
  const first = asUtc - londonOffset(asUtc);
  return asUtc - londonOffset(first);
}
