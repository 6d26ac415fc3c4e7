import type { z } from 'zod';
import { capitalise, parsePoundsToPence, penceProblemMessage } from './money.js';

/** A urlencoded form body as @fastify/formbody gives it: repeated names become arrays. */
export type FormBody = Record<string, string | string[] | undefined>;

/** What a form shows again: every submitted value, as typed. */
export type FormValues = Record<string, string | string[]>;

/** One line of the error summary, linking to the field that is wrong. */
export interface ErrorLink {
  text: string;
  href: string;
}

export function formBodyOf(body: unknown): FormBody {
  return body !== null && typeof body === 'object' ? (body as FormBody) : {};
}

/**
 * Reads the fields of one form, turning what people type (dates in three boxes, pounds, counts)
 * into the values a command needs, and collecting one error per field. The schema then checks the
 * command; its issues become errors of the fields they name (`issuesToErrors`).
 */
export class FormReader {
  /** Field name → message; the first problem of a field wins. */
  readonly errors: Record<string, string> = {};
  readonly values: FormValues = {};

  constructor(private readonly body: FormBody) {
    for (const [name, value] of Object.entries(body)) {
      if (value !== undefined) this.values[name] = value;
    }
  }

  fail(field: string, message: string): undefined {
    this.errors[field] ??= message;
    return undefined;
  }

  get hasErrors(): boolean {
    return Object.keys(this.errors).length > 0;
  }

  /** A single text value, trimmed ('' when absent). */
  text(name: string): string {
    const value = this.body[name];
    const first = Array.isArray(value) ? value[0] : value;
    return (first ?? '').trim();
  }

  optionalText(name: string): string | undefined {
    const value = this.text(name);
    return value === '' ? undefined : value;
  }

  /** Every value of a repeated field, e.g. ticked checkboxes. */
  list(name: string): string[] {
    const value = this.body[name];
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).map((item) => item.trim()).filter((item) => item !== '');
  }

  pence(name: string, what: string): number | undefined {
    const parsed = parsePoundsToPence(this.text(name));
    return parsed.ok ? parsed.pence : this.fail(name, penceProblemMessage(parsed.problem, what));
  }

  optionalPence(name: string, what: string): number | undefined {
    return this.text(name) === '' ? undefined : this.pence(name, what);
  }

  /** A whole number such as a count of applications. */
  integer(name: string, what: string): number | undefined {
    const text = this.text(name);
    if (text === '') return this.fail(name, `Enter ${what}`);
    if (!/^\d{1,9}$/.test(text))
      return this.fail(name, `${capitalise(what)} must be a whole number, like 12`);
    return Number(text);
  }

  /** A full-time equivalent: a whole number or a decimal such as 0.5. */
  decimal(name: string, what: string): number | undefined {
    const text = this.text(name);
    if (text === '') return this.fail(name, `Enter ${what}`);
    if (!/^\d{1,4}(\.\d{1,6})?$/.test(text))
      return this.fail(name, `${capitalise(what)} must be a number, like 1 or 0.5`);
    return Number(text);
  }

  /** A date typed in the GOV.UK date input (name-day, name-month, name-year) as an ISO date. */
  date(name: string, what: string): string | undefined {
    const day = this.text(`${name}-day`);
    const month = this.text(`${name}-month`);
    const year = this.text(`${name}-year`);
    if (day === '' && month === '' && year === '') return this.fail(name, `Enter ${what}`);
    const missing = [day === '' && 'day', month === '' && 'month', year === '' && 'year'].filter(Boolean);
    if (missing.length > 0)
      return this.fail(name, `${capitalise(what)} must include a ${missing.join(' and ')}`);
    if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
      return this.fail(name, `${capitalise(what)} must be a real date, like 27 3 2025`);
    }
    const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    return isRealDate(iso) ? iso : this.fail(name, `${capitalise(what)} must be a real date`);
  }
}

function isRealDate(iso: string): boolean {
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso;
}

/** Day, month and year of an ISO date, as the values of a GOV.UK date input named `name`. */
export function dateInputValues(name: string, iso: string): FormValues {
  const [year = '', month = '', day = ''] = iso.split('-');
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year,
  };
}

/**
 * The schema's issues as errors of the fields they name, where the reader has not already found a
 * problem with that field. `messages` gives a field a message of the house's own wording; an issue
 * without a field is the form's own.
 */
export function issuesToErrors(
  issues: z.ZodError['issues'],
  errors: Record<string, string>,
  messages: Record<string, string> = {},
  formField = '_form',
): void {
  for (const issue of issues) {
    const head = issue.path[0];
    const field = typeof head === 'string' && head !== 'type' && head !== 'actor' ? head : formField;
    errors[field] ??= messages[field] ?? capitalise(issue.message);
  }
}

/**
 * The error summary's lines, in the order the fields appear on the page, each linking to the
 * element that takes focus: the field's own id, the day box of a date, the first radio or checkbox.
 */
export function errorLinks(
  errors: Record<string, string>,
  order: readonly string[],
  idOf: (field: string) => string,
): ErrorLink[] {
  const known = order.filter((field) => errors[field] !== undefined);
  const rest = Object.keys(errors).filter((field) => !order.includes(field));
  return [...known, ...rest].map((field) => ({ text: errors[field] ?? '', href: `#${idOf(field)}` }));
}
