import type { z } from 'zod';
import type { PoundsProblem } from '../../domain/money.js';

/**
 * The one catalogue of error messages the pages show (GOV.UK error message guidance): every field of
 * every form has its words here, and every message is made from them. Validators (zod, the readers of
 * dates, money and numbers) say only what kind of problem a field has; the words a person reads come
 * from here, so no validator's own text ("Too big: expected string to have <=200 characters") ever
 * reaches a page. The words themselves are in fieldWords.ts and commandFieldWords.ts.
 */

/** What kind of value a field takes: it decides the message when the value cannot be read. */
export type FieldKind = 'text' | 'choice' | 'date' | 'money' | 'whole' | 'decimal' | 'reference';

/** How the catalogue names one field and what it says about each of its problems. */
export interface FieldWords {
  kind: FieldKind;
  /** The field as a sentence starts with it: "Job title", "Closing date". */
  name: string;
  /** When it is left empty: "Enter the job title", "Select the recruitment route". */
  missing: string;
  /** The longest text it takes (the schema's), for "… must be 200 characters or fewer". */
  max?: number;
  /** When a number is outside what it may be: "FTE must be more than 0 and no more than 1". */
  range?: string;
  /** When it is not the kind of value asked for, where the kind's own message does not fit. */
  format?: string;
  /** A rule that compares it with another field: "The closing date must be after the opening date". */
  rule?: string;
  /** The rules the service's own checks name (by their wording), said for the person. */
  rules?: Record<string, string>;
}

/** Every field of one form, by the name it has in the form. */
export type FormWords = Record<string, FieldWords>;

/** The kinds of problem a field can have, whoever found it. */
export type Problem =
  | { kind: 'missing' }
  | { kind: 'too-long'; max: number }
  | { kind: 'too-many'; max: number }
  | { kind: 'format' }
  | { kind: 'range' }
  | { kind: 'rule'; said?: string }
  | { kind: 'money'; problem: Exclude<PoundsProblem, 'empty'> }
  | { kind: 'date-incomplete'; missing: readonly ('day' | 'month' | 'year')[] }
  | { kind: 'date-not-real' };

const grouped = (value: number) => value.toLocaleString('en-GB');

const formatOfKind: Record<FieldKind, (words: FieldWords) => string> = {
  text: (words) => words.missing,
  choice: (words) => words.missing,
  date: (words) => `${words.name} must be a real date, like 27 3 2025`,
  money: (words) => `${words.name} must be an amount in pounds, like 44,581 or 44581.00`,
  whole: (words) => `${words.name} must be a whole number, like 12`,
  decimal: (words) => `${words.name} must be a number, like 1 or 0.5`,
  reference: (words) =>
    `${words.name} must be a reference like cand-0042, using only letters, numbers and hyphens`,
};

const moneyMessages: Record<Exclude<PoundsProblem, 'empty'>, (words: FieldWords) => string> = {
  format: (words) => formatOfKind.money(words),
  negative: (words) => `${words.name} must be £0 or more`,
  'too-many-decimals': (words) => `${words.name} must not have more than 2 numbers after the decimal point`,
  'too-large': (words) => `${words.name} must be less than £90 trillion`,
};

/** The message for one problem of one field. */
export function messageFor(words: FieldWords, problem: Problem): string {
  switch (problem.kind) {
    case 'missing':
      return words.missing;
    case 'too-long':
      return `${words.name} must be ${grouped(problem.max)} characters or fewer`;
    case 'too-many':
      return `${words.name} must be ${grouped(problem.max)} or fewer`;
    case 'format':
      return words.format ?? formatOfKind[words.kind](words);
    case 'range':
      return words.range ?? words.format ?? formatOfKind[words.kind](words);
    case 'rule':
      return (problem.said && words.rules?.[problem.said]) ?? words.rule ?? words.format ?? words.missing;
    case 'money':
      return moneyMessages[problem.problem](words);
    case 'date-incomplete':
      return `${words.name} must include a ${problem.missing.join(' and ')}`;
    case 'date-not-real':
      return `${words.name} must be a real date`;
  }
}

/** What a zod issue says about its field, as a kind of problem. */
export function problemOfIssue(issue: z.ZodError['issues'][number], value: unknown): Problem {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int') return { kind: 'range' };
      return { kind: 'missing' };
    case 'too_big':
      if (issue.origin === 'string') return { kind: 'too-long', max: Number(issue.maximum) };
      if (issue.origin === 'array') return { kind: 'too-many', max: Number(issue.maximum) };
      return { kind: 'range' };
    case 'invalid_type':
      return value === undefined || value === '' ? { kind: 'missing' } : { kind: 'format' };
    case 'invalid_value':
      return value === undefined ? { kind: 'missing' } : { kind: 'format' };
    case 'custom':
      return { kind: 'rule', said: issue.message };
    default:
      return value === undefined || value === '' ? { kind: 'missing' } : { kind: 'format' };
  }
}

/**
 * A problem the service's own checks found (the staff directory, the leave calendar), said in the
 * field's words: a rule the catalogue knows by its wording, else the field's "not one of the list".
 */
export function domainProblem(said: string): Problem {
  return { kind: 'rule', said };
}

/** The workflow's refusal of a command, as a sentence for the person who sent it. */
export function refusalMessage(reason: string, said: string): string {
  const text = said.replace(/^invalid command: /, '');
  if (reason === 'forbidden') return `You cannot do this: ${text}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A field the catalogue has no words for still gets a sentence, never a validator's text. */
export function unknownField(field: string): FieldWords {
  return { kind: 'text', name: 'This answer', missing: `Check your answer to ${field}` };
}

/** The form-level message when the service cannot tell which field is wrong. */
export const formProblem = 'Check your answers: something in this form could not be read';

/** Every message a form can show for its fields: the test checks what pages show against these. */
export function messagesOf(words: FormWords): Set<string> {
  const messages = new Set<string>();
  const dateParts: ('day' | 'month' | 'year')[][] = [
    ['day'],
    ['month'],
    ['year'],
    ['day', 'month'],
    ['day', 'year'],
    ['month', 'year'],
  ];
  for (const field of Object.values(words)) {
    const problems: Problem[] = [
      { kind: 'missing' },
      { kind: 'format' },
      { kind: 'range' },
      { kind: 'rule' },
    ];
    if (field.max !== undefined) problems.push({ kind: 'too-long', max: field.max });
    if (field.kind === 'money') {
      for (const problem of Object.keys(moneyMessages) as Exclude<PoundsProblem, 'empty'>[]) {
        problems.push({ kind: 'money', problem });
      }
    }
    if (field.kind === 'date') {
      problems.push({ kind: 'date-not-real' });
      for (const missing of dateParts) problems.push({ kind: 'date-incomplete', missing });
    }
    for (const problem of problems) messages.add(messageFor(field, problem));
    for (const said of Object.keys(field.rules ?? {}))
      messages.add(messageFor(field, { kind: 'rule', said }));
  }
  messages.add(formProblem);
  return messages;
}

// Builders for the words of a field, so each form's catalogue reads as a list of its fields.

export const text = (name: string, what: string, max?: number): FieldWords => ({
  kind: 'text',
  name,
  missing: `Enter ${what}`,
  ...(max === undefined ? {} : { max }),
});

export const choice = (name: string, missing: string, format?: string): FieldWords => ({
  kind: 'choice',
  name,
  missing,
  ...(format === undefined ? {} : { format }),
});

export const date = (name: string, what: string, rule?: string): FieldWords => ({
  kind: 'date',
  name,
  missing: `Enter ${what}`,
  ...(rule === undefined ? {} : { rule }),
});

export const money = (name: string, what: string): FieldWords => ({
  kind: 'money',
  name,
  missing: `Enter ${what}`,
});

export const number = (
  kind: 'whole' | 'decimal',
  name: string,
  what: string,
  range: string,
  rule?: string,
): FieldWords => ({ kind, name, missing: `Enter ${what}`, range, ...(rule === undefined ? {} : { rule }) });

/** An opaque reference of the HR system (never a name): cand-0042, emp-1042. */
export const reference = (name: string, what: string, example: string): FieldWords => ({
  kind: 'reference',
  name,
  missing: `Enter ${what}`,
  format: `${name} must be a reference like ${example}, using only letters, numbers and hyphens`,
});
