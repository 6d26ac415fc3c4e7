import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostView } from '../../contract/postView.js';
import type { RouteView } from '../../contract/routeMessages.js';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import type { PostCommandType } from '../../schemas/postCommands.js';
import type { RouteCommandType } from '../../schemas/routeCommands.js';
import type { PostService } from '../../temporal/postService.js';
import { commandFieldWords } from '../../web/pages/commandFieldWords.js';
import type { CommandFormSpec } from '../../web/pages/commandForms.js';
import { type FieldWords, type FormWords, messagesOf } from '../../web/pages/errorCatalogue.js';
import {
  amendWords,
  apiTokenWords,
  leaveWords,
  proposalWords,
  vacancyWords,
} from '../../web/pages/fieldWords.js';
import { postCommandForms, routeCommandForms } from '../../web/pages/formRegistry.js';
import { lineField, maxLines } from '../../web/pages/proposalForm.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { type LocalWebApp, startLocalWebApp } from './localWebApp.js';

/**
 * Every form, sent with every kind of bad input: each message the page shows must be one of the
 * error catalogue's, and each line of the error summary must link to an element on the page.
 */

const postId = 'catalogue-test.L1.P1';

/** A post at a stage where it does not matter: the stand-in service offers every form on it. */
const view = {
  postId,
  proposalId: 'catalogue-test',
  details: {
    serviceArea: 'Social Work',
    jobTitle: 'Social Worker',
    grade: 'PO3',
    annualCostPence: 4_600_000,
    fte: 1,
  },
  proposedBy: { id: 'hr.sam', role: 'hr' },
  decisionMaker: 'director.julie',
  deputy: 'deputy.farrah',
  confidential: false,
  maxReadverts: 2,
  // Ready to recruit: the routes that need no advert are offered (the fake service says so), so the
  // route form has its choices.
  stage: 'ready-to-recruit',
  waitingFor: 'HR to advertise or start a route',
  budget: { reservedPence: 4_600_000 },
  remindersSent: 0,
  escalated: false,
  overdue: false,
  delegations: [],
  consultation: {},
  adverts: { count: 1 },
  route: { type: 'internal', workflowId: `${postId}.route` },
  decisions: [],
} as unknown as PostView;

const route: RouteView = {
  postId,
  route: 'internal',
  step: 'checks',
  accepts: Object.keys(routeCommandForms) as RouteCommandType[],
  shortlisted: [],
  appointable: [],
  checks: {},
  filled: false,
};

function everyFormService(directory: StaffDirectory): PostService {
  return {
    directory,
    post: async () => view,
    route: async () => route,
    availableCommandsFor: async () => ({
      commands: Object.keys(postCommandForms) as PostCommandType[],
      routes: ['internal', 'apprenticeship', 'step-up'],
    }),
    workList: async () => [],
    proposal: async () => ({
      proposalId: 'catalogue-test',
      title: 'Catalogue test',
      allocationPence: 150_000_000,
      confidential: false,
    }),
    postCommand: async () => {
      throw new Error('a bad form never reaches the post');
    },
    routeCommand: async () => {
      throw new Error('a bad form never reaches the route');
    },
  } as unknown as PostService;
}

const htmlText = (html: string) =>
  html
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** The error summary's lines as the page shows them. */
function errorSummary(html: string): { text: string; href: string }[] {
  const list = /<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((match) => ({
    href: match[1] ?? '',
    text: htmlText((match[2] ?? '').trim()),
  }));
}

/** Every field's error message shown beside it (govuk-error-message), without its hidden "Error:". */
function fieldMessages(html: string): string[] {
  return [
    ...html.matchAll(
      /class="govuk-error-message"[^>]*>\s*<span class="govuk-visually-hidden">Error:<\/span>([^<]*)</g,
    ),
  ].map((match) => htmlText((match[1] ?? '').trim()));
}

type Form = Record<string, string | string[]>;

/** One bad value of each kind a field of this kind can be sent. */
function badValues(field: string, words: FieldWords): { kind: string; form: Form }[] {
  const date = (day: string, month: string, year: string) => ({
    [`${field}-day`]: day,
    [`${field}-month`]: month,
    [`${field}-year`]: year,
  });
  switch (words.kind) {
    case 'text':
      return [
        { kind: 'empty', form: { [field]: '' } },
        { kind: 'too long', form: { [field]: 'x'.repeat((words.max ?? 10_000) + 1) } },
      ];
    case 'reference':
      return [
        { kind: 'empty', form: { [field]: '' } },
        { kind: 'an email address, not a reference', form: { [field]: 'jane.smith@council.example' } },
        { kind: 'too long', form: { [field]: 'a'.repeat(300) } },
      ];
    case 'choice':
      return [
        { kind: 'empty', form: {} },
        { kind: 'not one of the choices', form: { [field]: 'not-a-choice' } },
      ];
    case 'money':
      return [
        { kind: 'empty', form: { [field]: '' } },
        { kind: 'wrong type', form: { [field]: 'lots' } },
        { kind: 'negative', form: { [field]: '-5' } },
        { kind: 'too many decimals', form: { [field]: '1.234' } },
        { kind: 'too large', form: { [field]: '99999999999999999999' } },
      ];
    case 'whole':
      return [
        { kind: 'empty', form: { [field]: '' } },
        { kind: 'wrong type', form: { [field]: 'twelve' } },
        { kind: 'out of range', form: { [field]: '100001' } },
        { kind: 'negative', form: { [field]: '-1' } },
      ];
    case 'decimal':
      return [
        { kind: 'empty', form: { [field]: '' } },
        { kind: 'wrong type', form: { [field]: 'half' } },
        { kind: 'out of range', form: { [field]: '10000' } },
        { kind: 'zero', form: { [field]: '0' } },
      ];
    case 'date':
      return [
        { kind: 'empty', form: date('', '', '') },
        { kind: 'part of a date', form: date('12', '', '2026') },
        { kind: 'wrong type', form: date('xx', '6', '2026') },
        { kind: 'not a real date', form: date('31', '2', '2026') },
      ];
  }
}

/** Rules across fields, by form. */
const crossFieldCases: Record<string, Form> = {
  'publish-advert': {
    channels: 'council-jobs-page',
    ringFence: 'external',
    'opensOn-day': '10',
    'opensOn-month': '6',
    'opensOn-year': '2026',
    'closesOn-day': '1',
    'closesOn-month': '6',
    'closesOn-year': '2026',
  },
  'record-applications': { received: '3', suitable: '9' },
  delegate: {
    delegateId: 'deputy.farrah',
    reason: 'Leave',
    'from-day': '10',
    'from-month': '6',
    'from-year': '2026',
    'to-day': '1',
    'to-month': '6',
    'to-year': '2026',
  },
  'enrol-apprentice': {
    employeeRef: 'emp-1042',
    provider: 'Leeds Beckett University',
    'startsOn-day': '1',
    'startsOn-month': '9',
    'startsOn-year': '2026',
    'expectedQualificationOn-day': '1',
    'expectedQualificationOn-month': '9',
    'expectedQualificationOn-year': '2025',
  },
};

const crossFieldMessages: Record<string, string> = {
  'publish-advert': 'The closing date must be after the opening date',
  'record-applications': 'Suitable applicants cannot be more than applications received',
  delegate: 'The last day must be on or after the first day',
  'enrol-apprentice': 'The expected qualification date must be after the start date',
};

let web: LocalWebApp;

beforeAll(async () => {
  // Hundreds of bad forms from one person: the per-person command limit would answer 429 instead.
  web = await startLocalWebApp({
    posts: everyFormService(exampleDirectory()),
    config: { RATE_LIMIT_COMMANDS_PER_MINUTE: 1_000_000 },
  });
});

afterAll(async () => {
  await web?.app.close();
});

/** Sends a bad form and checks its page against the catalogue; gives back the messages shown. */
async function sendBad(userId: string, url: string, form: Form, catalogue: Set<string>, what: string) {
  const response = await web.browser.post(userId, url, form);
  expect(response.statusCode, `${what}: ${response.body.slice(0, 300)}`).toBe(400);
  const summary = errorSummary(response.body);
  expect(summary.length, `${what}: an error summary`).toBeGreaterThan(0);
  for (const { text, href } of summary) {
    expect(catalogue.has(text), `${what}: "${text}" is not in the catalogue`).toBe(true);
    const id = href.replace(/^#/, '');
    expect(
      response.body.includes(`id="${id}"`),
      `${what}: the summary links to #${id}, not on the page`,
    ).toBe(true);
  }
  for (const text of fieldMessages(response.body)) {
    expect(catalogue.has(text), `${what}: the field's "${text}" is not in the catalogue`).toBe(true);
  }
  return summary.map((line) => line.text);
}

/** Each field of a form with each bad value of its kind, the other fields left empty. */
async function everyBadValue(
  userId: string,
  url: string,
  words: FormWords,
  extra: Form = {},
  catalogue = messagesOf(words),
) {
  let sent = 0;
  for (const [field, fieldWords] of Object.entries(words)) {
    for (const { kind, form } of badValues(field, fieldWords)) {
      await sendBad(userId, url, { ...extra, ...form }, catalogue, `${url} ${field} (${kind})`);
      sent += 1;
    }
  }
  return sent;
}

const commandForms: [string, CommandFormSpec][] = [
  ...Object.values(postCommandForms).map((spec): [string, CommandFormSpec] => [
    `/posts/${postId}/${spec.type}`,
    spec,
  ]),
  ...Object.values(routeCommandForms).map((spec): [string, CommandFormSpec] => [
    `/posts/${postId}/route/${spec.type}`,
    spec,
  ]),
];

describe('the error catalogue', () => {
  it('has words for every field of every post and route command form', () => {
    for (const [, spec] of commandForms) {
      const words = commandFieldWords[spec.type] ?? {};
      expect(Object.keys(words).sort(), spec.type).toEqual([...spec.fields].sort());
    }
  });

  it.each(commandForms)(
    'answers every kind of bad input to %s from the catalogue, linking to its fields',
    async (url, spec) => {
      const words = commandFieldWords[spec.type] ?? {};
      const sent = await everyBadValue('hr.sam', url, words);
      expect(sent).toBeGreaterThan(0);
      const cross = crossFieldCases[spec.type];
      if (cross) {
        const shown = await sendBad('hr.sam', url, cross, messagesOf(words), `${url} (cross-field)`);
        expect(shown).toContain(crossFieldMessages[spec.type]);
      }
    },
  );

  it('answers every kind of bad input to the proposal form from the catalogue', async () => {
    const words = proposalWords(maxLines, lineField);
    const firstLine = Object.fromEntries(
      Object.entries(words).filter(([field]) => !/^line[1-9]/.test(field) && field !== 'lines'),
    );
    await everyBadValue('hr.sam', '/proposals', firstLine, { action: 'submit' }, messagesOf(words));
    const shown = await sendBad(
      'hr.sam',
      '/proposals',
      { action: 'submit' },
      messagesOf(words),
      'an empty proposal',
    );
    expect(shown).toContain('Add at least one post line');
    const long = await sendBad(
      'hr.sam',
      '/proposals',
      { action: 'submit', title: 'x'.repeat(5_000), 'line0-fte': '10000', 'line0-jobTitle': 'Social worker' },
      messagesOf(words),
      'a long title and a large FTE',
    );
    expect(long).toContain('Title must be 500 characters or fewer');
    expect(long).toContain('FTE of post line 1 must be more than 0 and no more than 1,000, like 2 or 0.5');
  });

  it('answers every kind of bad input to the single vacancy form from the catalogue, on its own fields', async () => {
    await everyBadValue('hr.sam', '/vacancies', vacancyWords);
    const empty = await sendBad('hr.sam', '/vacancies', {}, messagesOf(vacancyWords), 'an empty vacancy');
    expect(empty).toContain('Enter the job title');
  });

  it('answers every kind of bad input to the amend form from the catalogue, on its own fields', async () => {
    await everyBadValue('hr.sam', '/proposals/catalogue-test/amend', amendWords);
    const empty = await sendBad(
      'hr.sam',
      '/proposals/catalogue-test/amend',
      {},
      messagesOf(amendWords),
      'an empty amendment',
    );
    expect(empty).toContain('Enter why the proposal gains this line');
    expect(empty).toContain('Enter the full-time annual cost, like 38,867');
  });

  it('answers every kind of bad input to the leave form from the catalogue', async () => {
    await everyBadValue('director.julie', '/leave', leaveWords);
    const shown = await sendBad(
      'director.julie',
      '/leave',
      {
        deputyId: 'deputy.farrah',
        reason: 'Annual leave',
        'from-day': '10',
        'from-month': '6',
        'from-year': '2099',
        'to-day': '1',
        'to-month': '6',
        'to-year': '2099',
      },
      messagesOf(leaveWords),
      'leave ending before it starts',
    );
    expect(shown).toContain('The last day must be on or after the first day');
  });

  it('answers bad input to the API token form from the catalogue', async () => {
    await everyBadValue('hr.sam', '/api-tokens', apiTokenWords);
  });
});
