import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postsFromLines } from '../../domain/proposalPosts.js';
import { postViewQuery } from '../../workflows/postMessages.js';
import type { PostView } from '../../workflows/postView.js';
import { seedCostTable } from '../fixtures/seedProposal.js';
import { type DevServerWorker, startDevServerWorker } from '../support/devServerWorker.js';
import { uniqueId } from '../support/postFixtures.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const execFileAsync = promisify(execFile);

let dev: DevServerWorker;
const proposalId = uniqueId('cli-seed');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as a child process against the test's own worker. */
async function cli(...args: string[]): Promise<CliRun> {
  const options = {
    cwd: projectRoot,
    env: { ...process.env, TEMPORAL_TASK_QUEUE: dev.config.TEMPORAL_TASK_QUEUE },
  };
  try {
    const { stdout, stderr } = await execFileAsync(
      'node_modules/.bin/tsx',
      ['cli/main.ts', ...args],
      options,
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
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

/** The proposal's own fields, which a CSV file leaves to the options. */
const seedOptions = [
  '--proposal-id',
  proposalId,
  '--title',
  'Investment in Children and Families Transition Plan',
  '--service',
  'Children’s Social Work Services',
  '--author',
  'hr.sam',
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

let imported: CliRun;

beforeAll(async () => {
  dev = await startDevServerWorker();
  imported = await cli('import', 'examples/seed-cost-table.csv', ...seedOptions, '--timeout', '90');
});

afterAll(async () => {
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
  return cli(
    'decide',
    postId,
    'approve',
    '--as',
    'director.julie',
    '--reason',
    'Paragraph 17: the OT waiting list',
    '--idempotency-key',
    idempotencyKey,
  );
}

describe('the CLI against the real dev server and a real worker', () => {
  it('imports the seed cost table, showing posts starting and the totals against the allocation', () => {
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`Proposal ${proposalId} started`);
    expect(imported.stdout).toMatch(/^posts started: \d+\/29$/m);
    expect(imported.stdout).toMatch(/^posts started: 29\/29$/m);
    expect(imported.stdout).toMatch(/^ {2}FTE: +29$/m);
    expect(imported.stdout).toMatch(/^ {2}cost: +£1,422,528 a year$/m);
    expect(imported.stdout).toMatch(/^ {2}allocation: +£1,500,000 \(2022\/23 revenue budget\)$/m);
    expect(imported.stdout).toMatch(/^ {2}left: +£77,472$/m);
  });

  it('approves a post as director.julie and then shows its new stage and the decision', async () => {
    const postId = `${proposalId}.L4.P1`;
    const decided = await approve(postId, `${postId}-approve`);
    expect(decided.stderr).toBe('');
    expect(decided.code).toBe(0);
    expect(decided.stdout).toMatch(/^ {2}stage: +consultation$/m);

    const shown = await cli('show', postId);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Community Occupational therapists, grade PO1, Occupational Therapy');
    expect(shown.stdout).toMatch(/^ {2}stage: +consultation$/m);
    expect(shown.stdout).toMatch(
      /approve +director\.julie \(director\) +director +Paragraph 17: the OT waiting list$/m,
    );
  });

  it('answers a repeated request with the first one’s result, and refuses a second decision with exit code 1', async () => {
    const postId = `${proposalId}.L4.P2`;
    expect((await approve(postId, `${postId}-approve`)).code).toBe(0);
    const repeated = await approve(postId, `${postId}-approve`);
    expect(repeated.code).toBe(0);
    expect(repeated.stdout).toMatch(/^ {2}stage: +consultation$/m);

    const again = await cli(
      'decide',
      postId,
      'reject',
      '--as',
      'director.julie',
      '--reason',
      'Changed my mind',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('refused (conflict): cannot decide while the post is consultation');
  });

  it('lists the proposal’s posts with stage, service area and grade', async () => {
    const listed = await cli('posts', '--proposal', proposalId);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^POST +STAGE +SERVICE AREA +GRADE$/m);
    expect(listed.stdout).toMatch(new RegExp(`^${proposalId}\\.L6\\.P1 +\\S+ +Placement team +PO6$`, 'm'));
    expect(listed.stdout).toContain('29 posts');
  });
});
