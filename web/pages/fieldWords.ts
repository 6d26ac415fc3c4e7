import { choice, date, type FieldWords, type FormWords, money, number, text } from './errorCatalogue.js';

/** The error catalogue's words for the forms that are not commands: proposal, single vacancy, leave, API tokens, sign-in. */

const person = (name: string, what: string): FieldWords =>
  choice(name, `Select the ${what}`, `Select the ${what} from the list`);

/** The decision maker and the deputy: chosen from the staff directory's lists. */
const people: FormWords = {
  decisionMaker: {
    ...person('Decision maker', 'decision maker'),
    rule: 'The decision maker must be someone other than you: a proposer never approves',
  },
  deputy: person('Deputy director', 'deputy director'),
  openForCallIn: choice('Call-in', 'Select yes if the decision is open for call-in'),
};

/** The words of one post line's fields: "Enter the job title of post line 2". */
export function lineWords(number_: number): Record<string, FieldWords> {
  const of = `of post line ${number_}`;
  return {
    serviceArea: text(`Service area ${of}`, `the service area ${of}`, 200),
    jobTitle: text(`Job title ${of}`, `the job title ${of}`, 200),
    grade: text(`Grade ${of}`, `the grade ${of}, like PO1`, 20),
    annualCost: money(`Annual cost ${of}`, `the annual cost ${of}, like 44,581`),
    fte: number(
      'decimal',
      `FTE ${of}`,
      `the FTE ${of}, like 1 or 0.5`,
      `FTE ${of} must be more than 0 and no more than 1,000, like 2 or 0.5`,
    ),
    justification: text(`Justification ${of}`, `why the posts ${of} are needed`, 10_000),
  };
}

/** The proposal form's fields; its lines are named by `lineName` (line0-jobTitle for the first). */
export function proposalWords(lines: number, lineName: (index: number, field: string) => string): FormWords {
  const words: FormWords = {
    title: text('Title', 'the title of the report', 500),
    service: text('Service', 'the service, like Children and Families', 200),
    reportDate: date('Report date', 'the report date'),
    ...people,
    confidential: choice('Confidential', 'Select yes if the report is confidential'),
    allocation: money('Allocation', 'the allocation, like 1,500,000'),
    allocationName: text(
      'Name of the allocation',
      'the name of the allocation, like 2022/23 revenue budget',
      200,
    ),
    lines: choice('Post lines', 'Add at least one post line'),
  };
  for (let index = 0; index < lines; index += 1) {
    for (const [field, fieldWords] of Object.entries(lineWords(index + 1))) {
      words[lineName(index, field)] = fieldWords;
    }
  }
  return words;
}

export const vacancyWords: FormWords = {
  serviceArea: text('Service area', 'the service area', 200),
  jobTitle: text('Job title', 'the job title', 200),
  grade: text('Grade', 'the grade, like PO1', 20),
  annualCost: money('Annual cost', 'the annual cost, like 44,581'),
  justification: text('Why the post is needed', 'why the post is needed', 10_000),
  service: text('Service', 'the service, like Children and Families', 200),
  ...people,
  confidential: choice('Confidential', 'Select yes if the vacancy is confidential'),
};

export const leaveWords: FormWords = {
  deputyId: {
    ...person('Deputy director', 'deputy director who covers your decisions'),
    rules: {
      'you cannot cover your own leave: choose a deputy director':
        'Select a deputy director other than yourself',
    },
  },
  from: date('First day', 'the first day of your leave'),
  to: {
    ...date('Last day', 'the last day of your leave', 'The last day must be on or after the first day'),
    rules: {
      'the last day must be on or after the first day': 'The last day must be on or after the first day',
      'the last day must be today or later': 'The last day must be today or later',
    },
  },
  serviceArea: choice(
    'Which decisions',
    'Select which decisions are covered',
    'Select one of your service areas',
  ),
  reason: text('Why', 'why, for example annual leave', 2_000),
};

export const apiTokenWords: FormWords = {
  name: text('Name', 'a name for the token, for example CLI on my laptop', 100),
  lifetimeDays: choice('How long it lasts', 'Select how long the token lasts'),
};

export const signInWords: FormWords = { userId: choice('Who you are', 'Select who you are') };

/** Adding a post line to a running proposal: the line's fields (full-time cost) and why. */
export const amendWords: FormWords = {
  serviceArea: text('Service area', 'the service area', 200),
  jobTitle: text('Job title', 'the job title', 200),
  grade: text('Grade', 'the grade, like PO3', 20),
  fullTimeCost: money('Full-time annual cost', 'the full-time annual cost, like 38,867'),
  fte: number(
    'decimal',
    'FTE',
    'the FTE, like 1 or 0.5',
    'FTE must be more than 0 and no more than 1,000, like 2 or 0.5',
  ),
  justification: text('Why the post is needed', 'why the post is needed', 10_000),
  reason: text('Why the proposal gains this line', 'why the proposal gains this line', 5_000),
};
