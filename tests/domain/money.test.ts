import { describe, expect, it } from 'vitest';
import { formatPence, parsePounds } from '../../domain/money.js';

describe('money in pence', () => {
  it('reads pounds as written in the report exactly, without floating point', () => {
    expect(parsePounds('44,581')).toEqual({ ok: true, pence: 4_458_100 });
    expect(parsePounds('£1,500,000')).toEqual({ ok: true, pence: 150_000_000 });
    expect(parsePounds('0.29')).toEqual({ ok: true, pence: 29 });
    expect(parsePounds('38867.5')).toEqual({ ok: true, pence: 3_886_750 });
  });

  it('refuses what it cannot read exactly, saying why', () => {
    expect(parsePounds('12.345')).toEqual({ ok: false, problem: 'too-many-decimals' });
    expect(parsePounds('-5')).toEqual({ ok: false, problem: 'negative' });
    expect(parsePounds('4,4581')).toEqual({ ok: false, problem: 'format' });
    expect(parsePounds(' ')).toEqual({ ok: false, problem: 'empty' });
    expect(parsePounds('99999999999999999')).toEqual({ ok: false, problem: 'too-large' });
  });

  it('formats pence as pounds with thousands grouped', () => {
    expect(formatPence(142_252_800)).toBe('£1,422,528');
    expect(formatPence(4_458_150)).toBe('£44,581.50');
  });
});
