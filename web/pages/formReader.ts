import type { z } from 'zod';
import {
  type FieldWords,
  type FormWords,
  formProblem,
  messageFor,
  type Problem,
  problemOfIssue,
  unknownField,
} from './errorCatalogue.js';
import { parsePoundsToPence } from './money.js';

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
 * into the values a command needs, and collecting one error per field in the words of the error
 * catalogue (`words`). The schema then checks the command; its issues become errors of the fields
 * they name, in the catalogue's words too (`issuesToErrors`).
 */
export class FormReader {
  /** Field name → message; the first problem of a field wins. */
  readonly errors: Record<string, string> = {};
  readonly values: FormValues = {};

  constructor(
    private readonly body: FormBody,
    /** The catalogue's words for this form's fields. */
    public words: FormWords = {},
  ) {
    for (const [name, value] of Object.entries(body)) {
      if (value !== undefined) this.values[name] = value;
    }
  }

  wordsOf(field: string): FieldWords {
    return Object.hasOwn(this.words, field) ? (this.words[field] as FieldWords) : unknownField(field);
  }

  fail(field: string, message: string): undefined {
    this.errors[field] ??= message;
    return undefined;
  }

  /** Records a problem of a field in the catalogue's words. */
  problem(field: string, problem: Problem): undefined {
    return this.fail(field, messageFor(this.wordsOf(field), problem));
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

  pence(name: string): number | undefined {
    const parsed = parsePoundsToPence(this.text(name));
    if (parsed.ok) return parsed.pence;
    return this.problem(
      name,
      parsed.problem === 'empty' ? { kind: 'missing' } : { kind: 'money', problem: parsed.problem },
    );
  }

  optionalPence(name: string): number | undefined {
    return this.text(name) === '' ? undefined : this.pence(name);
  }

  /** A whole number such as a count of applications; its range is the schema's to check. */
  integer(name: string): number | undefined {
    const text = this.text(name).replaceAll(',', '');
    if (text === '') return this.problem(name, { kind: 'missing' });
    if (!/^-?\d+$/.test(text)) return this.problem(name, { kind: 'format' });
    const value = Number(text);
    return Number.isSafeInteger(value) ? value : this.problem(name, { kind: 'range' });
  }

  /** A full-time equivalent: a whole number or a decimal such as 0.5; its range is the schema's. */
  decimal(name: string): number | undefined {
    const text = this.text(name).replaceAll(',', '');
    if (text === '') return this.problem(name, { kind: 'missing' });
    if (!/^-?\d+(\.\d+)?$/.test(text)) return this.problem(name, { kind: 'format' });
    // FTE is counted in millionths: a finer fraction cannot be a post.
    if ((text.split('.')[1] ?? '').length > 6) return this.problem(name, { kind: 'range' });
    const value = Number(text);
    return Number.isFinite(value) ? value : this.problem(name, { kind: 'range' });
  }

  /** A date typed in the GOV.UK date input (name-day, name-month, name-year) as an ISO date. */
  date(name: string): string | undefined {
    const day = this.text(`${name}-day`);
    const month = this.text(`${name}-month`);
    const year = this.text(`${name}-year`);
    if (day === '' && month === '' && year === '') return this.problem(name, { kind: 'missing' });
    const missing = (
      [
        ['day', day],
        ['month', month],
        ['year', year],
      ] as const
    )
      .filter(([, value]) => value === '')
      .map(([part]) => part);
    if (missing.length > 0) return this.problem(name, { kind: 'date-incomplete', missing });
    if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
      return this.problem(name, { kind: 'format' });
    }
    const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    return isRealDate(iso) ? iso : this.problem(name, { kind: 'date-not-real' });
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
 * The schema's issues as errors of the fields they name, in the catalogue's words, where the reader
 * has not already found a problem with that field. `fieldOf` turns an issue's path into the form's
 * field (a proposal's `lines.1.jobTitle` is the form's `line1-jobTitle`); an issue it cannot place
 * is the form's own.
 */
export function issuesToErrors(
  issues: z.ZodError['issues'],
  reader: FormReader,
  candidate: unknown,
  fieldOf: (path: readonly PropertyKey[]) => string | undefined = defaultFieldOf,
  formField = '_form',
): void {
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    const value = valueAt(candidate, issue.path);
    if (field === undefined || !Object.hasOwn(reader.words, field)) {
      reader.fail(formField, formProblem);
      continue;
    }
    reader.problem(field, problemOfIssue(issue, value));
  }
}

function defaultFieldOf(path: readonly PropertyKey[]): string | undefined {
  const head = path[0];
  return typeof head === 'string' && head !== 'type' && head !== 'actor' ? head : undefined;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
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
