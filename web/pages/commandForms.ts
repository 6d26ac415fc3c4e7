import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { PostView } from '../../contract/postView.js';
import type { RouteView } from '../../contract/routeMessages.js';
import type { Role } from '../../schemas/common.js';
import type { RecruitmentRoute } from '../../schemas/postCommands.js';
import { postCommandRoles, routeCommandRoles } from '../api/commandRoles.js';
import { actorFor, type SignedInUser } from '../auth/user.js';
import { commandFieldWords } from './commandFieldWords.js';
import type { FormWords } from './errorCatalogue.js';
import {
  type ErrorLink,
  errorLinks,
  type FormReader,
  type FormValues,
  issuesToErrors,
} from './formReader.js';
import type { PersonOption } from './personOptions.js';

/** The family a form belongs to: one Nunjucks file of macros each (web/views/forms/<family>Forms.njk). */
export type FormFamily =
  | 'decision'
  | 'consultation'
  | 'callIn'
  | 'recruitment'
  | 'postChange'
  | 'selection'
  | 'programme';

/** What a form may look at to offer its choices and defaults. */
export interface FormContext {
  user: SignedInUser;
  view: PostView;
  /** The recruitment routes this person may start now, by the workflow's answer. */
  routes: readonly RecruitmentRoute[];
  route: RouteView | undefined;
  /** Today in London, ISO. */
  today: string;
  /** The deputy directors in the staff directory: whom a director may delegate to. */
  deputies: PersonOption[];
}

/** One command's form: how it reads, what it offers, where its fields are. */
export interface CommandFormSpec {
  /** The command type, also the last segment of the URL it posts to. */
  type: string;
  family: FormFamily;
  title: string;
  /** The success banner after the command is done. */
  success: string;
  /** The fields in page order, for the error summary. */
  fields: readonly string[];
  /** Fields entered as GOV.UK date inputs (name-day, name-month, name-year). */
  dateFields?: readonly string[];
  schema: z.ZodType;
  /** The command's own fields from the form (type and actor are added). */
  read(reader: FormReader, context: FormContext): Record<string, unknown>;
  defaults?(context: FormContext): FormValues;
  /** Choices the template shows, e.g. which routes may start now. */
  options?(context: FormContext): Record<string, unknown>;
  /**
   * What to ask before a command that cannot be undone (withdraw, reject): the form is shown on a
   * confirmation page first, and only its second sending, with `confirmed=yes`, is carried out.
   */
  confirm?(command: Record<string, unknown>): Confirmation | undefined;
  /** The roles this form's command may be sent in, when narrower than the role table's (consultation). */
  actorRoles?: (context: FormContext) => readonly Role[];
}

/** The confirmation page's words: the question, why it matters, the button and what was entered. */
export interface Confirmation {
  heading: string;
  warning: string;
  button: string;
  /** What the person entered, as the page repeats it: "Reason" and the reason. */
  details: { key: string; value: string }[];
}

/** A form as a template renders it. */
export interface RenderedForm {
  type: string;
  family: FormFamily;
  title: string;
  action: string;
  /** Fresh for every rendering: a double submit of one rendered form has one effect. */
  idempotencyKey: string;
  idPrefix: string;
  values: FormValues;
  errors: Record<string, string>;
  options: Record<string, unknown>;
}

/** A form that was sent and failed: shown again with what was typed and what is wrong. */
export interface FailedForm {
  type: string;
  values: FormValues;
  errors: Record<string, string>;
}

/** The form-level error of a refused command (not one field's). */
export const formError = '_form';

export const idPrefixOf = (spec: Pick<CommandFormSpec, 'type'>) => `${spec.type}-`;

/** The element an error links to: the field, a date's day box, or the form's heading. */
export function fieldElementId(spec: CommandFormSpec, field: string): string {
  if (field === formError) return spec.type;
  const id = `${idPrefixOf(spec)}${field}`;
  return spec.dateFields?.includes(field) ? `${id}-day` : id;
}

export function renderForm(
  spec: CommandFormSpec,
  context: FormContext,
  action: string,
  failed?: FailedForm,
): RenderedForm {
  return {
    type: spec.type,
    family: spec.family,
    title: spec.title,
    action,
    idempotencyKey: randomUUID(),
    idPrefix: idPrefixOf(spec),
    values: failed?.values ?? spec.defaults?.(context) ?? {},
    errors: failed?.errors ?? {},
    options: spec.options?.(context) ?? {},
  };
}

export function errorListOf(spec: CommandFormSpec, errors: Record<string, string>): ErrorLink[] {
  return errorLinks(errors, [formError, ...spec.fields], (field) => fieldElementId(spec, field));
}

export type ReadCommand = { ok: true; command: unknown } | { ok: false; errors: Record<string, string> };

/** The role the person sends this form's command in: a consultee answers for the party of their form. */
export function actorForForm(spec: CommandFormSpec, context: FormContext) {
  const roles =
    spec.type in postCommandRoles
      ? postCommandRoles[spec.type as keyof typeof postCommandRoles]
      : routeCommandRoles[spec.type as keyof typeof routeCommandRoles];
  return actorFor(context.user, spec.actorRoles?.(context) ?? roles ?? []);
}

/** The error catalogue's words for a command form's fields. */
export function wordsOfForm(spec: Pick<CommandFormSpec, 'type'>): FormWords {
  return commandFieldWords[spec.type] ?? {};
}

/** Reads and checks a command from its form: every problem is named on its field, in the catalogue's words. */
export function readCommand(spec: CommandFormSpec, reader: FormReader, context: FormContext): ReadCommand {
  reader.words = wordsOfForm(spec);
  const command = { type: spec.type, actor: actorForForm(spec, context), ...spec.read(reader, context) };
  const parsed = spec.schema.safeParse(command);
  if (!parsed.success) issuesToErrors(parsed.error.issues, reader, command, undefined, formError);
  return reader.hasErrors ? { ok: false, errors: reader.errors } : { ok: true, command: parsed.data };
}

/** A GOV.UK radio or checkbox item. */
export const item = (value: string, text: string, hint?: string) => ({
  value,
  text,
  ...(hint ? { hint: { text: hint } } : {}),
});

/** Undefined values leave the command: optional schema fields must be absent, not undefined. */
export function present<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
