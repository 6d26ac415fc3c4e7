/**
 * Pounds as people type them ("44,581", "£44,581.00", "38867.5") to integer pence, and back.
 * Never through floating point: the digits are read as text and combined with BigInt, so
 * "0.29" is 29 pence exactly and a sum of lines is right to the penny.
 */

export type PenceParse =
  | { ok: true; pence: number }
  | { ok: false; problem: 'empty' | 'format' | 'too-many-decimals' | 'too-large' };

// Whole pounds with correctly grouped thousands (1,500,000) or no grouping at all (1500000),
// then an optional fraction. Anything else (4,4581 or 1.2.3) is refused rather than guessed.
const amount = /^(?<pounds>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?<fraction>\d*))?$/;

export function parsePoundsToPence(input: string): PenceParse {
  const text = input.trim().replace(/^£\s*/, '');
  if (text === '') return { ok: false, problem: 'empty' };
  const match = amount.exec(text);
  const pounds = match?.groups?.pounds;
  if (!match || pounds === undefined) return { ok: false, problem: 'format' };
  const fraction = match.groups?.fraction ?? '';
  if (fraction.length > 2) return { ok: false, problem: 'too-many-decimals' };
  const pence = BigInt(pounds.replaceAll(',', '')) * 100n + BigInt(fraction.padEnd(2, '0'));
  if (pence > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, problem: 'too-large' };
  return { ok: true, pence: Number(pence) };
}

/** A message in the GOV.UK style for a money field that could not be read. */
export function penceProblemMessage(
  problem: Exclude<PenceParse, { ok: true }>['problem'],
  what: string,
): string {
  switch (problem) {
    case 'empty':
      return `Enter ${what}`;
    case 'format':
      return `${capitalise(what)} must be an amount in pounds, like 44,581 or 44581.00`;
    case 'too-many-decimals':
      return `${capitalise(what)} must not have more than 2 decimal places`;
    case 'too-large':
      return `${capitalise(what)} is too large`;
  }
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** £44,581 for whole pounds, £44,581.50 otherwise. */
export function formatPence(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const absolute = BigInt(Math.abs(pence));
  const pounds = groupThousands((absolute / 100n).toString());
  const rest = absolute % 100n;
  return rest === 0n ? `${sign}£${pounds}` : `${sign}£${pounds}.${rest.toString().padStart(2, '0')}`;
}

/** Pence as a form value in pounds, so a re-rendered form shows what the person meant: 44581.00 → "44581". */
export function penceAsPoundsInput(pence: number): string {
  const pounds = Math.trunc(pence / 100);
  const rest = pence % 100;
  return rest === 0 ? String(pounds) : `${pounds}.${String(rest).padStart(2, '0')}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
