import { describe, expect, it } from 'vitest';
import type { PostView } from '../../contract/postView.js';
import { type FormContext, readCommand } from '../../web/pages/commandForms.js';
import { FormReader } from '../../web/pages/formReader.js';
import { reviseForm } from '../../web/pages/forms/postChangeForms.js';
import { exampleUser } from '../support/exampleDirectory.js';

// The money error found in use: the proposal form asks for the cost of one full-time post, the revise
// form was pre-filled with the half-time post's own cost, and £46,000 typed there reserved £46,000.
const halfTime = {
  postId: 'p.L1.P1',
  details: {
    serviceArea: 'Social Work',
    jobTitle: 'Social Worker',
    grade: 'PO3',
    annualCostPence: 2_300_000,
    fte: 0.5,
  },
  budget: { reservedPence: 2_300_000 },
  stage: 'sent-back',
  proposedBy: { id: 'hr.sam', role: 'hr' },
  decisionMaker: 'director.julie',
  deputy: 'deputy.farrah',
  delegations: [],
  consultation: {},
  adverts: { count: 0 },
  maxReadverts: 2,
  escalated: false,
} as unknown as PostView;

const context: FormContext = {
  user: exampleUser('hr.sam'),
  view: halfTime,
  routes: [],
  route: undefined,
  deputies: [],
  today: '2026-12-02',
};

describe('the revise form’s money', () => {
  it('asks for, and is pre-filled with, the cost of one full-time post', () => {
    expect(reviseForm.defaults?.(context)).toMatchObject({ fullTimeCost: '46000' });
    expect(reviseForm.options?.(context)).toMatchObject({ fte: 0.5, postCostPence: 2_300_000 });
  });

  it('sends £46,000 as the full-time cost, never as the half-time post’s own cost', () => {
    const read = readCommand(
      reviseForm,
      new FormReader({ fullTimeCost: '46,000', reason: 'New pay scale' }),
      context,
    );
    expect(read).toMatchObject({ ok: true, command: { type: 'revise', fullTimeAnnualCostPence: 4_600_000 } });
    expect(read.ok && 'annualCostPence' in (read.command as object)).toBe(false);
  });
});
