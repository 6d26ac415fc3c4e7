import type { StaffDirectory } from '../../directory/staffDirectory.js';
import { londonDateOf } from '../../domain/workingDays.js';
import type { Actor } from '../../schemas/common.js';
import { vacancyWords } from './fieldWords.js';
import { type ErrorLink, errorLinks, type FormBody, FormReader, type FormValues } from './formReader.js';
import { checkProposal, type FormProposal, freshProposalValues, readProposalHeader } from './proposalForm.js';

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
  proposal?: FormProposal;
}

/** Where the proposal a vacancy makes puts each thing it checks, on the vacancy's own fields. */
const vacancyFieldOf = (path: readonly PropertyKey[]): string | undefined => {
  const [head, , field] = path;
  if (head === 'lines') return field === 'annualCostPence' ? 'annualCost' : String(field ?? 'jobTitle');
  if (head === 'allocationPence') return 'annualCost';
  if (head === 'allocationName') return 'serviceArea';
  if (head === 'title') return 'jobTitle';
  return typeof head === 'string' ? head : undefined;
};

/**
 * A single vacancy is a proposal of its own: one line, one full-time post, funded by an allocation
 * of exactly its cost, so it goes through the same approval, consultation and recruitment.
 */
export function readVacancyForm(body: FormBody, author: Actor, now = Date.now()): VacancyFormState {
  const reader = new FormReader(body, vacancyWords);
  const serviceArea = reader.text('serviceArea');
  const jobTitle = reader.text('jobTitle');
  const grade = reader.text('grade');
  const annualCostPence = reader.pence('annualCost');
  const justification = reader.optionalText('justification');
  const header = readProposalHeader(reader, author);
  const proposal = checkProposal(
    reader,
    {
      ...header,
      title: `Single vacancy: ${jobTitle}, ${grade}`,
      allocationPence: annualCostPence,
      // The service area is checked as the line's; the allocation's name only repeats it.
      allocationName: `Single vacancy: ${serviceArea}`.slice(0, 200),
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
    },
    vacancyFieldOf,
  );
  return {
    values: reader.values,
    errors: reader.errors,
    errorList: errorLinks(reader.errors, order, (field) => field),
    ...(proposal ? { proposal } : {}),
  };
}
