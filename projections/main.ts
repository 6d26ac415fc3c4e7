/**
 * The dashboards' projection process.
 *
 *   tsx projections/main.ts [run]     consume the post events into the dashboard model, until Ctrl-C
 *   tsx projections/main.ts rebuild   replay the topic from offset 0 into a fresh model, store it, exit
 *   tsx projections/main.ts figures   print the stored model's figures as JSON, exit
 *
 * `--snapshot <file>` and `--group <id>` override DASHBOARD_SNAPSHOT_FILE and DASHBOARD_PROJECTION_GROUP.
 * Stop `run` before a `rebuild`: both write the same snapshot (rebuild refuses while the group has members).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.js';
import { createKafka } from '../kafka/client.js';
import { ensureTopics, productTopics } from '../kafka/topics.js';
import { createLogger } from '../logging/logger.js';
import { dashboardFigures } from './dashboardFigures.js';
import type { DashboardSettings } from './dashboardModel.js';
import { createProjectionConsumer, type RebuildProgress, rebuild } from './projectionConsumer.js';
import { loadState } from './projectionState.js';
import { jsonFileSnapshotStore } from './snapshotStore.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { snapshot: { type: 'string' }, group: { type: 'string' } },
});
const command = positionals[0] ?? 'run';
if (!['run', 'rebuild', 'figures'].includes(command)) {
  process.stderr.write(
    `usage: tsx projections/main.ts [run|rebuild|figures] [--snapshot file] [--group id]\n`,
  );
  process.exit(2);
}

const config = loadConfig();
const log = createLogger('dashboard-projection', config.LOG_LEVEL);
const groupId = values.group ?? config.DASHBOARD_PROJECTION_GROUP;
const store = jsonFileSnapshotStore(values.snapshot ?? config.DASHBOARD_SNAPSHOT_FILE);
const topic = config.POST_EVENTS_TOPIC;
const settings: DashboardSettings = {
  internationalCap: {
    cap: config.INTERNATIONAL_RECRUITS_CAP,
    alreadyRecruited: config.INTERNATIONAL_RECRUITS_ALREADY,
  },
};

/** The figures an operator looks for first, for the log line that says the projection is current. */
function headline(figures: ReturnType<typeof dashboardFigures>) {
  return {
    posts: figures.pipeline.reduce((sum, stage) => sum + stage.posts, 0),
    establishmentFte: figures.vacancies.total.establishmentFte,
    vacantFte: figures.vacancies.total.vacantFte,
    overdueApprovals: figures.overdueApprovals.count,
    messages: figures.messages,
  };
}

if (command === 'figures') {
  const state = await loadState(store, topic, settings, log);
  process.stdout.write(`${JSON.stringify(dashboardFigures(state.model), null, 2)}\n`);
} else {
  const kafka = createKafka(config, log);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, productTopics(config));
  await admin.disconnect();

  if (command === 'rebuild') {
    let lastLogged = 0;
    const onProgress = ({ events, total, partitionsDone, partitions }: RebuildProgress) => {
      const now = Date.now();
      if (now - lastLogged < 2_000 && events < total) return;
      lastLogged = now;
      const percent = total === 0 ? 100 : Math.floor((events / total) * 100);
      log.info({ events, total, percent, partitionsDone, partitions }, `rebuild: ${events}/${total} events`);
    };
    const model = await rebuild({ kafka, topic, store, log, groupId, settings, onProgress });
    log.info(headline(dashboardFigures(model)), 'rebuild finished');
  } else {
    let stopping: Promise<void> | undefined;
    const consumer = createProjectionConsumer({
      kafka,
      topic,
      store,
      log,
      groupId,
      settings,
      onCrash: () => {
        process.exitCode = 1;
        void stop();
      },
    });
    const stop = () => {
      if (!stopping) log.info('stopping the dashboard projection (a second Ctrl-C ends it at once)');
      stopping ??= consumer.stop().then(() => log.info('dashboard projection stopped'));
      return stopping;
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await consumer.start();
    consumer
      .caughtUp(10 * 60_000)
      .then(() =>
        log.info({ ...headline(consumer.figures()), ...consumer.stats() }, 'caught up with the topic'),
      )
      .catch((error: Error) => log.warn({ err: error }, 'still catching up'));
  }
}
