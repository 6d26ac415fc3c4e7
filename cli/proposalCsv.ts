import { parse } from 'csv-parse/sync';
import { parsePounds } from './pounds.js';

/** The CSV columns and the post line field each one fills. */
export const csvColumns = {
  service_area: 'serviceArea',
  job_title: 'jobTitle',
  grade: 'grade',
  annual_cost: 'annualCostPence',
  fte: 'fteCount',
  job_description_ref: 'jobDescriptionRef',
  justification: 'justification',
} as const;

export type CsvColumn = keyof typeof csvColumns;
type LineField = (typeof csvColumns)[CsvColumn];

const requiredColumns: readonly CsvColumn[] = ['service_area', 'job_title', 'grade', 'annual_cost', 'fte'];

export const columnOfField = Object.fromEntries(
  Object.entries(csvColumns).map(([column, field]) => [field, column]),
) as Record<LineField, CsvColumn>;

/** Rows are numbered as a spreadsheet shows them: the header is row 1, the first post line row 2. */
export const rowOfLine = (lineIndex: number): number => lineIndex + 2;

export interface CsvLines {
  /** One raw post line per row, for the proposal schema to check; cells already found wrong are left out. */
  lines: Record<string, unknown>[];
  /** Problems found reading the file, each naming its row and column. */
  problems: string[];
  /** `row N, column` of every cell already reported, so a schema check does not report it twice. */
  reportedCells: Set<string>;
}

export const cellKey = (row: number, column: string): string => `row ${row}, ${column}`;

function isColumn(name: string): name is CsvColumn {
  return Object.hasOwn(csvColumns, name);
}

function readRecords(text: string): string[][] | string {
  try {
    return parse(text, { bom: true, trim: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Reads post lines from CSV text whose header is `service_area,job_title,grade,annual_cost,fte,...`. */
export function readCsvLines(text: string): CsvLines {
  const result: CsvLines = { lines: [], problems: [], reportedCells: new Set() };
  const records = readRecords(text);
  if (typeof records === 'string') {
    result.problems.push(`csv: ${records}`);
    return result;
  }
  const [header = [], ...rows] = records;
  const unknown = header.filter((name) => !isColumn(name));
  const missing = requiredColumns.filter((column) => !header.includes(column));
  if (unknown.length > 0) result.problems.push(`row 1 (header): unknown column ${unknown.join(', ')}`);
  if (missing.length > 0) result.problems.push(`row 1 (header): missing column ${missing.join(', ')}`);
  if (result.problems.length > 0) {
    result.problems.push(`the header must be: ${Object.keys(csvColumns).join(',')}`);
    return result;
  }

  rows.forEach((cells, index) => {
    const row = rowOfLine(index);
    const line: Record<string, unknown> = {};
    const problem = (column: CsvColumn, message: string) => {
      result.problems.push(`${cellKey(row, column)}: ${message}`);
      result.reportedCells.add(cellKey(row, column));
    };
    header.forEach((name, position) => {
      if (!isColumn(name)) return;
      const cell = cells[position] ?? '';
      if (cell === '') {
        if (requiredColumns.includes(name)) problem(name, 'required');
        return;
      }
      if (name === 'annual_cost') {
        const pounds = parsePounds(cell);
        if (pounds.ok) line.annualCostPence = pounds.pence;
        else problem(name, pounds.problem);
      } else if (name === 'fte') {
        if (/^\d+(\.\d+)?$/.test(cell) && Number(cell) > 0) line.fteCount = Number(cell);
        else problem(name, 'expected a number of full-time equivalents above 0, such as 3 or 0.5');
      } else {
        line[csvColumns[name]] = cell;
      }
    });
    result.lines.push(line);
  });
  return result;
}
