import { randomUUID } from 'node:crypto';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import { londonDateOf } from '../../domain/workingDays.js';
import { type Actor, proposalId as proposalIdSchema } from '../../schemas/common.js';
import { type PostLine, postLine } from '../../schemas/postWorkflowInput.js';
import { type Proposal, proposal as proposalSchema } from '../../schemas/proposal.js';
import { proposalWords } from './fieldWords.js';
import {
  dateInputValues,
  type ErrorLink,
  errorLinks,
  type FormBody,
  FormReader,
  type FormValues,
  issuesToErrors,
} from './formReader.js';
import { type RunningTotal, runningTotal } from './runningTotal.js';

/** The most lines one form takes; a longer report is entered as more than one proposal. */
export const maxLines = 10;

export const lineFields = ['serviceArea', 'jobTitle', 'grade', 'annualCost', 'fte', 'justification'] as const;
export type LineField = (typeof lineFields)[number];
/**
 * A line's field name: line0-jobTitle for the first line. Counted from 0 because MOJ Frontend's
 * add-another script numbers the lines it adds that way (its `%index%`), so a form enhanced by it
 * and a form without JavaScript send the same names.
 */
export const lineField = (index: number, field: LineField | string) => `line${index}-${field}`;
const lineFieldPattern = /^line(\d{1,3})-(serviceArea|jobTitle|grade|annualCost|fte|justification)$/;

const headerFields = [
  'title',
  'service',
  'reportDate',
  'decisionMaker',
  'deputy',
  'openForCallIn',
  'confidential',
  'allocation',
  'allocationName',
] as const;

export function newProposalId(today: string): string {
  return `proposal-${today}-${randomUUID().slice(0, 8)}`;
}

/** What a fresh form shows: the service's director and their deputy, today's date, one line. */
export function freshProposalValues(directory: StaffDirectory, now = Date.now()): FormValues {
  const today = londonDateOf(now);
  const service = 'Children and Families';
  const director = directory.directorOf(service);
  return {
    proposalId: newProposalId(today),
    service,
    decisionMaker: director?.id ?? '',
    deputy: (director && directory.deputyOf(director.id)?.id) ?? '',
    allocationName: '',
    openForCallIn: 'yes',
    confidential: 'no',
    ...dateInputValues('reportDate', today),
    [lineField(0, 'fte')]: '1',
  };
}

/** The field that takes focus for an error: a date's day box; a choice's first radio. */
export function fieldId(field: string): string {
  if (field === 'reportDate') return 'reportDate-day';
  if (field === 'lines') return lineField(0, 'serviceArea');
  return field;
}

/** What the person asked for with the button they pressed. */
export type ProposalAction =
  | { kind: 'submit' }
  | { kind: 'calculate' }
  | { kind: 'add-line' }
  | { kind: 'remove-line'; index: number };

export function actionOf(body: FormBody): ProposalAction {
  const remove = body.remove;
  const removed = Number(Array.isArray(remove) ? remove[0] : remove);
  if (remove !== undefined && Number.isInteger(removed)) return { kind: 'remove-line', index: removed };
  if (body['lines-add-another'] !== undefined) return { kind: 'add-line' };
  const action = Array.isArray(body.action) ? body.action[0] : body.action;
  return action === 'submit' ? { kind: 'submit' } : { kind: 'calculate' };
}

type LineValues = Record<LineField, string>;

/**
 * The lines as sent, in the order of their numbers, counted again from 0: the one removed left out,
 * a blank one added on "Add another post line" (up to maxLines), and always at least one.
 */
function linesSent(body: FormBody, action: ProposalAction): LineValues[] {
  const byIndex = new Map<number, Partial<LineValues>>();
  for (const [name, value] of Object.entries(body)) {
    const match = lineFieldPattern.exec(name);
    if (!match) continue;
    const index = Number(match[1]);
    const line = byIndex.get(index) ?? {};
    line[match[2] as LineField] = (Array.isArray(value) ? value[0] : value) ?? '';
    byIndex.set(index, line);
  }
  const blank = (): LineValues => ({
    serviceArea: '',
    jobTitle: '',
    grade: '',
    annualCost: '',
    fte: '1',
    justification: '',
  });
  const lines = [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .filter(([index]) => !(action.kind === 'remove-line' && action.index === index))
    .map(([, line]) => ({ ...blank(), fte: '', ...line }))
    .slice(0, maxLines);
  if (action.kind === 'add-line' && lines.length < maxLines) lines.push(blank());
  if (lines.length === 0) lines.push(blank());
  return lines;
}

/** The body with its lines renamed to line0-…, line1-…, in order. */
function withLines(body: FormBody, lines: readonly LineValues[]): FormBody {
  const rest = Object.fromEntries(Object.entries(body).filter(([name]) => !lineFieldPattern.test(name)));
  const renamed = lines.flatMap((line, index) =>
    lineFields.map((field) => [lineField(index, field), line[field]] as const),
  );
  return { ...rest, ...Object.fromEntries(renamed) };
}

function lineIsBlank(line: LineValues): boolean {
  return (['serviceArea', 'jobTitle', 'grade', 'annualCost', 'justification'] as const).every(
    (field) => line[field].trim() === '',
  );
}

/** Reads the post lines that were filled in; a blank line is left out, a part-filled one is an error. */
function readLines(reader: FormReader, lines: readonly LineValues[]): PostLine[] {
  const read: PostLine[] = [];
  lines.forEach((line, index) => {
    if (lineIsBlank(line)) return;
    const name = (field: LineField) => lineField(index, field);
    const candidate = {
      serviceArea: reader.text(name('serviceArea')),
      jobTitle: reader.text(name('jobTitle')),
      grade: reader.text(name('grade')),
      annualCostPence: reader.pence(name('annualCost')),
      fteCount: reader.decimal(name('fte')),
      ...(reader.optionalText(name('justification')) === undefined
        ? {}
        : { justification: reader.text(name('justification')) }),
    };
    const parsed = postLine.safeParse(candidate);
    if (parsed.success) {
      read.push(parsed.data);
      return;
    }
    const fieldOf = (path: readonly PropertyKey[]) => {
      const head = String(path[0]);
      return name(
        (head === 'annualCostPence' ? 'annualCost' : head === 'fteCount' ? 'fte' : head) as LineField,
      );
    };
    issuesToErrors(parsed.error.issues, reader, candidate, fieldOf);
  });
  return read;
}

export interface ProposalFormState {
  values: FormValues;
  errors: Record<string, string>;
  errorList: ErrorLink[];
  /** How many line fieldsets the form shows. */
  rows: number;
  total: RunningTotal;
  /** The field that takes focus when the page loads: the new line's first after "Add another". */
  focus?: string;
  proposal?: FormProposal;
}

function yesNo(reader: FormReader, field: string): boolean | undefined {
  const value = reader.text(field);
  if (value === 'yes') return true;
  if (value === 'no') return false;
  return reader.problem(field, { kind: 'missing' });
}

/**
 * The id the form was rendered with, so sending the same form twice starts one proposal; a form
 * without a usable one (an old page, a hand-made request) gets a new id, kept if it is shown again.
 */
function proposalIdOf(reader: FormReader): string {
  const given = reader.text('proposalId');
  if (proposalIdSchema.safeParse(given).success) return given;
  const fresh = newProposalId(londonDateOf(Date.now()));
  reader.values.proposalId = fresh;
  return fresh;
}

/** Everything of a proposal but its lines: shared by the proposal form and the single vacancy. */
export function readProposalHeader(reader: FormReader, author: Actor) {
  const decisionMaker = reader.text('decisionMaker');
  if (decisionMaker !== '' && decisionMaker === author.id) {
    reader.problem('decisionMaker', { kind: 'rule' });
  }
  return {
    proposalId: proposalIdOf(reader),
    title: reader.text('title'),
    service: reader.text('service'),
    author,
    decisionMaker,
    deputy: reader.text('deputy'),
    openForCallIn: yesNo(reader, 'openForCallIn'),
    confidential: yesNo(reader, 'confidential'),
  };
}

/**
 * Checks a whole proposal against its schema, putting each issue on the field of the form it
 * belongs to (`fieldOf` places the proposal's paths on the form's fields).
 */
/** A proposal as the form gives it: everything but the timetable, which comes from the policy. */
export type FormProposal = Omit<Proposal, 'timings'>;

export function checkProposal(
  reader: FormReader,
  candidate: Record<string, unknown>,
  fieldOf: (path: readonly PropertyKey[]) => string | undefined,
): FormProposal | undefined {
  const parsed = proposalSchema.safeParse(candidate);
  if (parsed.success) {
    // The form asks for no timetable: the schema's defaults are dropped, so that the approval policy
    // gives the call-in settings (PostService) as it does for the API.
    const { timings: _defaults, ...proposal } = parsed.data;
    return reader.hasErrors ? undefined : proposal;
  }
  issuesToErrors(parsed.error.issues, reader, candidate, fieldOf);
  return undefined;
}

const proposalFieldOf = (path: readonly PropertyKey[]): string | undefined => {
  const [head, index, field] = path;
  if (head === 'allocationPence') return 'allocation';
  if (head === 'lines') {
    if (typeof index !== 'number') return 'lines';
    const named = field === 'annualCostPence' ? 'annualCost' : field === 'fteCount' ? 'fte' : field;
    return lineField(index, String(named));
  }
  return typeof head === 'string' ? head : undefined;
};

const errorOrder = [
  ...headerFields,
  'lines',
  ...Array.from({ length: maxLines }, (_, index) =>
    lineFields.map((field) => lineField(index, field)),
  ).flat(),
];

/**
 * Reads the proposal form for the button pressed. Every button shows the running total of the lines
 * against the allocation; "Add another post line" and "Remove" change the lines without checking
 * anything; "Calculate total" checks the lines; "Submit proposal" checks everything and gives the
 * proposal to start.
 */
export function readProposalForm(body: FormBody, author: Actor, action = actionOf(body)): ProposalFormState {
  const lines = linesSent(body, action);
  const reader = new FormReader(withLines(body, lines), proposalWords(lines.length, lineField));
  const total = runningTotal(
    lines.map((line) => ({ jobTitle: line.jobTitle.trim(), annualCost: line.annualCost, fte: line.fte })),
    reader.text('allocation'),
  );
  let proposal: FormProposal | undefined;
  if (action.kind === 'calculate' || action.kind === 'submit') {
    const read = readLines(reader, lines);
    if (action.kind === 'submit') {
      const header = readProposalHeader(reader, author);
      const allocationPence = reader.pence('allocation');
      const reportDate = reader.date('reportDate');
      proposal = checkProposal(
        reader,
        {
          ...header,
          allocationPence,
          allocationName: reader.text('allocationName'),
          reportDate,
          lines: lines.every(lineIsBlank) ? [] : read,
        },
        proposalFieldOf,
      );
      // A line that was filled in but is wrong has its own errors: "add a line" would mislead.
      if (read.length < lines.filter((line) => !lineIsBlank(line)).length) delete reader.errors.lines;
    }
  }
  const values = reader.values;
  return {
    values,
    errors: reader.errors,
    errorList: errorLinks(reader.errors, errorOrder, fieldId),
    rows: lines.length,
    total,
    ...(action.kind === 'add-line' ? { focus: lineField(lines.length - 1, 'serviceArea') } : {}),
    ...(action.kind === 'remove-line' ? { focus: 'post-lines' } : {}),
    ...(proposal ? { proposal } : {}),
  };
}

/** The running total of a fresh form: its one blank line. */
export function freshRunningTotal(): RunningTotal {
  return runningTotal([{ jobTitle: '', annualCost: '', fte: '1' }], '');
}
