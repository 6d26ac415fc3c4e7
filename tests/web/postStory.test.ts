import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostView } from '../../contract/postView.js';
import type { PostCommandType } from '../../schemas/postCommands.js';
import type { PostService } from '../../temporal/postService.js';
import type { WorkSection } from '../../temporal/workLists.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { type LocalWebApp, startLocalWebApp } from './localWebApp.js';

/**
 * The post page tells the post's story (why it is needed, who answered what and who decided, by
 * name), offers the way back and on, and asks before a withdrawal or a rejection.
 */

const postId = 'story-test.L1.P1';
const nextId = 'story-test.L1.P2';

const view = {
  postId,
  proposalId: 'story-test',
  details: {
    serviceArea: 'Occupational Therapy',
    jobTitle: 'Occupational Therapist',
    grade: 'PO3',
    annualCostPence: 4_458_100,
    fte: 1,
    justification: 'Waiting lists for home adaptations have doubled since 2024.',
  },
  proposedBy: { id: 'hr.sam', role: 'hr' },
  decisionMaker: 'director.julie',
  deputy: 'deputy.farrah',
  confidential: false,
  maxReadverts: 2,
  stage: 'consultation',
  waitingFor: 'the Executive Member and the equality lead',
  budget: { reservedPence: 4_458_100 },
  remindersSent: 0,
  escalated: false,
  overdue: false,
  delegations: [],
  consultation: { union: { outcome: 'no-concerns', summary: 'The branch supports the post.' } },
  adverts: { count: 0 },
  decisions: [
    {
      at: '2026-03-02T10:00:00.000Z',
      action: 'decide',
      actor: { id: 'director.julie', role: 'director' },
      authority: 'director.julie as decision maker',
      reason: 'Needed for the adaptations backlog',
    },
    {
      at: '2026-03-03T11:00:00.000Z',
      action: 'consultation-response',
      actor: { id: 'union.unison', role: 'union' },
      authority: 'union',
      reason: 'no concerns',
    },
  ],
} as unknown as PostView;

/** Two posts in their call-in period: one opened under the closing time, one before it was kept. */
const closingId = 'story-test.L1.P3';
const earlierId = 'story-test.L1.P4';
const inCallIn = (postId: string, callIn: PostView['callIn']) =>
  ({ ...view, postId, stage: 'call-in-period', callIn }) as PostView;
const views: Record<string, PostView> = {
  [postId]: view,
  [closingId]: {
    ...inCallIn(closingId, { endsOn: '2023-01-04', closesAt: '2023-01-04T17:00:00.000Z' }),
    approvalPolicyVersion: '2026-12 default',
  },
  [earlierId]: inCallIn(earlierId, { endsOn: '2023-01-04' }),
};

const sent: { type: string; command: unknown; key: string | undefined }[] = [];

function storyService(): PostService {
  const section = {
    key: 'decide',
    title: 'Decisions waiting for you',
    waiting: true,
    items: [
      { postId, jobTitle: 'Occupational Therapist', grade: 'PO3' },
      { postId: nextId, jobTitle: 'Occupational Therapy Assistant', grade: 'S2' },
    ],
  } as unknown as WorkSection;
  return {
    directory: exampleDirectory(),
    post: async (id: string) => views[id] ?? view,
    route: async () => undefined,
    availableCommandsFor: async () => ({
      commands: ['decide', 'delegate', 'withdraw'] as PostCommandType[],
      routes: [],
    }),
    workList: async () => [section],
    postCommand: async (_postId: string, command: { type: string }, key?: string) => {
      sent.push({ type: command.type, command, key });
      const decided = { action: command.type, actor: { id: 'director.julie', role: 'director' } };
      return { decided: { ...decided, authority: 'as decision maker', reason: 'r', at: 'now' }, view };
    },
  } as unknown as PostService;
}

let web: LocalWebApp;

beforeAll(async () => {
  web = await startLocalWebApp({ posts: storyService() });
});

afterAll(async () => {
  await web?.app.close();
});

const postPath = `/posts/${encodeURIComponent(postId)}`;

describe('the post page', () => {
  it('tells why the post is needed and who answered the consultation, by name', async () => {
    const response = await web.browser.get('director.julie', postPath);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Why the post is needed');
    expect(response.body).toContain('Waiting lists for home adaptations have doubled since 2024.');
    expect(response.body).toContain('The branch supports the post.');
    expect(response.body).toContain('Recorded by UNISON branch secretary');
    expect(response.body).toContain('Julie Longworth (director)');
    expect(response.body).not.toMatch(/>\s*director\.julie\s*</);
  });

  it('offers the deputy directors to delegate to by name, chosen from the directory, not typed', async () => {
    const page = (await web.browser.get('director.julie', postPath)).body;
    const select = /<select[^>]*name="delegateId"[^>]*>([\s\S]*?)<\/select>/.exec(page)?.[1] ?? '';
    const deputies = exampleDirectory()
      .withRole('deputy')
      .map((person) => `${person.name} (${person.id})`);
    expect(deputies.length).toBeGreaterThan(0);
    expect([...select.matchAll(/<option[^>]*>([^<]*)<\/option>/g)].map((match) => match[1]?.trim())).toEqual(
      deputies,
    );
    expect(page).not.toContain('name="delegateId" type="text"');
  });

  it('says when the call-in period closes: the time of day, London, on its last working day', async () => {
    const closing = await web.browser.get('director.julie', `/posts/${encodeURIComponent(closingId)}`);
    expect(closing.body).toMatch(/Call-in[\s\S]*?Open until 5pm on Wednesday 4 January 2023/);
    expect(closing.body).toMatch(/Approval policy[\s\S]*?Version 2026-12 default/);
    // A post whose period opened before the closing time was kept shows its last day alone.
    const earlier = await web.browser.get('director.julie', `/posts/${encodeURIComponent(earlierId)}`);
    expect(earlier.body).toMatch(/Call-in[\s\S]*?Open until 4 January 2023/);
  });

  it('marks a consultee’s own response as theirs', async () => {
    const response = await web.browser.get('union.unison', postPath);
    expect(response.body).toContain('Your response');
    const other = await web.browser.get('cllr.venner', postPath);
    expect(other.body).toContain('Your response');
    expect(other.body).toMatch(/Executive Member[\s\S]*?Waiting for a response/);
  });

  it('offers the way back to the work list and on to the next post waiting', async () => {
    const response = await web.browser.get('director.julie', postPath);
    expect(response.body).toContain('href="/">Back to your work</a>');
    expect(response.body).toContain(
      `href="/posts/${encodeURIComponent(nextId)}">Next post: Occupational Therapy Assistant (S2)</a>`,
    );
  });
});

describe('a withdrawal or a rejection', () => {
  it('asks first, repeating the reason, and sends nothing until confirmed', async () => {
    sent.length = 0;
    const form = {
      idempotencyKey: '6f1c2a9e-4b3d-4e8f-9a1b-2c3d4e5f6a7b',
      reason: 'The service is being restructured',
    };
    const asked = await web.browser.post('hr.sam', `${postPath}/withdraw`, form);
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Are you sure you want to withdraw this post?');
    expect(asked.body).toContain('The service is being restructured');
    expect(asked.body).toContain('name="confirmed" value="yes"');
    expect(asked.body).toContain(`href="${postPath}#withdraw"`);
    expect(sent).toHaveLength(0);

    const done = await web.browser.post('hr.sam', `${postPath}/withdraw`, { ...form, confirmed: 'yes' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${postPath}?done=withdraw`);
    expect(sent).toHaveLength(1);
    // The confirmed form carries the first form's idempotency key: a second press is the same command.
    expect(sent[0]?.key).toBe(form.idempotencyKey);
    expect(sent[0]?.command).toMatchObject({ type: 'withdraw', reason: 'The service is being restructured' });
  });

  it('asks before a rejection and not before an approval', async () => {
    sent.length = 0;
    const reject = await web.browser.post('director.julie', `${postPath}/decide`, {
      decision: 'reject',
      reason: 'No budget next year',
    });
    expect(reject.body).toContain('Are you sure you want to reject this post?');
    expect(sent).toHaveLength(0);

    const approve = await web.browser.post('director.julie', `${postPath}/decide`, {
      decision: 'approve',
      reason: 'Needed',
    });
    expect(approve.statusCode).toBe(303);
    expect(sent.map((one) => one.type)).toEqual(['decide']);
  });
});
