/** Text layout for the CLI's human output. */

/** Rows under a header, each column as wide as its widest cell. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** `label: value` lines with the values aligned. */
export function formatFields(fields: readonly (readonly [string, string])[], indent = '  '): string[] {
  const width = Math.max(...fields.map(([label]) => label.length + 1));
  return fields.map(([label, value]) => `${indent}${`${label}:`.padEnd(width)} ${value}`);
}

/** FTE as people write it: 29, 0.5, 30.5 (no floating-point tails). */
export function formatFte(fte: number): string {
  return String(Number(fte.toFixed(6)));
}

/** An ISO instant to the minute, in UTC: 2026-05-04 10:12 UTC. */
export function formatInstant(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(date.toISOString());
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

/** Post ids in line and post order: seed.L2.P10 after seed.L2.P9. */
export function byPostId(a: { postId: string }, b: { postId: string }): number {
  return a.postId.localeCompare(b.postId, 'en', { numeric: true });
}
