import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { z } from 'zod';
import { csvWithHeader } from '../files/csvWithHeader.js';
import { FileProblemsError } from '../files/fileProblemsError.js';
import { type Person, person } from '../schemas/person.js';

/** Everything wrong with a directory file; nothing has been loaded. */
export class DirectoryFileError extends FileProblemsError {
  override readonly name = 'DirectoryFileError';
  readonly outcome = 'Nothing was loaded.';
}

/** The CSV columns and the person field each fills; list columns hold values separated by `;`. */
const columns = {
  id: 'id',
  name: 'name',
  email: 'email',
  roles: 'roles',
  service_areas: 'serviceAreas',
  director_of: 'directorOf',
  deputises_for: 'deputisesFor',
  notifications: 'notifications',
  active: 'active',
} as const;
type Column = keyof typeof columns;
const listColumns: readonly Column[] = ['roles', 'service_areas', 'director_of', 'deputises_for'];
const requiredColumns: readonly Column[] = ['id', 'name', 'email', 'roles'];
const columnOfField = Object.fromEntries(Object.entries(columns).map(([c, f]) => [f, c])) as Record<
  string,
  Column
>;

const isColumn = (name: string): name is Column => Object.hasOwn(columns, name);

/** One schema issue in the file's own words: `row 3, email: …` for CSV, `person 2, email: …` for JSON. */
function describe(issue: z.core.$ZodIssue, format: 'csv' | 'json', index: number): string {
  const [field, item] = issue.path;
  const where =
    format === 'csv'
      ? `row ${index + 2}, ${columnOfField[String(field)] ?? String(field)}`
      : `person ${index + 1}, ${String(field ?? '(person)')}`;
  const position = typeof item === 'number' && format === 'json' ? `[${item}]` : '';
  return `${where}${position}: ${issue.message}`;
}

function rowsOfCsv(text: string, problems: string[]): Record<string, unknown>[] {
  const { header, rows } = csvWithHeader(
    text,
    { known: Object.keys(columns), required: requiredColumns, requiredNote: '(the first four required)' },
    problems,
  );
  return rows.map((cells) => {
    const raw: Record<string, unknown> = {};
    header.forEach((name, position) => {
      if (!isColumn(name)) return;
      const cell = cells[position] ?? '';
      if (cell === '') return;
      if (listColumns.includes(name)) {
        raw[columns[name]] = cell
          .split(';')
          .map((value) => value.trim())
          .filter(Boolean);
      } else if (name === 'active') raw.active = !/^(no|false|0)$/i.test(cell);
      else raw[columns[name]] = cell;
    });
    return raw;
  });
}

/**
 * Reads a staff directory from a .csv file (header `id,name,email,roles,service_areas,director_of,
 * deputises_for,notifications,active`, lists separated by `;`) or a .json file (an array of people),
 * naming every problem by row and column, or by person and field. Ids must be unique, and every
 * `deputises_for` must name a director in the same file.
 */
export function parseDirectory(text: string, format: 'csv' | 'json', file = 'directory'): Person[] {
  const problems: string[] = [];
  let raws: unknown[] = [];
  if (format === 'csv') raws = rowsOfCsv(text, problems);
  else {
    try {
      const value = JSON.parse(text) as unknown;
      if (Array.isArray(value)) raws = value;
      else problems.push('json: expected an array of people');
    } catch (error) {
      problems.push(`json: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (problems.length > 0) throw new DirectoryFileError(file, problems);
  const where = (index: number) => (format === 'csv' ? `row ${index + 2}` : `person ${index + 1}`);
  const read: { person: Person; index: number }[] = [];
  const seen = new Map<string, number>();
  raws.forEach((raw, index) => {
    const parsed = person.safeParse(raw);
    if (parsed.success) read.push({ person: parsed.data, index });
    else problems.push(...parsed.error.issues.map((issue) => describe(issue, format, index)));
    // Ids are checked on every row, valid or not, so a repeat is named whichever row is wrong.
    const id = (raw as { id?: unknown })?.id;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first !== undefined) problems.push(`${where(index)}, id: ${id} is already used by ${where(first)}`);
    else seen.set(id, index);
  });
  for (const { person: one, index } of read) {
    for (const directorId of one.deputisesFor) {
      const director = read.find((other) => other.person.id === directorId)?.person;
      if (!director?.roles.includes('director')) {
        const field = format === 'csv' ? 'deputises_for' : 'deputisesFor';
        problems.push(`${where(index)}, ${field}: no director with id ${directorId} in the file`);
      }
    }
  }
  const people = read.map((entry) => entry.person);
  if (raws.length === 0) problems.push('the file holds no people');
  if (problems.length > 0) throw new DirectoryFileError(file, problems);
  return people;
}

export async function readDirectoryFile(file: string): Promise<Person[]> {
  const extension = extname(file).toLowerCase();
  if (extension !== '.csv' && extension !== '.json') {
    throw new DirectoryFileError(file, ['expected a .csv or .json file']);
  }
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw new DirectoryFileError(file, [error.message]);
  });
  return parseDirectory(text, extension === '.csv' ? 'csv' : 'json', file);
}
