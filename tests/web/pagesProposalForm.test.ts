import { describe, expect, it } from 'vitest';
import { FormReader } from '../../web/pages/formReader.js';
import { readProposalForm } from '../../web/pages/proposalForm.js';

const hr = { id: 'hr.sam', role: 'hr' } as const;

const header = {
  proposalId: 'proposal-2022-06-30-test',
  title: 'Investment in Children and Families Transition Plan',
  service: 'Children and Families',
  'reportDate-day': '30',
  'reportDate-month': '6',
  'reportDate-year': '2022',
  decisionMaker: 'director.julie',
  deputy: 'deputy.farrah',
  openForCallIn: 'yes',
  confidential: 'no',
  allocation: '1,500,000',
  allocationName: '2022/23 revenue budget',
};

const otLines = {
  'line1-serviceArea': 'Occupational Therapy',
  'line1-jobTitle': 'Community Occupational therapists',
  'line1-grade': 'PO1',
  'line1-annualCost': '44,581',
  'line1-fte': '2',
  'line2-serviceArea': 'Occupational Therapy',
  'line2-jobTitle': 'Occupational therapists',
  'line2-grade': 'SO1',
  'line2-annualCost': '38867.00',
  'line2-fte': '1',
};

describe('the proposal form', () => {
  it('calculates the running total of the lines against the allocation, in pence', () => {
    const state = readProposalForm(new FormReader({ ...otLines, allocation: '1,500,000' }), hr, false);
    expect(state.errorList).toEqual([]);
    expect(state.totals).toEqual({
      costPence: 12_802_900,
      fte: 3,
      posts: 3,
      allocationPence: 150_000_000,
      leftPence: 137_197_100,
    });
    expect(state.rows).toBe(3);
  });

  it('checks only the lines when calculating, and everything when submitting', () => {
    const calculate = readProposalForm(new FormReader({ ...otLines }), hr, false);
    expect(calculate.errorList).toEqual([]);
    const submit = readProposalForm(new FormReader({ ...otLines }), hr, true);
    expect(submit.errorList.map((error) => error.href)).toEqual([
      '#title',
      '#service',
      '#decisionMaker',
      '#deputy',
      '#allocation',
      '#allocationName',
      '#openForCallIn',
      '#confidential',
      '#reportDate-day',
    ]);
  });

  it('gives the proposal to start, authored by the person signed in', () => {
    const state = readProposalForm(new FormReader({ ...header, ...otLines }), hr, true);
    expect(state.errorList).toEqual([]);
    expect(state.proposal).toMatchObject({
      proposalId: 'proposal-2022-06-30-test',
      author: hr,
      allocationPence: 150_000_000,
      openForCallIn: true,
      confidential: false,
      reportDate: '2022-06-30',
      lines: [
        { jobTitle: 'Community Occupational therapists', annualCostPence: 4_458_100, fteCount: 2 },
        { jobTitle: 'Occupational therapists', annualCostPence: 3_886_700, fteCount: 1 },
      ],
    });
  });

  it('names the field of a part-filled line, and asks for a line when there is none', () => {
    const partLine = readProposalForm(
      new FormReader({ ...header, 'line1-jobTitle': 'Placement officers', 'line1-annualCost': '38,86' }),
      hr,
      true,
    );
    expect(partLine.errorList).toEqual([
      { text: 'Enter the service area of line 1', href: '#line1-serviceArea' },
      { text: 'Enter the grade of line 1, like PO1', href: '#line1-grade' },
      {
        text: 'The annual cost of line 1 must be an amount in pounds, like 44,581 or 44581.00',
        href: '#line1-annualCost',
      },
      { text: 'Enter the FTE of line 1', href: '#line1-fte' },
    ]);
    const none = readProposalForm(new FormReader({ ...header }), hr, true);
    expect(none.errorList).toEqual([{ text: 'Add at least one post line', href: '#line1-serviceArea' }]);
  });

  it('refuses a proposal whose decision maker is its proposer', () => {
    const state = readProposalForm(
      new FormReader({ ...header, ...otLines, decisionMaker: 'hr.sam' }),
      hr,
      true,
    );
    expect(state.errorList[0]?.href).toBe('#decisionMaker');
    expect(state.proposal).toBeUndefined();
  });

  it('refuses a report date that is not a real date', () => {
    const state = readProposalForm(
      new FormReader({ ...header, ...otLines, 'reportDate-day': '31', 'reportDate-month': '2' }),
      hr,
      true,
    );
    expect(state.errorList).toEqual([
      { text: 'The report date must be a real date', href: '#reportDate-day' },
    ]);
  });
});
