import { formatPence, type PoundsProblem, parsePounds as parseAmount } from '../domain/money.js';

/** Pounds as written in reports ("44,581", "£44,581.50") to integer pence, with the CLI's wording. */
export type PoundsParse = { ok: true; pence: number } | { ok: false; problem: string };

export const poundsExample = 'expected pounds such as 44,581';

const problems: Record<PoundsProblem, string> = {
  empty: poundsExample,
  negative: `${poundsExample}, not a negative amount`,
  format: poundsExample,
  'too-many-decimals': `${poundsExample}, with at most 2 decimal places (pence)`,
  'too-large': `${poundsExample}, not so large an amount`,
};

export function parsePounds(text: string): PoundsParse {
  const parsed = parseAmount(text);
  return parsed.ok ? parsed : { ok: false, problem: problems[parsed.problem] };
}

/** Integer pence as £1,422,528 (or £44,581.50 when there are pence). */
export const formatPounds = formatPence;
