import { describe, expect, it } from 'vitest';
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
  'line0-serviceArea': 'Occupational Therapy',
  'line0-jobTitle': 'Community Occupational therapists',
  'line0-grade': 'PO1',
  'line0-annualCost': '44,581',
  'line0-fte': '2',
  'line1-serviceArea': 'Occupational Therapy',
  'line1-jobTitle': 'Occupational therapists',
  'line1-grade': 'SO1',
  'line1-annualCost': '38867.00',
  'line1-fte': '1',
};

const calculate = { action: 'calculate' };
const submit = { action: 'submit' };

describe('the proposal form', () => {
  it('shows each line’s cost at its FTE and the running total against the allocation, in pence', () => {
    const state = readProposalForm({ ...otLines, allocation: '1,500,000', ...calculate }, hr);
    expect(state.errorList).toEqual([]);
    expect(state.total).toEqual({
      lines: [
        { number: 1, jobTitle: 'Community Occupational therapists', fte: 2, costPence: 8_916_200 },
        { number: 2, jobTitle: 'Occupational therapists', fte: 1, costPence: 3_886_700 },
      ],
      costPence: 12_802_900,
      fte: 3,
      posts: 3,
      unread: 0,
      allocationPence: 150_000_000,
      leftPence: 137_197_100,
    });
    expect(state.rows).toBe(2);
  });

  it('adds a blank line of one full-time post on “Add another post line”, without checking anything, and focuses it', () => {
    const state = readProposalForm(
      { 'line0-jobTitle': 'Placement officers', 'lines-add-another': 'add-another-post-line' },
      hr,
    );
    expect(state.rows).toBe(2);
    expect(state.errorList).toEqual([]);
    expect(state.values['line1-fte']).toBe('1');
    expect(state.values['line1-jobTitle']).toBe('');
    expect(state.focus).toBe('line1-serviceArea');
  });

  it('removes the line whose “Remove” was pressed and numbers the rest again from 0', () => {
    const state = readProposalForm({ ...otLines, remove: '0' }, hr);
    expect(state.rows).toBe(1);
    expect(state.values['line0-jobTitle']).toBe('Occupational therapists');
    expect(state.values['line1-jobTitle']).toBeUndefined();
    expect(state.total.costPence).toBe(3_886_700);
  });

  it('reads lines as MOJ Frontend’s script numbers them, whatever the gaps', () => {
    const state = readProposalForm(
      {
        ...header,
        'line3-serviceArea': 'Occupational Therapy',
        'line3-jobTitle': 'Occupational therapists',
        'line3-grade': 'SO1',
        'line3-annualCost': '38,867',
        'line3-fte': '1',
        ...submit,
      },
      hr,
    );
    expect(state.errorList).toEqual([]);
    expect(state.proposal?.lines).toHaveLength(1);
  });

  it('checks only the lines when calculating, and everything when submitting', () => {
    const calculated = readProposalForm({ ...otLines, ...calculate }, hr);
    expect(calculated.errorList).toEqual([]);
    const submitted = readProposalForm({ ...otLines, ...submit }, hr);
    expect(submitted.errorList.map((error) => error.href)).toEqual([
      '#title',
      '#service',
      '#reportDate-day',
      '#decisionMaker',
      '#deputy',
      '#openForCallIn',
      '#confidential',
      '#allocation',
      '#allocationName',
    ]);
  });

  it('gives the proposal to start, authored by the person signed in, with each line’s justification', () => {
    const state = readProposalForm(
      { ...header, ...otLines, 'line0-justification': 'The OT waiting list is 246 children', ...submit },
      hr,
    );
    expect(state.errorList).toEqual([]);
    expect(state.proposal).toMatchObject({
      proposalId: 'proposal-2022-06-30-test',
      author: hr,
      allocationPence: 150_000_000,
      openForCallIn: true,
      confidential: false,
      reportDate: '2022-06-30',
      lines: [
        {
          jobTitle: 'Community Occupational therapists',
          annualCostPence: 4_458_100,
          fteCount: 2,
          justification: 'The OT waiting list is 246 children',
        },
        { jobTitle: 'Occupational therapists', annualCostPence: 3_886_700, fteCount: 1 },
      ],
    });
  });

  it('names the field of a part-filled line, and asks for a line when there is none', () => {
    const partLine = readProposalForm(
      { ...header, 'line0-jobTitle': 'Placement officers', 'line0-annualCost': '38,86', ...submit },
      hr,
    );
    expect(partLine.errorList).toEqual([
      { text: 'Enter the service area of post line 1', href: '#line0-serviceArea' },
      { text: 'Enter the grade of post line 1, like PO1', href: '#line0-grade' },
      {
        text: 'Annual cost of post line 1 must be an amount in pounds, like 44,581 or 44581.00',
        href: '#line0-annualCost',
      },
      { text: 'Enter the FTE of post line 1, like 1 or 0.5', href: '#line0-fte' },
    ]);
    const none = readProposalForm({ ...header, ...submit }, hr);
    expect(none.errorList).toEqual([{ text: 'Add at least one post line', href: '#line0-serviceArea' }]);
  });

  it('says how long a title may be, and the range of an FTE, in plain words', () => {
    const state = readProposalForm(
      { ...header, ...otLines, title: 'x'.repeat(5_000), 'line1-fte': '10000', ...submit },
      hr,
    );
    expect(state.errorList).toEqual([
      { text: 'Title must be 500 characters or fewer', href: '#title' },
      {
        text: 'FTE of post line 2 must be more than 0 and no more than 1,000, like 2 or 0.5',
        href: '#line1-fte',
      },
    ]);
  });

  it('refuses a proposal whose decision maker is its proposer', () => {
    const state = readProposalForm({ ...header, ...otLines, decisionMaker: 'hr.sam', ...submit }, hr);
    expect(state.errorList[0]).toEqual({
      text: 'The decision maker must be someone other than you: a proposer never approves',
      href: '#decisionMaker',
    });
    expect(state.proposal).toBeUndefined();
  });

  it('refuses a report date that is not a real date', () => {
    const state = readProposalForm(
      { ...header, ...otLines, 'reportDate-day': '31', 'reportDate-month': '2', ...submit },
      hr,
    );
    expect(state.errorList).toEqual([{ text: 'Report date must be a real date', href: '#reportDate-day' }]);
  });
});
