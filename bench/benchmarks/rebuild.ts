import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { postEventMessage } from '../../kafka/postEventPublisher.js';
import { rebuild } from '../../projections/rebuildProjection.js';
import { jsonFileSnapshotStore } from '../../projections/snapshotStore.js';
import type { PostEvent } from '../../schemas/postEvents.js';
import type { BenchContext } from '../benchContext.js';
import type { Figure } from '../figures.js';
import { timed, until } from '../measure.js';
import { manyLifecycles } from '../sampleEvents.js';

/**
 * 5. The dashboard projection rebuilt from offset 0 (parse, validate, dedup, fold, store the snapshot),
 * in events per second, against a raw kafkajs consumer reading the same topic to its end.
 */
export async function rebuildBenchmark(context: BenchContext, sample: PostEvent[]): Promise<Figure[]> {
  const { kafka, runId, quick } = context;
  const posts = quick ? 300 : 30_000;
  const topic = await context.topic(`${runId}.rebuild`);
  const producer = kafka.producer();
  await producer.connect();
  const lifecycles = manyLifecycles(sample, `${runId}-rebuild`, posts);
  for (let i = 0; i < lifecycles.length; i += 100) {
    await producer.send({
      topic,
      messages: lifecycles
        .slice(i, i + 100)
        .flat()
        .map(postEventMessage),
    });
  }
  await producer.disconnect();
  const events = posts * sample.length;

  const dir = mkdtempSync(join(tmpdir(), 'bench-rebuild-'));
  let rebuilt = 0;
  const productSeconds = await timed(async () => {
    const model = await rebuild({
      kafka,
      topic,
      store: jsonFileSnapshotStore(join(dir, 'snapshot.json')),
      log: pino({ level: 'silent' }),
      groupId: `${runId}.dashboard`,
    });
    rebuilt = model.messages.applied;
  });
  rmSync(dir, { recursive: true, force: true });
  if (rebuilt !== events) throw new Error(`the rebuild applied ${rebuilt} of ${events} events`);

  let read = 0;
  const rawSeconds = await timed(async () => {
    const consumer = kafka.consumer({ groupId: `${runId}.raw-reader`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        read += batch.messages.length;
      },
    });
    await until(async () => read >= events, 600_000, 'the raw consumer', 5).finally(() =>
      consumer.disconnect(),
    );
  });

  const product = events / productSeconds;
  const baseline = events / rawSeconds;
  return [
    {
      bench: '5. rebuild',
      measure: `projection rebuild events per second (${events.toLocaleString('en-GB')} events from offset 0)`,
      product,
      baseline,
      unit: 'events/s',
      ratio: product / baseline,
      ratioMeaning: 'share of raw kafkajs consumer',
      goal: { text: '≥ 100,000 events/s and ≥ 0.8', met: product >= 100_000 && product / baseline >= 0.8 },
    },
  ];
}
