import type { StaffDirectory } from '../../directory/staffDirectory.js';
import { londonDateOf } from '../../domain/workingDays.js';
import type { Actor } from '../../schemas/common.js';
import type { Proposal } from '../../schemas/proposal.js';
import { type ErrorLink, errorLinks, type FormReader, type FormValues } from './formReader.js';
import { checkProposal, freshProposalValues, readProposalHeader } from './proposalForm.js';

const order = [
  'serviceArea',
  'jobTitle',
  'grade',
  'annualCost',
  'justification',
  'service',
  'decisionMaker',
  'deputy',
  'openForCallIn',
  'confidential',
];

export function freshVacancyValues(directory: StaffDirectory, now = Date.now()): FormValues {
  const { proposalId, service, decisionMaker, deputy, openForCallIn, confidential } = freshProposalValues(
    directory,
    now,
  );
  return {
    proposalId: proposalId ?? '',
    service: service ?? '',
    decisionMaker: decisionMaker ?? '',
    deputy: deputy ?? '',
    openForCallIn: openForCallIn ?? 'no',
    confidential: confidential ?? 'no',
  };
}

export interface VacancyFormState {
  values: FormValues;
  errors: Record<string, string>;
  errorList: ErrorLink[];
  proposal?: Proposal;
}

/**
 * A single vacancy is a proposal of its own: one line, one full-time post, funded by an allocation
 * of exactly its cost, so it goes through the same approval, consultation and recruitment.
 */
export function readVacancyForm(reader: FormReader, author: Actor, now = Date.now()): VacancyFormState {
  const serviceArea = reader.text('serviceArea');
  const jobTitle = reader.text('jobTitle');
  const grade = reader.text('grade');
  if (serviceArea === '') reader.fail('serviceArea', 'Enter the service area');
  if (jobTitle === '') reader.fail('jobTitle', 'Enter the job title');
  if (grade === '') reader.fail('grade', 'Enter the grade, like PO1');
  const annualCostPence = reader.pence('annualCost', 'the annual cost');
  const justification = reader.optionalText('justification');
  const header = readProposalHeader(reader, author);
  const proposal = checkProposal(reader, {
    ...header,
    title: `Single vacancy: ${jobTitle}, ${grade}`,
    allocationPence: annualCostPence,
    allocationName: `Single vacancy: ${serviceArea}`,
    reportDate: londonDateOf(now),
    lines: [
      {
        serviceArea,
        jobTitle,
        grade,
        annualCostPence,
        fteCount: 1,
        ...(justification === undefined ? {} : { justification }),
      },
    ],
  });
  return {
    values: reader.values,
    errors: reader.errors,
    errorList: errorLinks(reader.errors, order, (field) => field),
    ...(proposal ? { proposal } : {}),
  };
}
