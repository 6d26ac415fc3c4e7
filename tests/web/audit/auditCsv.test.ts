import { describe, expect, it } from 'vitest';
import { auditCsv } from '../../../web/audit/auditCsv.js';
import { auditEntryOf } from '../../audit/auditEntries.js';

/** RFC 4180 rows back into fields, to check what a spreadsheet would read. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 1;
    } else field += char;
  }
  return rows;
}

describe('auditCsv', () => {
  it('has a header row and one row per attempt, oldest first, each ended by CRLF', () => {
    const entries = [
      auditEntryOf({ at: '2022-07-01T09:00:00.000Z' }),
      auditEntryOf({
        at: '2022-07-01T09:05:00.000Z',
        actor: { id: 'union.unison', role: 'union' },
        outcome: 'refused',
        status: 403,
        refusal: 'a union may not send decide',
      }),
    ];
    const text = auditCsv(entries);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([
      'When',
      'User',
      'Role',
      'Channel',
      'Command',
      'Target',
      'Post',
      'Proposal',
      'Idempotency key',
      'Authority',
      'Reason',
      'Outcome',
      'Status',
      'Refusal',
    ]);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toEqual([
      '2022-07-01T09:05:00.000Z',
      'union.unison',
      'union',
      'api',
      'decide',
      'post',
      'seed-2022.L1.P1',
      '',
      entries[1]?.idempotencyKey,
      'director',
      'Within the allocation',
      'refused',
      '403',
      'a union may not send decide',
    ]);
  });

  it('quotes fields with commas, quotes and line breaks so each stays one field', () => {
    const reason = 'Approved, "subject to" the\nallocation';
    const text = auditCsv([auditEntryOf({ reason })]);
    expect(text).toContain('"Approved, ""subject to"" the\nallocation"');
    const [, row] = parseCsv(text);
    expect(row).toHaveLength(14);
    expect(row?.[10]).toBe(reason);
  });

  it('never lets a spreadsheet read a field as a formula', () => {
    const [, row] = parseCsv(auditCsv([auditEntryOf({ reason: '=HYPERLINK("http://x")' })]));
    expect(row?.[10]).toBe('\'=HYPERLINK("http://x")');
  });

  it('is only the header row when nothing has been attempted', () => {
    expect(parseCsv(auditCsv([]))).toHaveLength(1);
  });
});
