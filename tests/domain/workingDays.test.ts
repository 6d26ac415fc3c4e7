import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  bankHolidayName,
  calendarCoverage,
  deadlineAfterWorkingDays,
  endOfLondonDay,
  instantAfterWorkingDays,
  isBankHoliday,
  isWorkingDay,
  londonDateOf,
  workingDaysBetween,
} from '../../domain/workingDays.js';

// England and Wales bank holidays as published on gov.uk/bank-holidays.
const PUBLISHED: Record<number, string[]> = {
  2022: [
    '2022-01-03', // New Year's Day substitute
    '2022-04-15',
    '2022-04-18',
    '2022-05-02',
    '2022-06-02', // Spring bank holiday moved
    '2022-06-03', // Platinum Jubilee
    '2022-08-29',
    '2022-09-19', // State Funeral of Queen Elizabeth II
    '2022-12-26',
    '2022-12-27', // Christmas Day substitute
  ],
  2023: [
    '2023-01-02', // New Year's Day substitute
    '2023-04-07',
    '2023-04-10',
    '2023-05-01',
    '2023-05-08', // Coronation of King Charles III
    '2023-05-29',
    '2023-08-28',
    '2023-12-25',
    '2023-12-26',
  ],
  2024: [
    '2024-01-01',
    '2024-03-29',
    '2024-04-01',
    '2024-05-06',
    '2024-05-27',
    '2024-08-26',
    '2024-12-25',
    '2024-12-26',
  ],
  2025: [
    '2025-01-01',
    '2025-04-18',
    '2025-04-21',
    '2025-05-05',
    '2025-05-26',
    '2025-08-25',
    '2025-12-25',
    '2025-12-26',
  ],
  2026: [
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28', // Boxing Day substitute
  ],
  2027: [
    '2027-01-01',
    '2027-03-26',
    '2027-03-29',
    '2027-05-03',
    '2027-05-31',
    '2027-08-30',
    '2027-12-27', // Christmas Day substitute
    '2027-12-28', // Boxing Day substitute
  ],
};

function datesOfYear(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

const utc = (iso: string): number => Date.parse(iso);

describe('bank holidays', () => {
  for (const [year, expected] of Object.entries(PUBLISHED)) {
    it(`matches the published England and Wales list for ${year}`, () => {
      expect(datesOfYear(Number(year)).filter(isBankHoliday)).toEqual(expected);
    });
  }

  it('names substitute and one-off holidays', () => {
    expect(bankHolidayName('2026-12-28')).toBe('Boxing Day (substitute day)');
    expect(bankHolidayName('2027-12-27')).toBe('Christmas Day (substitute day)');
    expect(bankHolidayName('2022-01-03')).toBe("New Year's Day (substitute day)");
    expect(bankHolidayName('2023-05-08')).toBe('Bank holiday for the coronation of King Charles III');
    expect(bankHolidayName('2022-09-19')).toBe('Bank Holiday for the State Funeral of Queen Elizabeth II');
    expect(bankHolidayName('2026-04-06')).toBe('Easter Monday');
    expect(bankHolidayName('2026-04-07')).toBeUndefined();
  });

  it('moves the 2020 early May bank holiday to VE day and the 2022 spring one to 2 June', () => {
    expect(isBankHoliday('2020-05-04')).toBe(false);
    expect(bankHolidayName('2020-05-08')).toBe('Early May bank holiday (VE day)');
    expect(isBankHoliday('2022-05-30')).toBe(false);
    expect(bankHolidayName('2022-06-02')).toBe('Spring bank holiday');
  });

  it('gives Boxing Day the Monday and Christmas the Tuesday when Christmas is a Sunday', () => {
    expect(bankHolidayName('2016-12-26')).toBe('Boxing Day');
    expect(bankHolidayName('2016-12-27')).toBe('Christmas Day (substitute day)');
    expect(bankHolidayName('2033-12-27')).toBe('Christmas Day (substitute day)');
  });

  it('computes Easter across the coverage, including early and late Easters', () => {
    expect(bankHolidayName('2019-04-19')).toBe('Good Friday');
    expect(bankHolidayName('2035-03-23')).toBe('Good Friday'); // Easter 25 March
    expect(bankHolidayName('2038-04-26')).toBe('Easter Monday'); // Easter 25 April
  });
});

describe('isWorkingDay', () => {
  it('is true on an ordinary weekday and false on weekends and bank holidays', () => {
    expect(isWorkingDay('2026-04-07')).toBe(true);
    expect(isWorkingDay('2026-04-04')).toBe(false);
    expect(isWorkingDay('2026-04-05')).toBe(false);
    expect(isWorkingDay('2026-04-06')).toBe(false);
  });
});

describe('addWorkingDays', () => {
  it('skips Good Friday, the weekend and Easter Monday when adding working days', () => {
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
  });

  it('lands on 2027-01-05 five working days after Thursday 2026-12-24', () => {
    expect(addWorkingDays('2026-12-24', 5)).toBe('2027-01-05');
  });

  it('returns the date itself for 0 days when it is a working day', () => {
    expect(addWorkingDays('2026-04-07', 0)).toBe('2026-04-07');
  });

  it('rolls forward to the next working day for 0 days when the date is not a working day', () => {
    expect(addWorkingDays('2026-04-03', 0)).toBe('2026-04-07');
    expect(addWorkingDays('2026-03-28', 0)).toBe('2026-03-30');
  });

  it('counts from the day after, so a Saturday plus 1 is the Monday', () => {
    expect(addWorkingDays('2026-03-28', 1)).toBe('2026-03-30');
    expect(addWorkingDays('2026-03-30', 1)).toBe('2026-03-31');
  });

  it('rejects negative or fractional day counts', () => {
    expect(() => addWorkingDays('2026-04-07', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-04-07', 1.5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after from up to and including to', () => {
    expect(workingDaysBetween('2026-12-24', '2027-01-05')).toBe(5);
    expect(workingDaysBetween('2026-04-02', '2026-04-07')).toBe(1);
  });

  it('is 0 when to is on or before from', () => {
    expect(workingDaysBetween('2026-04-07', '2026-04-07')).toBe(0);
    expect(workingDaysBetween('2026-04-07', '2026-04-01')).toBe(0);
  });

  it('counts 253 working days in 2026 (261 weekdays less 8 bank holidays)', () => {
    expect(workingDaysBetween('2025-12-31', '2026-12-31')).toBe(253);
  });

  it('inverts addWorkingDays for positive day counts', () => {
    for (const start of ['2022-05-27', '2026-12-24', '2027-03-27', '2023-05-05']) {
      for (let n = 1; n <= 30; n++) expect(workingDaysBetween(start, addWorkingDays(start, n))).toBe(n);
    }
  });
});

describe('instantAfterWorkingDays', () => {
  it('keeps 10:00 London across the end of BST (Fri 23 Oct 2026 BST to Mon 26 Oct GMT)', () => {
    expect(instantAfterWorkingDays(utc('2026-10-23T09:00:00Z'), 1)).toBe(utc('2026-10-26T10:00:00Z'));
  });

  it('keeps 10:00 London across the start of BST (Fri 27 Mar 2026 GMT to Mon 30 Mar BST)', () => {
    expect(instantAfterWorkingDays(utc('2026-03-27T10:00:00Z'), 1)).toBe(utc('2026-03-30T09:00:00Z'));
  });

  it('uses the London date, not the UTC date, just after midnight in BST', () => {
    // 00:30 BST Wednesday 1 July is 23:30Z Tuesday; one working day later is Thursday 00:30 BST.
    expect(instantAfterWorkingDays(utc('2026-06-30T23:30:00Z'), 1)).toBe(utc('2026-07-01T23:30:00Z'));
  });

  it('skips the Christmas and New Year holidays in GMT', () => {
    expect(instantAfterWorkingDays(utc('2026-12-24T15:00:00Z'), 5)).toBe(utc('2027-01-05T15:00:00Z'));
  });

  it('returns the same instant for 0 days on a working day', () => {
    const t = utc('2026-07-15T13:45:12.345Z');
    expect(instantAfterWorkingDays(t, 0)).toBe(t);
  });

  it('maps both 01:30s of the repeated October hour to 01:30 GMT on the Monday for 0 days', () => {
    expect(instantAfterWorkingDays(utc('2026-10-25T00:30:00Z'), 0)).toBe(utc('2026-10-26T01:30:00Z'));
    expect(instantAfterWorkingDays(utc('2026-10-25T01:30:00Z'), 0)).toBe(utc('2026-10-26T01:30:00Z'));
  });

  it('rejects a non-finite start instant', () => {
    expect(() => instantAfterWorkingDays(Number.NaN, 1)).toThrow(RangeError);
  });
});

describe('coverage and input errors', () => {
  it('reports coverage 2015-01-01 to 2040-12-31', () => {
    expect(calendarCoverage()).toEqual({ from: '2015-01-01', to: '2040-12-31' });
  });

  it('throws a RangeError naming a date outside the coverage', () => {
    expect(() => isBankHoliday('2014-12-25')).toThrow(RangeError);
    expect(() => isBankHoliday('2014-12-25')).toThrow(/2014-12-25/);
    expect(() => isWorkingDay('2041-01-02')).toThrow(/2041-01-02.*outside/);
    expect(() => workingDaysBetween('2040-12-01', '2041-01-05')).toThrow(/2041-01-05/);
    expect(() => instantAfterWorkingDays(utc('2041-03-01T10:00:00Z'), 1)).toThrow(/2041-03-01/);
    expect(() => addWorkingDays('2014-12-31', 1)).toThrow(/2014-12-31/);
  });

  it('throws naming the first uncovered date when adding runs past the coverage', () => {
    expect(addWorkingDays('2040-12-28', 1)).toBe('2040-12-31');
    expect(() => addWorkingDays('2040-12-31', 1)).toThrow(/2041-01-01/);
  });

  it('rejects strings that are not real ISO calendar dates', () => {
    expect(() => isBankHoliday('2026-02-30')).toThrow(RangeError);
    expect(() => isBankHoliday('2026-1-1')).toThrow(/not an ISO calendar date/);
    expect(() => isBankHoliday('2026-01-01T00:00:00Z')).toThrow(RangeError);
  });
});

describe('workflow sandbox safety', () => {
  it('uses no imports, clock, randomness, Intl or Date in the module source', () => {
    const src = readFileSync(new URL('../../domain/workingDays.ts', import.meta.url), 'utf8');
    expect(src).not.toMatch(/^\s*import\b|\brequire\(|\bDate\b\s*[.(]|new Date\b|Math\.random|\bIntl\./m);
  });
});

describe('londonDateOf', () => {
  it('gives the London date of an instant, not the UTC date, in summer time', () => {
    expect(londonDateOf(Date.UTC(2026, 5, 30, 23, 30))).toBe('2026-07-01');
  });

  it('gives the same date as UTC in winter', () => {
    expect(londonDateOf(Date.UTC(2026, 11, 24, 23, 30))).toBe('2026-12-24');
  });
});

describe('endOfLondonDay', () => {
  it('ends a summer day at 23:00 UTC', () => {
    expect(endOfLondonDay('2026-07-01')).toBe(Date.UTC(2026, 6, 1, 23));
  });

  it('ends a winter day at midnight UTC', () => {
    expect(endOfLondonDay('2026-12-01')).toBe(Date.UTC(2026, 11, 2));
  });
});

describe('deadlineAfterWorkingDays', () => {
  it('closes a call-in at 5 pm on the fifth working day, past Christmas and New Year (Fri 23 Dec 2022)', () => {
    // Published 10:00 Fri 23 Dec 2022. Working days after it: Wed 28, Thu 29, Fri 30 Dec (26 and 27
    // Dec are bank holidays), Tue 3 Jan (Mon 2 Jan is New Year's substitute day), Wed 4 Jan.
    const deadline = deadlineAfterWorkingDays(utc('2022-12-23T10:00:00Z'), 5, '17:00');
    expect(deadline).toBe(utc('2023-01-04T17:00:00Z'));
    // A call-in at 3 pm that day is in time; the same instant a day's count of hours later is not.
    expect(utc('2023-01-04T15:00:00Z')).toBeLessThan(deadline);
    expect(instantAfterWorkingDays(utc('2022-12-23T10:00:00Z'), 5)).toBeLessThan(utc('2023-01-04T15:00:00Z'));
  });

  it('reads the time of day on London’s clock in summer time', () => {
    // Mon 6 Jul 2026 is BST: 17:00 London is 16:00Z.
    expect(deadlineAfterWorkingDays(utc('2026-06-29T09:00:00Z'), 5, '17:00')).toBe(
      utc('2026-07-06T16:00:00Z'),
    );
  });

  it('counts from the London date, not the UTC date, late in the evening in summer time', () => {
    // 23:30Z Tue 30 Jun is 00:30 BST Wed 1 Jul: one working day on is Thu 2 Jul.
    expect(deadlineAfterWorkingDays(utc('2026-06-30T23:30:00Z'), 1, '09:30')).toBe(
      utc('2026-07-02T08:30:00Z'),
    );
  });

  it('lands on the last working day across the end of summer time (Fri 23 Oct to Mon 26 Oct 2026)', () => {
    expect(deadlineAfterWorkingDays(utc('2026-10-23T09:00:00Z'), 1, '17:00')).toBe(
      utc('2026-10-26T17:00:00Z'),
    );
  });

  it('refuses a time of day that is not HH:MM on the 24-hour clock, and a period of no days', () => {
    const t = utc('2026-07-15T12:00:00Z');
    for (const bad of ['5pm', '24:00', '17:60', '7:00', ''])
      expect(() => deadlineAfterWorkingDays(t, 5, bad)).toThrow(/timeOfDay must be 'HH:MM'/);
    expect(() => deadlineAfterWorkingDays(t, 0, '17:00')).toThrow(
      /days must be a whole number of at least 1/,
    );
  });
});
