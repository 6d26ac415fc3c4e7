import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, londonDateOf } from '../../domain/workingDays.js';
import { type DevServerWorker, startDevServerWorker } from '../support/devServerWorker.js';
import { PostDriver } from '../support/postDriver.js';
import { deputy, director, occupationalTherapistPost, unionRep } from '../support/postFixtures.js';

// Rejections run on the dev server: the Java time-skipping server stops answering an Update that a
// validator rejects once earlier Updates have completed (the sdk-java #1903 family), and none of these
// tests needs a timer.
let dev: DevServerWorker;

beforeAll(async () => {
  dev = await startDevServerWorker();
});

afterAll(async () => {
  await dev?.stop();
});

const today = () => londonDateOf(Date.now());

async function expectRefused(attempt: Promise<unknown>, message: string | RegExp): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  if (typeof message === 'string') expect(cause?.message).toBe(message);
  else expect(cause?.message).toMatch(message);
}

describe('who may do what to a post (update validators on the real dev server)', () => {
  it('rejects an approval from the post’s own proposer, leaving the post awaiting approval', async () => {
    const proposer = { id: 'hr.dual-role', role: 'director' as const };
    const post = await PostDriver.start(
      dev.client,
      dev.config.TEMPORAL_TASK_QUEUE,
      occupationalTherapistPost({ proposedBy: proposer }),
    );
    await expectRefused(
      post.command({ type: 'decide', actor: proposer, decision: 'approve', reason: 'I wrote it' }),
      'the proposer of a post can never approve it',
    );
    const view = await post.view();
    expect(view.stage).toBe('awaiting-approval');
    expect(view.decisions.filter((decision) => decision.action === 'approve')).toEqual([]);
    await post.handle.terminate('test over');
  });

  it('rejects a decision from someone without a director’s authority', async () => {
    const post = await PostDriver.start(
      dev.client,
      dev.config.TEMPORAL_TASK_QUEUE,
      occupationalTherapistPost(),
    );
    await expectRefused(
      post.command({
        type: 'decide',
        actor: { id: 'hr.alex', role: 'hr' },
        decision: 'approve',
        reason: 'My team',
      }),
      'a hr cannot decide on a post',
    );
    await post.handle.terminate('test over');
  });

  it('rejects a delegate deciding outside the delegation window', async () => {
    const post = await PostDriver.start(
      dev.client,
      dev.config.TEMPORAL_TASK_QUEUE,
      occupationalTherapistPost(),
    );
    const from = addWorkingDays(today(), 3);
    const to = addWorkingDays(today(), 8);
    await post.command({
      type: 'delegate',
      actor: director,
      delegateId: deputy.id,
      from,
      to,
      reason: 'Leave',
    });
    await expectRefused(
      post.command({ type: 'decide', actor: deputy, decision: 'approve', reason: 'Early' }),
      `the delegation to ${deputy.id} runs from ${from} to ${to}; today is ${today()}`,
    );
    expect((await post.view()).stage).toBe('awaiting-approval');
    await post.handle.terminate('test over');
  });

  it('rejects an illegal transition: consultation before approval, an advert before consultation', async () => {
    const post = await PostDriver.start(
      dev.client,
      dev.config.TEMPORAL_TASK_QUEUE,
      occupationalTherapistPost(),
    );
    await expectRefused(
      post.command({
        type: 'record-consultation',
        actor: unionRep,
        party: 'union',
        outcome: 'no-concerns',
        summary: 'Too early',
      }),
      'cannot record a consultation response while the post is awaiting-approval',
    );
    await post.approve();
    await expectRefused(
      post.advertise(today(), addWorkingDays(today(), 5)),
      'cannot publish an advert while the post is consultation',
    );
    await post.handle.terminate('test over');
  });

  it('refuses a further advert once re-adverts are exhausted', async () => {
    const post = await PostDriver.start(
      dev.client,
      dev.config.TEMPORAL_TASK_QUEUE,
      occupationalTherapistPost({ openForCallIn: false, timings: { maxReadverts: 0 } }),
    );
    await post.approve();
    await post.consultAll();
    await post.advertise(today(), addWorkingDays(today(), 5));
    // Only the advert's closing date moves it on; a test cannot wait for it here, so the post is left
    // advertised and the rule is checked on its own in tests/domain/postRules.test.ts.
    await expectRefused(
      post.advertise(today(), addWorkingDays(today(), 5)),
      'cannot publish an advert while the post is advertised',
    );
    await post.handle.terminate('test over');
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const post = await PostDriver.start(
      dev.client,
      dev.config.TEMPORAL_TASK_QUEUE,
      occupationalTherapistPost(),
    );
    await expectRefused(
      post.command({ type: 'decide', actor: director, decision: 'approve', reason: '  ' }),
      'invalid command: reason: a reason is required',
    );
    expect((await post.view()).decisions.map((decision) => decision.action)).toEqual(['budget check']);
    await post.handle.terminate('test over');
  });
});
