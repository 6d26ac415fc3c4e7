import { describe, expect, it } from 'vitest';
import { formatPence, parsePoundsToPence, penceAsPoundsInput } from '../../web/pages/money.js';

describe('parsePoundsToPence', () => {
  it.each([
    ['44,581', 4_458_100],
    ['44581', 4_458_100],
    ['44581.00', 4_458_100],
    ['£44,581', 4_458_100],
    ['£ 38,867.00', 3_886_700],
    ['  1,500,000  ', 150_000_000],
    ['0.29', 29],
    ['0.1', 10],
    ['19.99', 1_999],
    ['0', 0],
    ['90,071,992,547,409.91', Number.MAX_SAFE_INTEGER],
  ])('reads %s as %i pence exactly', (input, pence) => {
    expect(parsePoundsToPence(input)).toEqual({ ok: true, pence });
  });

  it('adds up the seed’s occupational therapy lines to the penny', () => {
    const pence = (text: string) => {
      const parsed = parsePoundsToPence(text);
      if (!parsed.ok) throw new Error(parsed.problem);
      return parsed.pence;
    };
    expect(pence('44,581') * 2 + pence('38867.00')).toBe(12_802_900);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['£', 'empty'],
    ['4,4581', 'format'],
    ['44,58', 'format'],
    [',581', 'format'],
    ['-5', 'negative'],
    ['1.', 'format'],
    ['1.2.3', 'format'],
    ['1e5', 'format'],
    ['forty pounds', 'format'],
    ['12.345', 'too-many-decimals'],
    ['90,071,992,547,409.92', 'too-large'],
    ['99999999999999999999', 'too-large'],
  ])('refuses %j (%s)', (input, problem) => {
    expect(parsePoundsToPence(input)).toEqual({ ok: false, problem });
  });
});

describe('formatPence', () => {
  it('shows whole pounds without pence and groups thousands', () => {
    expect(formatPence(12_802_900)).toBe('£128,029');
    expect(formatPence(142_252_800)).toBe('£1,422,528');
    expect(formatPence(0)).toBe('£0');
  });

  it('shows pence when there are any', () => {
    expect(formatPence(4_458_150)).toBe('£44,581.50');
    expect(formatPence(5)).toBe('£0.05');
    expect(formatPence(-1_999)).toBe('-£19.99');
  });

  it('gives back what a form field shows, and parses again to the same pence', () => {
    for (const pence of [0, 5, 4_458_100, 4_458_150, 150_000_000]) {
      const parsed = parsePoundsToPence(penceAsPoundsInput(pence));
      expect(parsed).toEqual({ ok: true, pence });
    }
  });
});
