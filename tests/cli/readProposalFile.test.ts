import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProposalFileError, readProposalFile } from '../../cli/readProposalFile.js';
import { proposalTotals } from '../../domain/proposalPosts.js';
import { seedCostTable, seedPlanLines } from '../fixtures/seedProposal.js';

/** The proposal's own fields, as the import command's options give them for a CSV file. */
const seedOptions = {
  proposalId: 'seed-cli',
  title: 'Investment in Children and Families Transition Plan',
  service: 'Children’s Social Work Services',
  decisionMaker: 'director.julie',
  deputy: 'deputy.farrah',
  allocation: '1,500,000',
  allocationName: '2022/23 revenue budget',
  openForCallIn: true,
  reportDate: '2022-06-30',
};

const header = 'service_area,job_title,grade,annual_cost,fte,job_description_ref,justification';

async function csvFile(...rows: string[]): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'cli-csv-')), 'lines.csv');
  await writeFile(file, `${[header, ...rows].join('\n')}\n`);
  return file;
}

async function problemsOf(file: string, options: object = seedOptions): Promise<readonly string[]> {
  const error = await readProposalFile(file, options).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ProposalFileError);
  return (error as ProposalFileError).problems;
}

describe('reading the seed report’s cost table from examples/seed-cost-table.csv', () => {
  it('gives the 8 lines of paragraph 49: 29 FTE and exactly £1,422,528 in pence', async () => {
    const proposal = await readProposalFile('examples/seed-cost-table.csv', seedOptions);
    expect(proposal.lines).toHaveLength(8);
    expect(proposalTotals(proposal.lines)).toEqual({ costPence: 142_252_800, fte: 29, posts: 29 });
    expect(proposal.lines.map(({ justification: _, ...line }) => line)).toEqual(seedCostTable);
  });

  it('takes the proposal’s own fields from the options', async () => {
    const proposal = await readProposalFile('examples/seed-cost-table.csv', seedOptions);
    expect(proposal).toMatchObject({
      proposalId: 'seed-cli',
      decisionMaker: 'director.julie',
      deputy: 'deputy.farrah',
      allocationPence: 150_000_000,
      openForCallIn: true,
      confidential: false,
      reportDate: '2022-06-30',
    });
  });
});

describe('reading the whole seed report from examples/seed-proposal.json', () => {
  it('gives the cost table and the Safe project: 31 FTE, £1,493,366, inside the £1.5m allocation', async () => {
    const proposal = await readProposalFile('examples/seed-proposal.json');
    expect(proposal.lines.map(({ justification: _, ...line }) => line)).toEqual(seedPlanLines);
    expect(proposalTotals(proposal.lines)).toEqual({ costPence: 149_336_600, fte: 31, posts: 31 });
    expect(proposal).toMatchObject({
      allocationPence: 150_000_000,
      decisionMaker: 'director.julie',
      deputy: 'deputy.farrah',
      openForCallIn: true,
      reportDate: '2022-06-30',
    });
  });

  it('leaves out the author the file names: the proposal is made by whoever is signed in', async () => {
    const proposal = await readProposalFile('examples/seed-proposal.json');
    expect(proposal).not.toHaveProperty('author');
  });

  it('lets options override the file’s fields, such as a fresh proposal id', async () => {
    const proposal = await readProposalFile('examples/seed-proposal.json', { proposalId: 'seed-again' });
    expect(proposal.proposalId).toBe('seed-again');
  });
});

describe('a CSV file with bad rows is refused, naming every row and field', () => {
  it('reports an amount that is not pounds by its spreadsheet row and column', async () => {
    const file = await csvFile(
      'Kinship,Supervising social workers,PO3,"51,524",3,,',
      'Kinship,Workers,PO3,lots,1,,',
    );
    expect(await problemsOf(file)).toEqual(['row 3, annual_cost: expected pounds such as 44,581']);
  });

  it('reports every bad cell, each once, in row order', async () => {
    const file = await csvFile('Kinship,,PO3,12.345,x,,', 'Kinship,Workers,PO3,-5,0,,');
    expect(await problemsOf(file)).toEqual([
      'row 2, job_title: required',
      'row 2, annual_cost: expected pounds such as 44,581, with at most 2 decimal places (pence)',
      'row 2, fte: expected a number of full-time equivalents above 0, such as 3 or 0.5',
      'row 3, annual_cost: expected pounds such as 44,581, not a negative amount',
      'row 3, fte: expected a number of full-time equivalents above 0, such as 3 or 0.5',
    ]);
  });

  it('reports what the schema refuses in a row by its column', async () => {
    const file = await csvFile(`Kinship,Workers,${'P'.repeat(21)},"51,524",1,,`);
    expect(await problemsOf(file)).toEqual([expect.stringMatching(/^row 2, grade: /)]);
  });

  it('names each missing proposal field by its option', async () => {
    const file = await csvFile('Kinship,Workers,PO3,"51,524",1,,');
    const problems = await problemsOf(file, { proposalId: 'x', allocation: '1.5m' });
    expect(problems).toContain('--allocation: expected pounds such as 1,500,000');
    expect(problems).toContain('--title: required');
    expect(problems).toContain('--open-for-call-in or --not-open-for-call-in: required');
    expect(problems.filter((problem) => problem.startsWith('--allocation:'))).toHaveLength(1);
  });

  it('reports a header with unknown or missing columns', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'cli-csv-')), 'lines.csv');
    await writeFile(file, 'service_area,job,grade,annual_cost,fte\nKinship,Workers,PO3,1,1\n');
    expect(await problemsOf(file)).toEqual([
      'row 1 (header): unknown column job',
      'row 1 (header): missing column job_title',
      `the header must be: ${header}`,
    ]);
  });

  it('refuses a file that is neither .csv nor .json', async () => {
    expect(await problemsOf('examples/seed-cost-table.txt')).toEqual(['expected a .csv or .json file']);
  });
});

describe('a JSON file is checked against the proposal schema', () => {
  it('names a bad line by its number and field', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'cli-json-')), 'proposal.json');
    const { readFile } = await import('node:fs/promises');
    const seed = JSON.parse(await readFile('examples/seed-proposal.json', 'utf8'));
    seed.lines[2].annualCostPence = 51_524.5;
    await writeFile(file, JSON.stringify(seed));
    expect(await problemsOf(file, {})).toEqual([expect.stringMatching(/^line 3, annualCostPence: /)]);
  });
});
