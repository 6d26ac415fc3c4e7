import { spawn } from 'node:child_process';
import { mkdtemp, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLog } from '../../audit/auditLog.js';
import { memoryAuditLog } from '../../audit/memoryAuditLog.js';
import { memoryApiTokenStore } from '../../auth/apiTokenStore.js';
import { ApiTokens } from '../../auth/apiTokens.js';
import { memorySessionStore } from '../../auth/sessionStore.js';
import type { Config } from '../../config/index.js';
import { postViewQuery } from '../../contract/postMessages.js';
import type { PostView } from '../../contract/postView.js';
import { postsFromLines } from '../../domain/proposalPosts.js';
import { PostService } from '../../temporal/postService.js';
import { createWebApp } from '../../web/app.js';
import { seedCostTable } from '../fixtures/seedProposal.js';
import { type DevServerWorker, startDevServerWorker } from '../support/devServerWorker.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { uniqueId } from '../support/postFixtures.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

let dev: DevServerWorker;
let web: FastifyInstance;
let audit: AuditLog;
let baseUrl: string;
const apiTokenStore = memoryApiTokenStore();
const tokens = new ApiTokens(apiTokenStore);
const proposalId = uniqueId('cli-seed');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Each person's CLI keeps its sign-in in a file of its own. */
const configOf: Record<string, string> = {};

/** Runs the real CLI as a child process, as `person` (their saved sign-in), with `stdin` piped in. */
function cli(person: string, args: string[], stdin = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('node_modules/.bin/tsx', ['cli/main.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, COUNCIL_POSTS_CLI_CONFIG: configOf[person] },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Makes a token for the person (as the API tokens page does) and signs their CLI in with it. */
async function loginAs(person: string): Promise<{ token: string; run: CliRun }> {
  const { token } = await tokens.issue(person, 'CLI end-to-end test', 7);
  return { token, run: await cli(person, ['login', '--url', baseUrl], `${token}\n`) };
}

async function postUntil(postId: string, done: (view: PostView) => boolean): Promise<PostView> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const view = await dev.client.workflow
      .getHandle(postId)
      .query(postViewQuery)
      .catch(() => undefined);
    if (view && done(view)) return view;
    if (Date.now() > deadline) throw new Error(`${postId} never got there; last seen ${view?.stage}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The proposal's own fields, which a CSV file leaves to the options (its author is whoever runs it). */
const seedOptions = [
  '--proposal-id',
  proposalId,
  '--title',
  'Investment in Children and Families Transition Plan',
  '--service',
  'Children’s Social Work Services',
  '--decision-maker',
  'director.julie',
  '--deputy',
  'deputy.farrah',
  '--allocation',
  '1,500,000',
  '--allocation-name',
  '2022/23 revenue budget',
  '--open-for-call-in',
  '--report-date',
  '2022-06-30',
];

let hrLogin: CliRun;
let imported: CliRun;

beforeAll(async () => {
  dev = await startDevServerWorker();
  const configDirectory = await mkdtemp(join(tmpdir(), 'cli-e2e-'));
  for (const person of ['hr.sam', 'director.julie', 'viewer.pat']) {
    configOf[person] = join(configDirectory, person, 'cli.json');
  }
  audit = memoryAuditLog();
  const config: Config = { ...dev.config, AUTH_MODE: 'local' };
  web = await createWebApp({
    config,
    posts: new PostService(dev.client, config, exampleDirectory()),
    log: pino({ level: 'silent' }),
    audit,
    authStores: { apiTokenStore, sessionStore: memorySessionStore() },
  });
  await web.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(web.server.address() as AddressInfo).port}`;
  hrLogin = (await loginAs('hr.sam')).run;
  imported = await cli('hr.sam', [
    'import',
    'examples/seed-cost-table.csv',
    ...seedOptions,
    '--timeout',
    '90',
  ]);
});

afterAll(async () => {
  await web?.close();
  if (!dev) return;
  // Posts outlive their proposal (ParentClosePolicy.ABANDON), so each is ended on its own.
  const workflowIds = [
    proposalId,
    ...postsFromLines(proposalId, seedCostTable).map((post) => post.postId),
    `${proposalId}.budget`,
  ];
  await Promise.all(
    workflowIds.map((id) =>
      dev.client.workflow
        .getHandle(id)
        .terminate('test over')
        .catch(() => undefined),
    ),
  );
  await dev.stop();
});

async function approve(postId: string, idempotencyKey: string): Promise<CliRun> {
  await postUntil(postId, (view) => view.stage === 'awaiting-approval' || view.decisions.length > 1);
  return cli('director.julie', [
    'decide',
    postId,
    'approve',
    '--reason',
    'Paragraph 17: the OT waiting list',
    '--idempotency-key',
    idempotencyKey,
  ]);
}

describe('the CLI against the HTTP API, signed in with personal access tokens', () => {
  it('signs in with a token piped to login, saved in a file only its user can read', async () => {
    expect(hrLogin.stderr).toBe('');
    expect(hrLogin.code).toBe(0);
    expect(hrLogin.stdout).toContain(`Signed in to ${baseUrl} as Sam Okafor (hr.sam), hr.`);
    expect((await stat(configOf['hr.sam'] ?? '')).mode & 0o777).toBe(0o600);
    const whoami = await cli('hr.sam', ['whoami']);
    expect(whoami.stdout.trim()).toBe(`Sam Okafor (hr.sam), hr, at ${baseUrl}`);
  });

  it('imports the seed cost table as the signed-in HR officer, showing posts starting and the totals', async () => {
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`Proposal ${proposalId} started`);
    expect(imported.stdout).toMatch(/^posts started: \d+\/29$/m);
    expect(imported.stdout).toMatch(/^posts started: 29\/29$/m);
    expect(imported.stdout).toMatch(/^ {2}FTE: +29$/m);
    expect(imported.stdout).toMatch(/^ {2}cost: +£1,422,528 a year$/m);
    expect(imported.stdout).toMatch(/^ {2}allocation: +£1,500,000 \(2022\/23 revenue budget\)$/m);
    expect(imported.stdout).toMatch(/^ {2}left: +£77,472$/m);
    const proposed = (await audit.all()).find((entry) => entry.proposalId === proposalId);
    expect(proposed).toMatchObject({
      actor: { id: 'hr.sam', role: 'hr' },
      channel: 'api',
      outcome: 'accepted',
    });
  });

  it('approves a post as the signed-in director and then shows its new stage and the decision', async () => {
    const julie = await loginAs('director.julie');
    expect(julie.run.code).toBe(0);
    const postId = `${proposalId}.L4.P1`;
    const decided = await approve(postId, `${postId}-approve`);
    expect(decided.stderr).toBe('');
    expect(decided.code).toBe(0);
    expect(decided.stdout).toContain(`Post ${postId}: approve by director.julie (director)`);
    expect(decided.stdout).toMatch(/^ {2}stage: +consultation$/m);

    const shown = await cli('director.julie', ['show', postId]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Community Occupational therapists, grade PO1, Occupational Therapy');
    expect(shown.stdout).toMatch(/^ {2}stage: +consultation$/m);
    expect(shown.stdout).toMatch(
      /approve +director\.julie \(director\) +director +Paragraph 17: the OT waiting list$/m,
    );
    const entries = (await audit.forPost(postId)).filter((entry) => entry.command === 'decide');
    expect(entries).toEqual([
      expect.objectContaining({
        actor: { id: 'director.julie', role: 'director' },
        channel: 'api',
        idempotencyKey: `${postId}-approve`,
        outcome: 'accepted',
      }),
    ]);
  });

  it('answers a repeated request with the first one’s result, and refuses a second decision with exit code 1', async () => {
    const postId = `${proposalId}.L4.P2`;
    expect((await approve(postId, `${postId}-approve`)).code).toBe(0);
    const repeated = await approve(postId, `${postId}-approve`);
    expect(repeated.code).toBe(0);
    expect(repeated.stdout).toMatch(/^ {2}stage: +consultation$/m);

    const again = await cli('director.julie', ['decide', postId, 'reject', '--reason', 'Changed my mind']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('refused (conflict): cannot decide while the post is consultation');
  });

  it('acts only as the signed-in person: HR may not decide, and the refusal says so', async () => {
    const postId = `${proposalId}.L5.P1`;
    await postUntil(postId, (view) => view.stage === 'awaiting-approval');
    const refused = await cli('hr.sam', ['decide', postId, 'approve', '--reason', 'My own proposal']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused (forbidden): an HR officer may not send decide');
  });

  it('lists the proposal’s posts with stage, service area and grade', async () => {
    const listed = await cli('hr.sam', ['posts', '--proposal', proposalId]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^POST +STAGE +SERVICE AREA +GRADE$/m);
    expect(listed.stdout).toMatch(new RegExp(`^${proposalId}\\.L6\\.P1 +\\S+ +Placement team +PO6$`, 'm'));
    expect(listed.stdout).toContain('29 posts');
  });

  it('stops at once when the token is revoked, and logout revokes it and forgets it', async () => {
    const { token } = await loginAs('viewer.pat');
    expect((await cli('viewer.pat', ['whoami'])).code).toBe(0);
    const [record] = await apiTokenStore.forUser('viewer.pat');
    await tokens.revoke('viewer.pat', record?.id ?? '');
    const refused = await cli('viewer.pat', ['posts', '--proposal', proposalId]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/did not accept your token .*run login again/);

    await cli(
      'viewer.pat',
      ['login', '--url', baseUrl],
      `${(await tokens.issue('viewer.pat', 'again', 7)).token}\n`,
    );
    const loggedOut = await cli('viewer.pat', ['logout']);
    expect(loggedOut.code).toBe(0);
    expect(loggedOut.stdout).toContain('The token has been revoked.');
    await expect(stat(configOf['viewer.pat'] ?? '')).rejects.toThrow();
    expect(await apiTokenStore.forUser('viewer.pat')).toEqual([]);
    expect(token).toMatch(/^cpat_/);
    const after = await cli('viewer.pat', ['posts']);
    expect(after.code).toBe(2);
    expect(after.stderr).toMatch(/not signed in/);
  });
});
