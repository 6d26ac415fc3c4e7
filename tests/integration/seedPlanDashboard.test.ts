import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonDateOf } from '../../domain/workingDays.js';
import { dashboardFigures } from '../../projections/dashboardFigures.js';
import type { DashboardModel } from '../../projections/dashboardModel.js';
import { createProjectionConsumer, rebuild } from '../../projections/projectionConsumer.js';
import { jsonFileSnapshotStore } from '../../projections/snapshotStore.js';
import { proposal } from '../../schemas/proposal.js';
import { PostService } from '../../temporal/postService.js';
import { seedReport } from '../fixtures/seedReport.js';
import { brokerHarness, silent } from '../projections/brokerHarness.js';
import { type DevServerWorker, startDevServerWorker } from '../support/devServerWorker.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { PostDriver } from '../support/postDriver.js';
import { uniqueId } from '../support/postFixtures.js';

// The seed's plan through the real workers on the dev server, publishing to a topic of this test's
// own; the dashboard figures come from that topic alone, live and from two replays.
let broker: Awaited<ReturnType<typeof brokerHarness>>;
let dev: DevServerWorker;

beforeAll(async () => {
  broker = await brokerHarness();
  const topic = await broker.freshTopic(6);
  dev = await startDevServerWorker({ ...process.env, POST_EVENTS_TOPIC: topic });
});

afterAll(async () => {
  await dev?.stop();
  await broker?.stop();
});

describe('the seed plan on the dashboard', () => {
  it('shows the exact budget committed, FTE and vacancy figures, and two replays agree', {
    timeout: 360_000,
  }, async () => {
    const posts = new PostService(dev.client, dev.config, exampleDirectory());
    const proposalId = uniqueId('seed-dashboard');
    await posts.startProposal(proposal.parse({ ...seedReport(proposalId), openForCallIn: false }));
    const drivers = async () => {
      const view = await posts.proposal(proposalId);
      return view.posts.map((post) => new PostDriver(dev.client, dev.client.workflow.getHandle(post.postId)));
    };
    let all: PostDriver[] = [];
    const deadline = Date.now() + 120_000;
    while (all.length < 31 && Date.now() < deadline) {
      all = await drivers().catch(() => []);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(all).toHaveLength(31);
    // 31 budget checks queue on one ledger while the rest of the suite shares the dev server.
    await Promise.all(all.map((post) => post.waitFor((view) => view.stage === 'awaiting-approval', 120_000)));

    // The cost table's 29 posts are approved; the Safe project's two (line 9) still wait.
    const costTable = all.filter((post) => !post.handle.workflowId.includes('.L9.'));
    await Promise.all(costTable.map((post) => post.approve('Within the £1.5m allocation')));
    const filled = costTable[0] as PostDriver;
    await filled.consultAll();
    await filled.hr({ type: 'start-route', route: 'step-up', reason: 'Trainee ready' });
    await filled.hrRoute({
      type: 'join-step-up-cohort',
      traineeRef: 'emp-0001',
      cohort: 'Step Up 9',
      startsOn: londonDateOf(Date.now()),
    });
    await filled.ended();

    const directory = await broker.scratchDirectory();
    const groupId = uniqueId('seed-dashboard-projection');
    const consumer = createProjectionConsumer({
      kafka: broker.kafka,
      topic: dev.config.POST_EVENTS_TOPIC,
      store: jsonFileSnapshotStore(join(directory, 'live.json')),
      log: silent,
      groupId,
    });
    await consumer.start();
    await consumer.caughtUp(60_000);
    const live = consumer.figures();
    await consumer.stop();

    expect(live.budget).toEqual([
      {
        proposalId,
        proposalTitle:
          'Investment in Children and Families Transition Plan - Children’s Social Work Services',
        allocationPence: 150_000_000,
        committedPence: 149_336_600,
        headroomPence: 663_400,
        postsReserved: 31,
      },
    ]);
    expect(live.vacancies.total).toEqual({ establishmentFte: 29, vacantFte: 28, vacancyRate: 28 / 29 });
    const stages = Object.fromEntries(
      live.pipeline.filter((row) => row.posts > 0).map((row) => [row.stage, row.posts]),
    );
    expect(stages).toEqual({ 'awaiting-approval': 2, consultation: 28, filled: 1 });

    for (const replay of ['first', 'second']) {
      const store = jsonFileSnapshotStore(join(directory, `${replay}.json`));
      await rebuild({
        kafka: broker.kafka,
        topic: dev.config.POST_EVENTS_TOPIC,
        store,
        log: silent,
        groupId,
      });
      expect(dashboardFigures((await store.load())?.model as DashboardModel)).toEqual(live);
    }
  });
});
