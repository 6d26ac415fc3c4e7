import { randomUUID } from 'node:crypto';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import { type ProposalTotals, proposalTotals } from '../../domain/proposalPosts.js';
import { londonDateOf } from '../../domain/workingDays.js';
import { type Actor, proposalId as proposalIdSchema } from '../../schemas/common.js';
import { type PostLine, postLine } from '../../schemas/postWorkflowInput.js';
import { type Proposal, proposal as proposalSchema } from '../../schemas/proposal.js';
import {
  dateInputValues,
  type ErrorLink,
  errorLinks,
  type FormReader,
  type FormValues,
  issuesToErrors,
} from './formReader.js';

/** The most lines one form takes; a longer report is entered as more than one proposal. */
export const maxLines = 10;

export const lineFields = ['serviceArea', 'jobTitle', 'grade', 'annualCost', 'fte'] as const;
export const lineField = (line: number, field: (typeof lineFields)[number]) => `line${line}-${field}`;

const headerFields = [
  'title',
  'service',
  'decisionMaker',
  'deputy',
  'allocation',
  'allocationName',
  'openForCallIn',
  'confidential',
  'reportDate',
] as const;

/** Messages for what the schema refuses, in the house's words. */
const headerMessages: Record<string, string> = {
  title: 'Enter the title of the report',
  service: 'Enter the service, like Children and Families',
  decisionMaker: 'Enter the user id of the decision maker, like director.julie',
  deputy: 'Enter the user id of the deputy director, like deputy.farrah',
  allocationName: 'Enter the name of the allocation, like 2022/23 revenue budget',
};

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
    [lineField(1, 'fte')]: '1',
  };
}

/** The field that takes focus for an error: a date's day box, a yes/no's first radio. */
export function fieldId(field: string): string {
  return field === 'reportDate' ? 'reportDate-day' : field;
}

export interface ReadLines {
  lines: PostLine[];
  /** How many line rows the form shows again: those filled in and one blank, at most maxLines. */
  rows: number;
}

function lineIsBlank(reader: FormReader, line: number): boolean {
  return ['serviceArea', 'jobTitle', 'grade', 'annualCost'].every(
    (field) => reader.text(`line${line}-${field}`) === '',
  );
}

/** Reads the post lines that were filled in; a blank line is left out, a part-filled one is an error. */
export function readLines(reader: FormReader): ReadLines {
  const lines: PostLine[] = [];
  let lastFilled = 0;
  for (let line = 1; line <= maxLines; line += 1) {
    if (lineIsBlank(reader, line)) continue;
    lastFilled = line;
    const name = (field: (typeof lineFields)[number]) => lineField(line, field);
    const serviceArea = reader.text(name('serviceArea'));
    const jobTitle = reader.text(name('jobTitle'));
    const grade = reader.text(name('grade'));
    if (serviceArea === '') reader.fail(name('serviceArea'), `Enter the service area of line ${line}`);
    if (jobTitle === '') reader.fail(name('jobTitle'), `Enter the job title of line ${line}`);
    if (grade === '') reader.fail(name('grade'), `Enter the grade of line ${line}, like PO1`);
    const annualCostPence = reader.pence(name('annualCost'), `the annual cost of line ${line}`);
    const fteCount = reader.decimal(name('fte'), `the FTE of line ${line}`);
    if (annualCostPence === undefined || fteCount === undefined) continue;
    const parsed = postLine.safeParse({ serviceArea, jobTitle, grade, annualCostPence, fteCount });
    if (parsed.success) {
      lines.push(parsed.data);
      continue;
    }
    const fieldOf: Record<string, string> = {
      annualCostPence: name('annualCost'),
      fteCount: name('fte'),
      serviceArea: name('serviceArea'),
      jobTitle: name('jobTitle'),
      grade: name('grade'),
    };
    for (const issue of parsed.error.issues) {
      const field = fieldOf[String(issue.path[0])] ?? name('jobTitle');
      reader.fail(field, `Line ${line}: ${issue.message}`);
    }
  }
  return { lines, rows: Math.min(maxLines, Math.max(1, lastFilled + 1)) };
}

export interface ProposalFormState {
  values: FormValues;
  errors: Record<string, string>;
  errorList: ErrorLink[];
  rows: number;
  totals?: ProposalTotals & { allocationPence?: number; leftPence?: number };
  proposal?: Proposal;
}

function yesNo(reader: FormReader, field: string, message: string): boolean | undefined {
  const value = reader.text(field);
  if (value === 'yes') return true;
  if (value === 'no') return false;
  return reader.fail(field, message);
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
    reader.fail(
      'decisionMaker',
      'The decision maker must be someone other than you: a proposer never approves',
    );
  }
  return {
    proposalId: proposalIdOf(reader),
    title: reader.text('title'),
    service: reader.text('service'),
    author,
    decisionMaker,
    deputy: reader.text('deputy'),
    openForCallIn: yesNo(reader, 'openForCallIn', 'Select yes if the decision is open for call-in'),
    confidential: yesNo(reader, 'confidential', 'Select yes if the report is confidential'),
  };
}

/** Checks a whole proposal against its schema, putting each issue on the field it names. */
export function checkProposal(reader: FormReader, candidate: Record<string, unknown>): Proposal | undefined {
  const parsed = proposalSchema.safeParse(candidate);
  if (parsed.success) return reader.hasErrors ? undefined : parsed.data;
  const renamed = parsed.error.issues.map((issue) => {
    const head = String(issue.path[0]);
    const path =
      head === 'allocationPence'
        ? ['allocation']
        : head === 'lines'
          ? [lineField(1, 'serviceArea')]
          : issue.path;
    return { ...issue, path };
  });
  issuesToErrors(renamed, reader.errors, {
    ...headerMessages,
    [lineField(1, 'serviceArea')]: 'Add at least one post line',
  });
  return undefined;
}

const errorOrder = [
  ...headerFields,
  ...Array.from({ length: maxLines }, (_, index) =>
    lineFields.map((field) => lineField(index + 1, field)),
  ).flat(),
];

/**
 * Reads the proposal form. "Calculate total" only checks the lines and shows what they add up to
 * against the allocation; "Submit proposal" checks everything and gives the proposal to start.
 */
export function readProposalForm(reader: FormReader, author: Actor, submit: boolean): ProposalFormState {
  const { lines, rows } = readLines(reader);
  const allocationPence = reader.optionalPence('allocation', 'the funding allocation');
  const lineErrors = { ...reader.errors };
  const totals = lines.length > 0 ? proposalTotals(lines) : undefined;
  const withAllocation = totals && {
    ...totals,
    ...(allocationPence === undefined
      ? {}
      : { allocationPence, leftPence: allocationPence - totals.costPence }),
  };
  let proposal: Proposal | undefined;
  if (submit) {
    const header = readProposalHeader(reader, author);
    if (allocationPence === undefined) reader.pence('allocation', 'the funding allocation');
    const reportDate = reader.date('reportDate', 'the report date');
    proposal = checkProposal(reader, {
      ...header,
      allocationPence,
      allocationName: reader.text('allocationName'),
      reportDate,
      lines,
    });
  }
  const errors = submit ? reader.errors : lineErrors;
  // The blank line offered for one more post starts as one full-time post.
  reader.values[lineField(rows, 'fte')] ??= '1';
  return {
    values: reader.values,
    errors,
    errorList: errorLinks(errors, errorOrder, fieldId),
    rows,
    ...(withAllocation ? { totals: withAllocation } : {}),
    ...(proposal ? { proposal } : {}),
  };
}
