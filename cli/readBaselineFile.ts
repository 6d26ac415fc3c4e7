import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { z } from 'zod';
import { csvWithHeader } from '../files/csvWithHeader.js';
import { FileProblemsError } from '../files/fileProblemsError.js';
import { type EstablishmentBaseline, establishmentBaseline } from '../schemas/establishmentBaseline.js';

/** Everything wrong with a baseline file and its options; nothing has been recorded. */
export class BaselineFileError extends FileProblemsError {
  override readonly name = 'BaselineFileError';
  readonly outcome = 'Nothing was recorded.';
}

export interface BaselineOptions {
  asOf?: string;
  source?: string;
}

/** The CSV columns and the row field each fills; the FTE columns are required. */
const columns = {
  service_area: 'serviceArea',
  grade: 'grade',
  establishment_fte: 'establishmentFte',
  vacant_fte: 'vacantFte',
} as const;
type Column = keyof typeof columns;
const requiredColumns: readonly Column[] = ['establishment_fte', 'vacant_fte'];
const columnOf = Object.fromEntries(
  Object.entries(columns).map(([column, field]) => [field, column]),
) as Record<string, Column>;
const isColumn = (name: string): name is Column => Object.hasOwn(columns, name);
const optionOf: Record<string, string> = { asOf: '--as-of', source: '--source' };

/** Rows as the spreadsheet numbers them: the header is row 1. */
function rowsOfCsv(text: string, problems: string[]): Record<string, unknown>[] {
  const { header, rows } = csvWithHeader(
    text,
    { known: Object.keys(columns), required: requiredColumns, requiredNote: '(the last two required)' },
    problems,
  );
  return rows.map((cells, index) => {
    const row: Record<string, unknown> = {};
    header.forEach((name, position) => {
      if (!isColumn(name)) return;
      const cell = cells[position] ?? '';
      if (cell === '') return;
      if (name === 'establishment_fte' || name === 'vacant_fte') {
        if (/^\d+(\.\d+)?$/.test(cell)) row[columns[name]] = Number(cell);
        else problems.push(`row ${index + 2}, ${name}: expected a number of FTE, such as 500 or 71.5`);
      } else row[columns[name]] = cell;
    });
    return row;
  });
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let here = value;
  for (const key of path) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

/** One schema issue in the words of the file: a CSV row and column, a JSON row and field, an option. */
function describe(
  issue: z.core.$ZodIssue,
  format: 'csv' | 'json',
  value: unknown,
  fromOptions: ReadonlySet<string>,
): string {
  const [field, index, rowField] = issue.path;
  const missing = issue.code === 'invalid_type' && valueAt(value, issue.path) === undefined;
  const message = missing ? 'required' : issue.message;
  if (field === 'rows' && typeof index === 'number') {
    const name = String(rowField ?? '(row)');
    return format === 'csv'
      ? `row ${index + 2}, ${columnOf[name] ?? name}: ${message}`
      : `row ${index + 1}, ${name}: ${message}`;
  }
  if (field === 'rows') return `the file has no rows of figures (${issue.message})`;
  const name = String(field ?? '(baseline)');
  const option = optionOf[name];
  if (option && (format === 'csv' || fromOptions.has(name))) return `${option}: ${message}`;
  return `${name}: ${message}`;
}

const rowOf = (problem: string) => Number(/^row (\d+)/.exec(problem)?.[1] ?? 0);

/**
 * Reads an establishment baseline from a `.csv` file (header `service_area,grade,establishment_fte,
 * vacant_fte`, the date from --as-of) or a `.json` file (`{ "asOf", "source", "rows": [...] }`, options
 * overriding), and checks all of it. Throws BaselineFileError naming every problem by row and field.
 */
export async function readBaselineFile(
  file: string,
  options: BaselineOptions = {},
): Promise<EstablishmentBaseline> {
  const extension = extname(file).toLowerCase();
  if (extension !== '.csv' && extension !== '.json') {
    throw new BaselineFileError(file, ['expected a .csv or .json file']);
  }
  const format = extension === '.csv' ? 'csv' : 'json';
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new BaselineFileError(file, [`cannot read the file: ${error.code ?? error.message}`]);
  });
  const problems: string[] = [];
  const overrides = {
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    ...(options.source === undefined ? {} : { source: options.source }),
  };
  let value: Record<string, unknown> = {};
  if (format === 'csv') {
    value = { ...overrides, rows: rowsOfCsv(text, problems) };
    if (problems.some((problem) => problem.startsWith('row 1') || problem.startsWith('csv:'))) {
      throw new BaselineFileError(file, problems);
    }
  } else {
    try {
      const json: unknown = JSON.parse(text);
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new BaselineFileError(file, [
          'expected a JSON object: { "asOf": "2022-06-30", "rows": [...] }',
        ]);
      }
      value = { ...(json as Record<string, unknown>), ...overrides };
    } catch (error) {
      if (error instanceof BaselineFileError) throw error;
      throw new BaselineFileError(file, [
        `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      ]);
    }
  }
  const result = establishmentBaseline.safeParse(value);
  if (!result.success) {
    const reported = new Set(problems.map((problem) => problem.split(':')[0]));
    for (const issue of result.error.issues) {
      const described = describe(issue, format, value, new Set(Object.keys(overrides)));
      // A cell already found not to be a number is not reported again as missing.
      if (!reported.has(described.split(':')[0])) problems.push(described);
    }
  }
  if (problems.length > 0 || !result.success) {
    throw new BaselineFileError(
      file,
      [...problems].sort((a, b) => rowOf(a) - rowOf(b)),
    );
  }
  return result.data;
}
