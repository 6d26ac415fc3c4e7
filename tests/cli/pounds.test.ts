import { describe, expect, it } from 'vitest';
import { formatPounds, parsePounds } from '../../cli/pounds.js';

const pence = (text: string) => {
  const parsed = parsePounds(text);
  return parsed.ok ? parsed.pence : parsed.problem;
};

describe('parsePounds reads pounds as the report writes them into exact integer pence', () => {
  it('reads whole pounds with or without thousands separators', () => {
    expect(pence('44,581')).toBe(4_458_100);
    expect(pence('44581')).toBe(4_458_100);
    expect(pence('1,422,528')).toBe(142_252_800);
    expect(pence('£1,500,000')).toBe(150_000_000);
    expect(pence(' 0 ')).toBe(0);
  });

  it('reads pence exactly, where floating point would drift', () => {
    expect(pence('44581.50')).toBe(4_458_150);
    expect(pence('44581.5')).toBe(4_458_150);
    expect(pence('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(pence('1,234.07')).toBe(123_407);
  });

  it('rejects more than two decimal places', () => {
    expect(parsePounds('12.345')).toEqual({
      ok: false,
      problem: expect.stringContaining('2 decimal places'),
    });
  });

  it('rejects text that is not an amount', () => {
    for (const text of ['abc', '', '12a', '1,23', '12,3456', '12.', '.5', '1 000']) {
      expect(parsePounds(text), text).toEqual({
        ok: false,
        problem: expect.stringContaining('such as 44,581'),
      });
    }
  });

  it('rejects negative amounts', () => {
    expect(parsePounds('-5')).toEqual({ ok: false, problem: expect.stringContaining('negative') });
    expect(parsePounds('£-44,581')).toEqual({ ok: false, problem: expect.stringContaining('negative') });
  });

  it('rejects amounts too large to hold exactly', () => {
    expect(parsePounds('900000000000000')).toEqual({ ok: false, problem: expect.stringContaining('large') });
  });
});

describe('formatPounds writes pence as the report writes money', () => {
  it('groups thousands and shows pence only when there are some', () => {
    expect(formatPounds(142_252_800)).toBe('£1,422,528');
    expect(formatPounds(4_458_150)).toBe('£44,581.50');
    expect(formatPounds(7)).toBe('£0.07');
    expect(formatPounds(-663_400)).toBe('-£6,634');
  });

  it('round-trips every amount it reads', () => {
    for (const text of ['£1,422,528', '£44,581.50', '£0.07', '£999,999,999.99']) {
      const parsed = parsePounds(text);
      expect(parsed.ok && formatPounds(parsed.pence)).toBe(text);
    }
  });
});
