import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemTypeOf, problemTypes } from '../../web/api/problems.js';
import { type ApiTestApp, oneLineProposal, startApiTestApp, uniqueProposalId, users } from './apiTestApp.js';

let api: ApiTestApp;
let proposalId: string;
let postId: string;

beforeAll(async () => {
  api = await startApiTestApp();
  const proposal = await api.propose();
  proposalId = proposal.proposalId;
  postId = proposal.postIds[0] ?? '';
});

afterAll(async () => {
  await api?.stop();
});

type Answer = { statusCode: number; headers: Record<string, unknown>; body: string; json(): unknown };

function expectProblem(response: Answer, status: number, type = problemTypes[String(status) as '404']) {
  expect(response.statusCode, response.body).toBe(status);
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ type, status });
}

const propose = (body: unknown, key = randomUUID()) =>
  api.request(users.hr, {
    method: 'POST',
    url: '/api/proposals',
    headers: { 'idempotency-key': key },
    payload: body as Record<string, unknown>,
  });

describe('reads never 500: an id of another kind of workflow is not found', () => {
  it('answers 404 for a proposal, budget ledger or route id read as a post', async () => {
    for (const id of [proposalId, `${proposalId}.budget`, `${postId}.route`, 'international-recruits-cap']) {
      expectProblem(await api.request(users.hr, { method: 'GET', url: `/api/posts/${id}` }), 404);
      expectProblem(await api.request(users.hr, { method: 'GET', url: `/api/posts/${id}/route` }), 404);
    }
  });

  it('answers 404 for a post id read as a proposal', async () => {
    expectProblem(await api.request(users.hr, { method: 'GET', url: `/api/proposals/${postId}` }), 404);
  });

  it('answers 404, not 409, for a command sent to a proposal or ledger', async () => {
    for (const id of [proposalId, `${proposalId}.budget`]) {
      expectProblem(await api.command(users.hr, id, 'withdraw', { reason: 'Not a post' }), 404);
      const route = await api.request(users.hr, {
        method: 'POST',
        url: `/api/posts/${id}/route/end-unfilled`,
        headers: { 'idempotency-key': randomUUID() },
        payload: { reason: 'Not a route' },
      });
      expectProblem(route, 404);
    }
  });

  it('shows the 404 page for a proposal or ledger id on the post page', async () => {
    for (const id of [proposalId, `${proposalId}.budget`]) {
      const page = await api.request(users.hr, { method: 'GET', url: `/posts/${id}` });
      expect(page.statusCode).toBe(404);
      expect(String(page.headers['content-type'])).toMatch(/^text\/html/);
    }
  });

  it('answers 503 with Retry-After, within its read timeout, for a post no worker is running', async () => {
    const workflowId = `${uniqueProposalId('no-worker')}.L1.P1`;
    await api.dev.client.workflow.start('postWorkflow', {
      taskQueue: `no-worker-${randomUUID()}`,
      workflowId,
      args: [{}],
    });
    try {
      const started = Date.now();
      const read = await api.request(users.hr, { method: 'GET', url: `/api/posts/${workflowId}` });
      expectProblem(read, 503, problemTypeOf('unavailable'));
      expect(read.headers['retry-after']).toBe('1');
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await api.dev.client.workflow.getHandle(workflowId).terminate('test over');
    }
  });
});

describe('a burst of commands to one post', () => {
  it('answers each of 20 concurrent decisions 200, 409 or 503 (never 500), and exactly one takes effect', async () => {
    const [target = ''] = (await api.propose()).postIds;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        api.command(users.director, target, 'decide', { decision: 'approve', reason: `Burst ${index}` }),
      ),
    );
    for (const answer of answers) expect([200, 409, 503], answer.body).toContain(answer.statusCode);
    expect(answers.filter((answer) => answer.statusCode === 200)).toHaveLength(1);
    const view = await api.waitForPost(target, () => true);
    expect(view.decisions.filter((decision) => decision.action === 'approve')).toHaveLength(1);
  });
});

describe('ids up to the pattern’s 128 characters are read, longer ones refused as problems', () => {
  it('answers 404 (not 414) for a 101 to 128 character id that matches the pattern', async () => {
    for (const length of [101, 128]) {
      const id = `p${'x'.repeat(length - 1)}`;
      expectProblem(await api.request(users.hr, { method: 'GET', url: `/api/posts/${id}` }), 404);
      expectProblem(
        await api.command(users.director, id, 'decide', { decision: 'approve', reason: 'x' }),
        404,
      );
    }
  });

  it('answers 400 for an id past the pattern, and 414 past what the router reads, both as problems', async () => {
    expectProblem(await api.request(users.hr, { method: 'GET', url: `/api/posts/p${'x'.repeat(200)}` }), 400);
    expectProblem(
      await api.request(users.hr, { method: 'GET', url: `/api/posts/p${'x'.repeat(1100)}` }),
      414,
    );
  });
});

describe('one spec, one server: what the server sends is what the document says', () => {
  it('answers an undeclared method on a known path with 405 and Allow, before any sign-in or CSRF check', async () => {
    const del = await api.request(undefined, { method: 'DELETE', url: `/api/posts/${postId}` });
    expectProblem(del, 405);
    expect(del.headers.allow).toBe('GET, HEAD, OPTIONS');
    const put = await api.request(users.hr, { method: 'PUT', url: '/api/proposals' });
    expectProblem(put, 405);
    // POST proposes, GET lists.
    expect(put.headers.allow).toBe('POST, GET, HEAD, OPTIONS');
    const getAmend = await api.request(users.hr, {
      method: 'GET',
      url: `/api/proposals/${proposalId}/amend`,
    });
    expectProblem(getAmend, 405);
    expect(getAmend.headers.allow).toBe('POST, OPTIONS');
    for (const method of ['TRACE', 'QUERY'] as const) {
      // QUERY without a Content-Type: answered 405 before its body would be looked at.
      const other = await api.request(users.hr, { method, url: `/api/posts/${postId}` });
      expectProblem(other, 405);
      expect(other.headers.allow).toBe('GET, HEAD, OPTIONS');
    }
    const options = await api.request(undefined, { method: 'OPTIONS', url: `/api/posts/${postId}/decide` });
    expect(options.statusCode).toBe(204);
    expect(options.headers.allow).toBe('POST, OPTIONS');
  });

  it('takes command bodies as application/json only (415 otherwise), and at most 1 MiB (413)', async () => {
    const form = await api.request(users.hr, {
      method: 'POST',
      url: `/api/posts/${postId}/withdraw`,
      headers: { 'idempotency-key': randomUUID(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'reason=Form',
    });
    expectProblem(form, 415);
    const text = await api.request(users.hr, {
      method: 'POST',
      url: `/api/posts/${postId}/withdraw`,
      headers: { 'idempotency-key': randomUUID(), 'content-type': 'text/plain' },
      payload: 'reason',
    });
    expectProblem(text, 415);
    const large = await api.command(users.hr, postId, 'withdraw', { reason: 'x'.repeat(1_100_000) });
    expectProblem(large, 413);
    expect((await api.waitForPost(postId, () => true)).stage).toBe('awaiting-approval');
  });

  it('refuses text with outer spaces rather than trimming it, as the document’s pattern says', async () => {
    const spaced = await api.command(users.hr, postId, 'withdraw', { reason: ' Leading space' });
    expectProblem(spaced, 400);
    expect(spaced.json()).toMatchObject({
      errors: [{ field: 'reason', message: 'must not begin or end with a space' }],
    });
  });

  it('describes the rules JSON Schema cannot hold, and declares only the statuses each route sends', async () => {
    const document = (await api.request(undefined, { method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { description?: string; responses: Record<string, unknown> }>>;
    };
    const operation = (path: string, method: string) => document.paths[path]?.[method];
    expect(operation('/api/posts/{postId}/delegate', 'post')?.description).toContain(
      '`to` must not be before `from`',
    );
    expect(operation('/api/posts/{postId}/publish-advert', 'post')?.description).toContain('today or later');
    expect(operation('/api/posts/{postId}/record-applications', 'post')?.description).toContain(
      '`suitable` cannot exceed `received`',
    );
    expect(Object.keys(operation('/api/posts/{postId}', 'get')?.responses ?? {}).sort()).toEqual(
      ['200', '400', '401', '403', '404', '414', '503'].sort(),
    );
    expect(Object.keys(operation('/api/posts/{postId}/decide', 'post')?.responses ?? {}).sort()).toEqual(
      ['200', '400', '401', '403', '404', '409', '413', '414', '415', '422', '429', '503'].sort(),
    );
    expect(Object.keys(operation('/api/proposals', 'post')?.responses ?? {})).not.toContain('404');
    expect(
      Object.keys(operation('/api/proposals/{proposalId}/amend', 'post')?.responses ?? {}).sort(),
    ).toEqual(['200', '400', '401', '403', '404', '409', '413', '414', '415', '422', '429', '503'].sort());
    expect(Object.keys(operation('/api/proposals', 'get')?.responses ?? {}).sort()).toEqual(
      ['200', '400', '401', '403'].sort(),
    );
    expect(Object.keys(operation('/api/me', 'get')?.responses ?? {}).sort()).toEqual(['200', '401', '403']);
  });
});

describe('proposals within what one workflow holds, refused whole before anything starts', () => {
  it('refuses more posts than one proposal holds, saying to split it, and starts nothing', async () => {
    const id = uniqueProposalId('big');
    const body = oneLineProposal(id, 600);
    const response = await propose({ ...body, lines: [body.lines[0], { ...body.lines[0], fteCount: 401 }] });
    expectProblem(response, 400);
    expect(response.json()).toMatchObject({
      errors: [{ field: 'lines', message: expect.stringContaining('Split it into smaller proposals') }],
    });
    expectProblem(await api.request(users.hr, { method: 'GET', url: `/api/proposals/${id}` }), 404);
  });

  it('refuses a part-time post under 0.01 FTE, money past MAX_SAFE_INTEGER and ids with no room for their posts', async () => {
    const id = uniqueProposalId('limits');
    const body = oneLineProposal(id);
    const line = body.lines[0];
    const small = await propose({ ...body, lines: [{ ...line, fteCount: 2.005 }] });
    expectProblem(small, 400);
    expect(small.json()).toMatchObject({ errors: [{ field: 'lines.0.fteCount' }] });
    const money = await propose({
      ...body,
      lines: [{ ...line, fteCount: 3, annualCostPence: Math.floor(Number.MAX_SAFE_INTEGER / 2) }],
    });
    expectProblem(money, 400);
    expect(money.json()).toMatchObject({ errors: [{ field: 'lines.0.annualCostPence' }] });
    for (const proposalId of ['p'.repeat(81), `${id}.L1.P1`, `${id}.budget`]) {
      const refused = await propose({ ...body, proposalId });
      expectProblem(refused, 400);
      expect(refused.json()).toMatchObject({ errors: [{ field: 'proposalId' }] });
    }
    expectProblem(await api.request(users.hr, { method: 'GET', url: `/api/proposals/${id}` }), 404);
  });
});

describe('free text: no personal data reaches a workflow or the stream', () => {
  it('refuses a reason with an email address, naming the field, and the post is unchanged', async () => {
    const response = await api.command(users.director, postId, 'decide', {
      decision: 'approve',
      reason: 'Spoke to jane.smith@example.org, who agrees',
    });
    expectProblem(response, 400);
    expect(response.json()).toMatchObject({
      errors: [
        { field: 'reason', message: 'A reason must not contain personal data: remove the email address' },
      ],
    });
    const view = await api.waitForPost(postId, () => true);
    expect(view.stage).toBe('awaiting-approval');
  });

  it('refuses a proposal whose justification holds a postcode, and starts nothing', async () => {
    const id = uniqueProposalId('personal');
    const body = oneLineProposal(id);
    const response = await propose({
      ...body,
      lines: [{ ...body.lines[0], justification: 'For the family at LS1 4AP' }],
    });
    expectProblem(response, 400);
    expect(response.json()).toMatchObject({
      errors: [
        {
          field: 'lines.0.justification',
          message: 'A justification must not contain personal data: remove the postcode',
        },
      ],
    });
    expectProblem(await api.request(users.hr, { method: 'GET', url: `/api/proposals/${id}` }), 404);
  });

  it('lets through dates of decisions, grades, costs and financial years', async () => {
    const response = await api.command(users.director, postId, 'decide', {
      decision: 'send-back',
      reason: 'As the report of 30 June 2022 says: PO3 at £49,629 within the 2022/23 budget',
    });
    expect(response.statusCode, response.body).toBe(200);
  });
});

describe('the problem catalogue', () => {
  it('gives each kind its own type', () => {
    const types = [
      problemTypeOf('id-already-used'),
      problemTypeOf('request-in-progress'),
      problemTypeOf('conflict'),
      problemTypeOf('idempotency-key-reused'),
      problemTypeOf('method-not-allowed'),
    ];
    expect(new Set(types).size).toBe(types.length);
  });
});
