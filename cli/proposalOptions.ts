import { parsePounds } from './pounds.js';

/** The proposal's own fields as `import` options; for a JSON file they override the file's values. */
export interface ProposalOptions {
  proposalId?: string;
  title?: string;
  service?: string;
  decisionMaker?: string;
  deputy?: string;
  allocation?: string;
  allocationName?: string;
  openForCallIn?: boolean;
  notOpenForCallIn?: boolean;
  confidential?: boolean;
  reportDate?: string;
}

/** The option that sets each proposal field, to name it when the field is wrong or missing. */
export const optionOfField: Record<string, string> = {
  proposalId: '--proposal-id',
  title: '--title',
  service: '--service',
  decisionMaker: '--decision-maker',
  deputy: '--deputy',
  allocationPence: '--allocation',
  allocationName: '--allocation-name',
  openForCallIn: '--open-for-call-in or --not-open-for-call-in',
  confidential: '--confidential',
  reportDate: '--report-date',
};

export interface ProposalFields {
  fields: Record<string, unknown>;
  problems: string[];
  /** Fields whose option is already reported wrong, so the schema does not report them again. */
  reportedFields: Set<string>;
}

/** The proposal fields the options give, and what is wrong with them before the schema looks. */
export function proposalFields(options: ProposalOptions): ProposalFields {
  const fields: Record<string, unknown> = {};
  const problems: string[] = [];
  const reportedFields = new Set<string>();
  const texts = {
    proposalId: options.proposalId,
    title: options.title,
    service: options.service,
    decisionMaker: options.decisionMaker,
    deputy: options.deputy,
    allocationName: options.allocationName,
    reportDate: options.reportDate,
  };
  for (const [field, value] of Object.entries(texts)) {
    if (value !== undefined) fields[field] = value;
  }
  if (options.allocation !== undefined) {
    const pounds = parsePounds(options.allocation);
    if (pounds.ok) fields.allocationPence = pounds.pence;
    else {
      problems.push(`--allocation: ${pounds.problem.replace('44,581', '1,500,000')}`);
      reportedFields.add('allocationPence');
    }
  }
  if (options.openForCallIn && options.notOpenForCallIn) {
    problems.push('--open-for-call-in and --not-open-for-call-in: give one or the other');
    reportedFields.add('openForCallIn');
  } else if (options.openForCallIn) fields.openForCallIn = true;
  else if (options.notOpenForCallIn) fields.openForCallIn = false;
  if (options.confidential) fields.confidential = true;
  return { fields, problems, reportedFields };
}
