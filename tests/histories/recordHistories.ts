/**
 * Records the histories of finished workflows that tests/workflows/replay.test.ts replays on every
 * run. Run it when a new workflow version ships (`npx tsx tests/histories/recordHistories.ts`): the old
 * files stay, so a change that breaks a running post's replay fails CI.
 */
import { seedReport } from '../fixtures/seedReport.js';
import { writeHistory } from '../support/historyFiles.js';
import { PostDriver } from '../support/postDriver.js';
import { director, occupationalTherapistPost } from '../support/postFixtures.js';
import { startTimeSkippingPosts } from '../support/timeSkippingPostWorker.js';

const version = process.argv[2] ?? 'v1';
const posts = await startTimeSkippingPosts('record-histories');
const saved: string[] = [];

async function save(name: string, workflowId: string): Promise<void> {
  const history = await posts.client.workflow.getHandle(workflowId).fetchHistory();
  const file = new URL(`./${version}-${name}.json`, import.meta.url);
  await writeHistory(file, history);
  saved.push(file.pathname);
}

try {
  // 1. The standard route from proposal to filled, through reminder, call-in period and advert.
  const filled = occupationalTherapistPost({ postId: 'history-standard-route' });
  const post = await PostDriver.start(posts.client, posts.taskQueue, filled);
  await posts.env.sleep('8 days');
  await post.waitFor((view) => view.remindersSent === 1);
  await post.approve();
  await post.consultAll();
  await posts.env.sleep('14 days');
  await post.waitFor((view) => view.stage === 'ready-to-recruit');
  await post.advertise(await posts.today(), await posts.workingDaysFromNow(10));
  await posts.env.sleep('21 days');
  await post.waitFor((view) => view.stage === 'awaiting-applications');
  await post.hr({ type: 'record-applications', received: 4, suitable: 1 });
  await post.hr({ type: 'start-route', route: 'standard', reason: 'One suitable applicant' });
  await post.hrRoute({ type: 'shortlist', candidateRefs: ['cand-1'] });
  await post.hrRoute({ type: 'record-interview', candidateRef: 'cand-1', outcome: 'appointable' });
  await post.hrRoute({ type: 'make-offer', candidateRef: 'cand-1' });
  await post.hrRoute({ type: 'record-offer-response', candidateRef: 'cand-1', response: 'accepted' });
  for (const check of ['references', 'enhanced-dbs-barred-list', 'right-to-work'] as const) {
    await post.hrRoute({ type: 'record-check', check, outcome: 'clear' });
  }
  await post.hrRoute({ type: 'record-check', check: 'professional-registration', outcome: 'clear', registrationBody: 'hcpc' });
  await post.hrRoute({ type: 'confirm-start', personRef: 'cand-1', startsOn: await posts.workingDaysFromNow(20) });
  await post.ended();
  await save('post-standard-route-filled', filled.postId);
  await save('route-standard-filled', `${filled.postId}.route`);

  // 2. Sent back, revised, rejected: the budget released.
  const rejected = occupationalTherapistPost({ postId: 'history-rejected' });
  const second = await PostDriver.start(posts.client, posts.taskQueue, rejected);
  await second.command({ type: 'decide', actor: director, decision: 'send-back', reason: 'Regrade to SO1' });
  await second.hr({ type: 'revise', grade: 'SO1', annualCostPence: 3_886_700, reason: 'Regraded' });
  await second.command({ type: 'decide', actor: director, decision: 'reject', reason: 'Funded elsewhere' });
  await second.ended();
  await save('post-sent-back-rejected', rejected.postId);

  // 3. A proposal whose posts are all withdrawn, closing its budget ledger.
  const proposalId = 'history-proposal';
  const report = seedReport(proposalId);
  const proposal = await posts.client.workflow.start('proposalWorkflow', {
    args: [{ proposal: { ...report, lines: report.lines.slice(0, 2) }, internationalCap: { workflowId: 'history-cap', cap: 20, alreadyRecruited: 13 } }],
    taskQueue: posts.taskQueue,
    workflowId: proposalId,
  });
  const postIds = ['L1.P1', 'L1.P2', 'L1.P3', 'L1.P4', 'L1.P5', 'L2.P1', 'L2.P2', 'L2.P3', 'L2.P4', 'L2.P5', 'L2.P6', 'L2.P7', 'L2.P8', 'L2.P9', 'L2.P10'].map(
    (suffix) => `${proposalId}.${suffix}`,
  );
  for (const postId of postIds) {
    const driver = new PostDriver(posts.client, posts.client.workflow.getHandle(postId));
    await driver.waitFor((view) => view.stage === 'awaiting-approval');
    await driver.hr({ type: 'withdraw', reason: 'Approved separately (paragraphs 8 and 9)' });
    await driver.ended();
  }
  await proposal.result();
  await save('proposal-all-withdrawn', proposalId);
  await save('budget-allocation-closed', `${proposalId}.budget`);
} finally {
  await posts.stop();
}
process.stdout.write(`recorded:\n  ${saved.join('\n  ')}\n`);
