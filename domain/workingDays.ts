/**
 * Working-day calendar for England and Wales bank holidays.
 *
 * Route: own rules, not the `date-holidays` package. Its GB/ENG data does carry the
 * substitute days and the 2020/2022/2023 one-offs, but it depends on moment-timezone
 * (full tz database), lodash, js-yaml and the data of every country: far too heavy for
 * a Temporal workflow bundle, and it answers with Date objects resolved through a time
 * zone library, where the workflow needs plain civil dates.
 *
 * Pure and deterministic so it can run inside the Temporal workflow sandbox: no I/O,
 * no clock, no Intl, not even the Date class: civil dates are integer day numbers
 * (0 = 1970-01-01).
 *
 * Coverage is 2015–2040. Years after the latest gov.uk publication are rule-based
 * projections: a one-off holiday announced later must be added to ONE_OFFS below.
 */

const FIRST_YEAR = 2015;
const LAST_YEAR = 2040;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

function civil(z: number): [number, number, number] {
  const zz = z + 719_468;
  const era = Math.floor(zz / 146_097);
  const doe = zz - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** 0 = Sunday … 6 = Saturday. Day 0 (1970-01-01) was a Thursday. */
const weekday = (z: number): number => (((z + 4) % 7) + 7) % 7;

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
function iso(z: number): string {
  const [y, m, d] = civil(z);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Last given weekday of a month (m is 1-based). */
function lastWeekday(y: number, m: number, dow: number): number {
  const last = (m === 12 ? dayNumber(y + 1, 1, 1) : dayNumber(y, m + 1, 1)) - 1;
  return last - ((weekday(last) - dow + 7) % 7);
}

function firstWeekday(y: number, m: number, dow: number): number {
  const first = dayNumber(y, m, 1);
  return first + ((dow - weekday(first) + 7) % 7);
}

/** Easter Sunday by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm. */
function easterSunday(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - Math.floor(b / 4) - g + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return dayNumber(y, Math.floor(n / 31), (n % 31) + 1);
}

/**
 * One-off changes by Royal Proclamation: a name adds a holiday; `null` removes the
 * rule-based holiday on that date (it was moved to another date).
 */
const ONE_OFFS: ReadonlyArray<readonly [string, string | null]> = [
  ['2020-05-04', null], // early May bank holiday moved to VE day
  ['2020-05-08', 'Early May bank holiday (VE day)'],
  ['2022-05-30', null], // spring bank holiday moved for the Platinum Jubilee
  ['2022-06-02', 'Spring bank holiday'],
  ['2022-06-03', 'Platinum Jubilee bank holiday'],
  ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'],
  ['2023-05-08', 'Bank holiday for the coronation of King Charles III'],
];

function holidaysOf(y: number): Map<number, string> {
  const easter = easterSunday(y);
  const base: Array<[number, string]> = [
    [dayNumber(y, 1, 1), "New Year's Day"],
    [easter - 2, 'Good Friday'],
    [easter + 1, 'Easter Monday'],
    [firstWeekday(y, 5, 1), 'Early May bank holiday'],
    [lastWeekday(y, 5, 1), 'Spring bank holiday'],
    [lastWeekday(y, 8, 1), 'Summer bank holiday'],
    [dayNumber(y, 12, 25), 'Christmas Day'],
    [dayNumber(y, 12, 26), 'Boxing Day'],
  ];
  const out = new Map<number, string>();
  for (const [z, name] of base) if (weekday(z) % 6 !== 0) out.set(z, name);
  // Substitute rule: a holiday falling on a weekend moves to the next weekday that is not
  // already a holiday, taken in date order. This yields the gov.uk pattern: Christmas on
  // Saturday → Mon 27 + Tue 28; Christmas on Sunday → Boxing Mon 26, Christmas Tue 27.
  for (const [z, name] of base) {
    if (weekday(z) % 6 !== 0) continue;
    let sub = z + 1;
    while (weekday(sub) % 6 === 0 || out.has(sub)) sub++;
    out.set(sub, `${name} (substitute day)`);
  }
  return out;
}

const HOLIDAYS: ReadonlyMap<number, string> = (() => {
  const all = new Map<number, string>();
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) for (const [z, n] of holidaysOf(y)) all.set(z, n);
  for (const [date, name] of ONE_OFFS) {
    const z = parse(date);
    if (name === null) all.delete(z);
    else all.set(z, name);
  }
  return all;
})();

const COVER_FROM = dayNumber(FIRST_YEAR, 1, 1);
const COVER_TO = dayNumber(LAST_YEAR, 12, 31);

function parse(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const z = m ? dayNumber(Number(m[1]), Number(m[2]), Number(m[3])) : Number.NaN;
  // Round-trip rejects impossible dates such as 2026-02-30.
  if (!m || iso(z) !== date)
    throw new RangeError(`workingDays: "${date}" is not an ISO calendar date (YYYY-MM-DD)`);
  return z;
}

function covered(z: number): number {
  if (z < COVER_FROM || z > COVER_TO) {
    throw new RangeError(
      `workingDays: ${iso(z)} is outside the bank holiday calendar coverage ${iso(COVER_FROM)}..${iso(COVER_TO)}`,
    );
  }
  return z;
}

const workingDay = (z: number): boolean => weekday(covered(z)) % 6 !== 0 && !HOLIDAYS.has(z);

function addDays(z: number, days: number): number {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`workingDays: days must be an integer >= 0, got ${days}`);
  let cur = covered(z);
  // Rule: days = 0 means "the first working day on or after the date" (the date itself if
  // it is a working day); days = n >= 1 is the n-th working day strictly after the date,
  // so a Saturday + 0 and a Saturday + 1 are both the following Monday.
  if (days === 0) {
    while (!workingDay(cur)) cur++;
    return cur;
  }
  for (let left = days; left > 0; ) if (workingDay(++cur)) left--;
  return cur;
}

export function calendarCoverage(): { from: string; to: string } {
  return { from: iso(COVER_FROM), to: iso(COVER_TO) };
}

export function bankHolidayName(date: string): string | undefined {
  return HOLIDAYS.get(covered(parse(date)));
}

export function isBankHoliday(date: string): boolean {
  return bankHolidayName(date) !== undefined;
}

export function isWorkingDay(date: string): boolean {
  return workingDay(parse(date));
}

/** See addDays for the days = 0 rule. Throws RangeError past the coverage. */
export function addWorkingDays(date: string, days: number): string {
  return iso(addDays(parse(date), days));
}

/** Working days d with from < d <= to; 0 when to <= from. */
export function workingDaysBetween(from: string, to: string): number {
  const a = covered(parse(from));
  const b = covered(parse(to));
  let n = 0;
  for (let z = a + 1; z <= b; z++) if (workingDay(z)) n++;
  return n;
}

/** UK summer time (EU rule, in force since 1996): last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC. */
function isBst(utcMs: number): boolean {
  const [y] = civil(Math.floor(utcMs / DAY_MS));
  const start = lastWeekday(y, 3, 0) * DAY_MS + HOUR_MS;
  const end = lastWeekday(y, 10, 0) * DAY_MS + HOUR_MS;
  return utcMs >= start && utcMs < end;
}

/**
 * Same London wall-clock time `days` working days later (days = 0 rule as addWorkingDays).
 * Computed in code, not Intl: time zone data is not guaranteed in the workflow sandbox.
 * The target is always Mon–Fri and clocks change on Sundays, so its local time is never
 * in a skipped or repeated hour and converts back to UTC unambiguously.
 */
export function instantAfterWorkingDays(fromMillis: number, days: number): number {
  if (!Number.isFinite(fromMillis))
    throw new RangeError(`workingDays: fromMillis must be finite, got ${fromMillis}`);
  const local = fromMillis + (isBst(fromMillis) ? HOUR_MS : 0);
  const day = Math.floor(local / DAY_MS);
  const targetLocal = addDays(day, days) * DAY_MS + (local - day * DAY_MS);
  return isBst(targetLocal - HOUR_MS) ? targetLocal - HOUR_MS : targetLocal;
}

/** A time of day on the 24-hour clock, 'HH:MM' (00:00 to 23:59), as a council's constitution states it. */
export const timeOfDayPattern = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/**
 * The instant a period closes when a constitution sets it as "`timeOfDay` on the `days`-th working
 * day after" an instant, London time: a call-in period "closes at 5 pm on the fifth working day after
 * the decision is published". The last day is the `days`-th working day after the London date of
 * `fromMillis` (addWorkingDays); the time is London's wall clock on that day, which is a working day
 * and so never a Sunday, when the clocks change.
 */
export function deadlineAfterWorkingDays(fromMillis: number, days: number, timeOfDay: string): number {
  if (!Number.isFinite(fromMillis))
    throw new RangeError(`workingDays: fromMillis must be finite, got ${fromMillis}`);
  if (!Number.isInteger(days) || days < 1)
    throw new RangeError(`workingDays: days must be a whole number of at least 1, got ${days}`);
  if (!timeOfDayPattern.test(timeOfDay))
    throw new RangeError(`workingDays: timeOfDay must be 'HH:MM' on the 24-hour clock, got '${timeOfDay}'`);
  const lastDay = addDays(londonDayNumberOf(fromMillis), days);
  const [hours, minutes] = timeOfDay.split(':').map(Number) as [number, number];
  const local = lastDay * DAY_MS + (hours * 60 + minutes) * 60_000;
  return isBst(local - HOUR_MS) ? local - HOUR_MS : local;
}

/** The London civil date ('YYYY-MM-DD') of an instant, e.g. for counting working days waited. */
export function londonDateOf(millis: number): string {
  return iso(londonDayNumberOf(millis));
}

/** The London civil date of an instant as days since 1 January 1970 (0), for counting in bulk. */
export function londonDayNumberOf(millis: number): number {
  const local = millis + (isBst(millis) ? HOUR_MS : 0);
  return Math.floor(local / DAY_MS);
}

/** The instant London's day `date` ('YYYY-MM-DD') ends, e.g. when an advert's closing date is over. */
export function endOfLondonDay(date: string): number {
  const nextMidnightUtc = (parse(date) + 1) * DAY_MS;
  // At midnight local time London is on BST exactly when it is at 23:00 UTC the evening before.
  return isBst(nextMidnightUtc - HOUR_MS) ? nextMidnightUtc - HOUR_MS : nextMidnightUtc;
}
