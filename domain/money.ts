/**
 * Money is integer pence. Pounds as people write them ("44,581", "£44,581.50", "38867.5") are read
 * digit by digit as text and combined with BigInt, never through floating point, so an amount and a
 * sum of lines are exact to the penny. Shared by the web forms and the CLI.
 */

export type PoundsProblem = 'empty' | 'negative' | 'format' | 'too-many-decimals' | 'too-large';
export type PoundsParse = { ok: true; pence: number } | { ok: false; problem: PoundsProblem };

// Whole pounds with correctly grouped thousands (1,500,000) or none (1500000), then an optional
// fraction. Anything else (4,4581 or 1.2.3) is refused rather than guessed.
const amount = /^(?<pounds>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?<fraction>\d+))?$/;

export function parsePounds(input: string): PoundsParse {
  const text = input.trim().replace(/^£\s*/, '');
  if (text === '') return { ok: false, problem: 'empty' };
  if (text.startsWith('-')) return { ok: false, problem: 'negative' };
  const match = amount.exec(text);
  const pounds = match?.groups?.pounds;
  if (!match || pounds === undefined) return { ok: false, problem: 'format' };
  const fraction = match.groups?.fraction ?? '';
  if (fraction.length > 2) return { ok: false, problem: 'too-many-decimals' };
  const pence = BigInt(pounds.replaceAll(',', '')) * 100n + BigInt(fraction.padEnd(2, '0'));
  if (pence > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, problem: 'too-large' };
  return { ok: true, pence: Number(pence) };
}

/** £1,422,528 for whole pounds, £44,581.50 otherwise. */
export function formatPence(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`not a whole number of pence: ${pence}`);
  const sign = pence < 0 ? '-' : '';
  const absolute = BigInt(Math.abs(pence));
  const pounds = (absolute / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = absolute % 100n;
  return rest === 0n ? `${sign}£${pounds}` : `${sign}£${pounds}.${rest.toString().padStart(2, '0')}`;
}
