import ExcelJS from 'exceljs';
import { formulaSafe } from '../csv.js';
import type { Cell, CellKind, DashboardTable } from './dashboardTables.js';

/** Excel's number formats for each kind of cell: real numbers, dates and percentages, not text. */
const numberFormats: Partial<Record<CellKind, string>> = {
  percent: '0.0%',
  pounds: '"£"#,##0.00',
  date: 'd mmmm yyyy',
};

function xlsxCell(cell: Cell, kind: CellKind): string | number | Date | null {
  if (cell === null) return null;
  if (typeof cell === 'string') {
    // ISO dates become dates; all other text is made formula-safe, as in the CSV files.
    if (kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(cell)) return new Date(`${cell}T00:00:00Z`);
    return formulaSafe(cell);
  }
  return kind === 'pounds' ? cell / 100 : cell;
}

/** Sheet names are at most 31 characters, without : \ / ? * [ ], and unique in a workbook. */
function sheetName(table: DashboardTable, taken: Set<string>): string {
  const base = (table.sheet ?? table.title).replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n += 1)
    name = `${base.slice(0, 31 - `${n}`.length - 1)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** The whole dashboard as one workbook: one sheet per table, headings bold and frozen. */
export async function dashboardWorkbook(tables: readonly DashboardTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Council posts';
  const taken = new Set<string>();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((column, index) => {
      const longest = Math.max(
        column.heading.length,
        ...table.rows.map((row) => String(row[index] ?? '').length),
      );
      const numFmt = numberFormats[column.kind];
      return {
        header: column.heading,
        width: Math.min(60, Math.max(10, longest + 2)),
        ...(numFmt ? { style: { numFmt } } : {}),
      };
    });
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      sheet.addRow(row.map((cell, index) => xlsxCell(cell, table.columns[index]?.kind ?? 'text')));
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
