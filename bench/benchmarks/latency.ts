import type { Consumer, Kafka } from 'kafkajs';
import type { BenchContext } from '../benchContext.js';
import { benchPostInput, startPost } from '../benchPosts.js';
import { type Figure, formatNumber } from '../figures.js';
import { type Spread, sleep, spreadOf, until } from '../measure.js';

/** The rate the issue asks for, and one this 2-core machine's worker keeps up with (no backlog). */
const rates = [50, 5] as const;

/**
 * Above 5 posts/s, the rates tried in turn until p99 goes over the goal, each for twice as long as the
 * fixed rates so the 99th percentile rests on more than a handful of events (quick: one small step).
 */
const searchRates = { full: [6, 8, 10, 12, 15, 20, 30, 40], quick: [8] } as const;

const p99Goal = 100;

interface LatencyRun {
  perSecond: number;
  seconds: number;
  starts: number;
  product: Spread;
  raw: Spread;
}

/**
 * 3. From a post's state change (the event's occurredAt, the workflow's clock) to the event reaching a
 * Kafka consumer, with posts proposed at a steady rate; baseline: a raw kafkajs producer sending as
 * many messages a second to a consumer on the same broker. Measured at 50 posts a second and again at
 * a rate below the worker's capacity, to tell queueing from the path's own latency; then the rate is
 * raised step by step from 5 posts/s until p99 goes over 100 ms, and the highest rate that kept it
 * within is reported with its percentiles.
 */
export async function latencyBenchmark(context: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  const runs = new Map<number, LatencyRun>();
  for (const perSecond of rates) {
    const run = await latencyAt(context, perSecond);
    runs.set(perSecond, run);
    figures.push(...percentileFigures(run));
  }
  let sustained = runs.get(5) as LatencyRun;
  let over: LatencyRun | undefined = sustained.product.p99 > p99Goal ? sustained : undefined;
  for (const perSecond of context.quick ? searchRates.quick : searchRates.full) {
    if (over) break;
    const run = await latencyAt(context, perSecond, context.quick ? 3 : 20);
    if (run.product.p99 <= p99Goal) sustained = run;
    else over = run;
  }
  figures.push(sustainedFigure(sustained, over));
  return figures;
}

function percentileFigures(run: LatencyRun): Figure[] {
  const { perSecond, product, raw } = run;
  const note = `${product.count} events from ${run.starts} posts over ${run.seconds} s; raw: ${raw.count} messages`;
  return (['p50', 'p95', 'p99'] as const).map((p) => ({
    bench: '3. latency',
    measure: `state change → consumer, ${p} at ${perSecond} posts/s`,
    product: product[p],
    baseline: raw[p],
    unit: 'ms',
    ratio: product[p] / raw[p],
    ratioMeaning: '÷ raw kafkajs produce→consume',
    ...(p === 'p99' && perSecond === 50
      ? { goal: { text: `p99 ≤ ${p99Goal} ms`, met: product.p99 <= p99Goal } }
      : {}),
    ...(p === 'p50' ? { note } : {}),
  }));
}

const ms = (value: number) => `${formatNumber(value)} ms`;

/** The highest rate tried whose p99 stayed within the goal, and what the next step up gave. */
function sustainedFigure(sustained: LatencyRun, over: LatencyRun | undefined): Figure {
  const { perSecond, product, raw } = sustained;
  const within = product.p99 <= p99Goal;
  const next = over
    ? `at ${over.perSecond} posts/s p50 ${ms(over.product.p50)}, p99 ${ms(over.product.p99)}`
    : 'no rate tried went over';
  return {
    bench: '3. latency',
    measure: within
      ? `highest rate tried with p99 ≤ ${p99Goal} ms (from 5 posts/s up; ${sustained.seconds} s at that rate): ${perSecond} posts/s, its p99`
      : `highest rate tried with p99 ≤ ${p99Goal} ms: none from 5 posts/s upwards; p99 at 5 posts/s`,
    product: product.p99,
    baseline: raw.p99,
    unit: 'ms',
    ratio: product.p99 / raw.p99,
    ratioMeaning: '÷ raw kafkajs produce→consume',
    goal: { text: `p99 ≤ ${p99Goal} ms below the highest sustained rate`, met: within },
    note: `p50 ${ms(product.p50)}, p95 ${ms(product.p95)} at ${perSecond} posts/s; ${next}`,
  };
}

async function latencyAt(
  context: BenchContext,
  perSecond: number,
  seconds = context.quick ? 3 : 10,
): Promise<LatencyRun> {
  const { client, config, kafka, runId, quick } = context;
  const prefix = `${runId}-lat${perSecond}`;

  const latencies: number[] = [];
  const consumer = await joinedConsumer(kafka, `${prefix}.latency`, config.POST_EVENTS_TOPIC, (value) => {
    const event = JSON.parse(value) as { postId: string; occurredAt: string };
    if (event.postId.startsWith(`${prefix}-`)) latencies.push(Date.now() - Date.parse(event.occurredAt));
  });
  const starts = await atSteadyRate(seconds, perSecond, (i) =>
    startPost(client, config.TEMPORAL_TASK_QUEUE, benchPostInput(prefix, i, `Latency ${runId}`)),
  );
  // Each post publishes PostProposed and BudgetReserved.
  await until(
    async () => latencies.length >= starts * 2,
    quick ? 120_000 : 600_000,
    'every latency event',
  ).finally(() => consumer.disconnect());

  const rawTopic = await context.topic(`${prefix}.latency-raw`);
  const raw: number[] = [];
  const rawConsumer = await joinedConsumer(kafka, `${prefix}.latency-raw`, rawTopic, (value) => {
    raw.push(Date.now() - (JSON.parse(value) as { sentAt: number }).sentAt);
  });
  const producer = kafka.producer();
  await producer.connect();
  const sent = await atSteadyRate(seconds, perSecond, (i) =>
    producer.send({
      topic: rawTopic,
      messages: [{ key: `k${i}`, value: JSON.stringify({ sentAt: Date.now() }) }],
    }),
  );
  await until(async () => raw.length >= sent, 30_000, 'every raw message').finally(async () => {
    await rawConsumer.disconnect();
    await producer.disconnect();
  });
  return { perSecond, seconds, starts, product: spreadOf(latencies), raw: spreadOf(raw) };
}

/** Calls `send(i)` `perSecond` times a second for `seconds`, without waiting for one before the next. */
async function atSteadyRate(
  seconds: number,
  perSecond: number,
  send: (i: number) => Promise<unknown>,
): Promise<number> {
  const total = seconds * perSecond;
  const began = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = began + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(send(i));
  }
  await Promise.all(pending);
  return total;
}

/** A consumer of a fresh group that has its partitions (so it misses nothing sent after this). */
async function joinedConsumer(
  kafka: Kafka,
  groupId: string,
  topic: string,
  onValue: (value: string) => void,
): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.value) onValue(message.value.toString());
    },
  });
  await until(async () => joined, 30_000, `the ${groupId} consumer to join`, 50);
  // The first fetch after joining settles the starting offsets.
  await sleep(1000);
  return consumer;
}
