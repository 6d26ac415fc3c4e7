/** Money in the web forms: parsing and formatting are domain/money.ts; here, the GOV.UK wording. */
import { formatPence, type PoundsParse, parsePounds } from '../../domain/money.js';

export type PenceParse = PoundsParse;

/** Pounds as typed into a form to integer pence (domain/money.ts). */
export const parsePoundsToPence = parsePounds;

export { formatPence };

/** Pence as a form value in pounds, so a re-rendered form shows what the person meant: 44581.00 → "44581". */
export function penceAsPoundsInput(pence: number): string {
  const pounds = Math.trunc(pence / 100);
  const rest = pence % 100;
  return rest === 0 ? String(pounds) : `${pounds}.${String(rest).padStart(2, '0')}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
