import { parse } from 'csv-parse/sync';

export interface CsvColumns {
  /** Every column the file may have. */
  known: readonly string[];
  /** Those it must have. */
  required: readonly string[];
  /** How the header's rule is said when it is broken, e.g. "(the last two required)". */
  requiredNote: string;
}

/**
 * A CSV file's header and data rows, as a spreadsheet shows them (the header is row 1). What is wrong
 * with the file or its header goes into `problems`, naming row 1, and no rows come back; reading
 * the cells is the caller's, who knows what each column holds.
 */
export function csvWithHeader(
  text: string,
  columns: CsvColumns,
  problems: string[],
): { header: string[]; rows: string[][] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, trim: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    problems.push(`csv: ${error instanceof Error ? error.message : String(error)}`);
    return { header: [], rows: [] };
  }
  const [header = [], ...rows] = records;
  const unknown = header.filter((name) => !columns.known.includes(name));
  const missing = columns.required.filter((column) => !header.includes(column));
  if (unknown.length > 0) problems.push(`row 1 (header): unknown column ${unknown.join(', ')}`);
  if (missing.length > 0) problems.push(`row 1 (header): missing column ${missing.join(', ')}`);
  if (problems.length > 0) {
    problems.push(`the header must hold: ${columns.known.join(',')} ${columns.requiredNote}`);
    return { header, rows: [] };
  }
  return { header, rows };
}
