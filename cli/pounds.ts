/**
 * Pounds as people write them in reports ("44,581", "44581", "£44,581.50") to integer pence, and back.
 * The amount is read digit by digit as text, never through floating point, so it is exact to the penny.
 */

export type PoundsParse = { ok: true; pence: number } | { ok: false; problem: string };

const POUNDS = /^£?(?<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?<fraction>\d+))?$/;

export const poundsExample = 'expected pounds such as 44,581';

export function parsePounds(text: string): PoundsParse {
  const written = text.trim();
  if (/^-|^£-/.test(written)) return { ok: false, problem: `${poundsExample}, not a negative amount` };
  const match = POUNDS.exec(written);
  const whole = match?.groups?.whole;
  if (whole === undefined) return { ok: false, problem: poundsExample };
  const fraction = match?.groups?.fraction ?? '';
  if (fraction.length > 2)
    return { ok: false, problem: `${poundsExample}, with at most 2 decimal places (pence)` };
  const digits = `${whole.replaceAll(',', '')}${fraction.padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  const pence = Number(digits);
  // A string of at most 15 digits converts exactly; beyond the safe range it would not.
  if (!Number.isSafeInteger(pence)) return { ok: false, problem: `${poundsExample}, not so large an amount` };
  return { ok: true, pence };
}

/** Integer pence as £1,422,528 (or £44,581.50 when there are pence). */
export function formatPounds(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`not a whole number of pence: ${pence}`);
  const sign = pence < 0 ? '-' : '';
  const magnitude = Math.abs(pence);
  const pennies = magnitude % 100;
  const pounds = String((magnitude - pennies) / 100).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}£${pounds}${pennies === 0 ? '' : `.${String(pennies).padStart(2, '0')}`}`;
}
