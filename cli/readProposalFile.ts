import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { z } from 'zod';
import { FileProblemsError } from '../files/fileProblemsError.js';
import { type ProposalDraft, proposalDraft } from '../schemas/proposal.js';
import { cellKey, columnOfField, readCsvLines, rowOfLine } from './proposalCsv.js';
import { optionOfField, type ProposalOptions, proposalFields } from './proposalOptions.js';

/** Everything wrong with a proposal file and its options; nothing has been started. */
export class ProposalFileError extends FileProblemsError {
  override readonly name = 'ProposalFileError';
  readonly outcome = 'Nothing was imported.';
}

type Format = 'csv' | 'json';

interface Draft {
  format: Format;
  value: Record<string, unknown>;
  /** Fields whose value came from an option: a problem with one names the option. */
  fromOptions: Set<string>;
  reportedFields: Set<string>;
  reportedCells: Set<string>;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let here = value;
  for (const key of path) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

/** One schema issue in the words of the file it came from: a CSV row and column, a JSON field, an option. */
function describeIssue(issue: z.core.$ZodIssue, draft: Draft): string | undefined {
  const [field, index, lineField] = issue.path;
  const message = valueAt(draft.value, issue.path) === undefined ? 'required' : issue.message;
  if (field === 'lines' && typeof index === 'number') {
    if (draft.format === 'json')
      return `line ${index + 1}, ${issue.path.slice(2).join('.') || '(line)'}: ${message}`;
    const column = columnOfField[lineField as keyof typeof columnOfField] ?? String(lineField ?? '(row)');
    const cell = cellKey(rowOfLine(index), column);
    return draft.reportedCells.has(cell) ? undefined : `${cell}: ${message}`;
  }
  if (field === 'lines' && draft.format === 'csv') return `the file has no post lines (${issue.message})`;
  const name = String(field ?? '(proposal)');
  if (draft.reportedFields.has(name)) return undefined;
  const option = optionOfField[name];
  if (option && (draft.format === 'csv' || draft.fromOptions.has(name))) return `${option}: ${message}`;
  return `${issue.path.map(String).join('.') || '(proposal)'}: ${message}`;
}

/** The proposal's own fields first, then the rows top to bottom (sort is stable). */
function inRowOrder(problems: readonly string[]): string[] {
  const rowOf = (problem: string) => Number(/^row (\d+)/.exec(problem)?.[1] ?? 0);
  return [...problems].sort((a, b) => rowOf(a) - rowOf(b));
}

function formatOf(file: string): Format | undefined {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  return undefined;
}

function readJson(text: string): { value: Record<string, unknown> } | { problem: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { value: value as Record<string, unknown> };
    }
    return { problem: 'expected a JSON object with the proposal’s fields' };
  } catch (error) {
    return { problem: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Reads a proposal from a `.json` file (a proposal object) or a `.csv` file (its post lines, with the
 * proposal's own fields from options), and checks all of it against the proposal schema.
 * Throws ProposalFileError listing every problem by row and field.
 */
export async function readProposalFile(file: string, options: ProposalOptions = {}): Promise<ProposalDraft> {
  const format = formatOf(file);
  if (!format) throw new ProposalFileError(file, ['expected a .csv or .json file']);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ProposalFileError(file, [
      `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? error}`,
    ]);
  }

  const problems: string[] = [];
  const overrides = proposalFields(options);
  problems.push(...overrides.problems);
  const draft: Draft = {
    format,
    value: {},
    fromOptions: new Set(Object.keys(overrides.fields)),
    reportedFields: overrides.reportedFields,
    reportedCells: new Set(),
  };
  if (format === 'json') {
    const json = readJson(text);
    if ('problem' in json) throw new ProposalFileError(file, [json.problem]);
    // The proposal is made by whoever is signed in: an author the file names is not the sender's to choose.
    const { author: _author, ...fields } = json.value;
    draft.value = { ...fields, ...overrides.fields };
  } else {
    const csv = readCsvLines(text);
    problems.push(...csv.problems);
    if (csv.lines.length === 0 && csv.problems.length > 0) throw new ProposalFileError(file, problems);
    draft.reportedCells = csv.reportedCells;
    draft.value = { confidential: false, ...overrides.fields, lines: csv.lines };
  }

  const result = proposalDraft.safeParse(draft.value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const described = describeIssue(issue, draft);
      if (described) problems.push(described);
    }
  }
  if (problems.length > 0 || !result.success) throw new ProposalFileError(file, inRowOrder(problems));
  return result.data;
}
