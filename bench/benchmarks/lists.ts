import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { ProposalIdKey, ServiceAreaKey } from '../../contract/searchAttributes.js';
import { listPosts } from '../../projections/catalogueQueries.js';
import { catalogueEvent, emptyCatalogue, type PostCatalogue } from '../../projections/postCatalogue.js';
import type { PostEvent } from '../../schemas/postEvents.js';
import type { BenchContext } from '../benchContext.js';
import type { Figure } from '../figures.js';
import { inPool, spreadOf, timed } from '../measure.js';

const areas = ['Safeguarding', 'Children in Care', 'Early Help', 'Occupational Therapy', 'Fostering'];
const titles = [
  'Social Worker',
  'Senior Social Worker',
  'Team Manager',
  'Occupational Therapist',
  'Family Support Worker',
];
const hr = { id: 'hr.sam', role: 'hr' } as const;

/** A post's first two events, as the workflows publish them: proposed, then past the budget check. */
function eventsOf(i: number, runId: string): PostEvent[] {
  const ids = { postId: `${runId}-list-${i}`, proposalId: `${runId}-list-p${Math.floor(i / 50)}` };
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  const envelope = (type: string, data: object) =>
    ({
      eventId: randomUUID(),
      ...ids,
      type,
      version: 1,
      occurredAt: at,
      actor: hr,
      data,
    }) as unknown as PostEvent;
  return [
    envelope('PostProposed', {
      serviceArea: areas[i % areas.length],
      jobTitle: titles[(i * 7) % titles.length],
      grade: `PO${1 + (i % 6)}`,
      annualCostPence: 4_000_000 + (i % 100) * 10_000,
      fte: 1,
      funding: 'allocation',
      proposalTitle: `Workforce plan ${Math.floor(i / 50)}`,
    }),
    envelope('BudgetReserved', {
      amountPence: 4_000_000,
      allocationPence: 500_000_000,
      committedPence: 4_000_000,
    }),
  ];
}

async function firstPageOfVisibility(client: Client, query: string): Promise<number> {
  const page = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    query,
    pageSize: 25,
  });
  return page.executions.length;
}

/**
 * 8. Lists people read (issue: titles everywhere, search, filters, paging): the first page of a
 * filtered list of posts from the post catalogue (every post's record folded from the events, in the
 * web process), beside the first page of the bare visibility query of as many workflows on the same
 * dev server. Goal: p95 ≤ 200 ms at 10,000 posts.
 */
export async function listsBenchmark(context: BenchContext): Promise<Figure[]> {
  const { client, config, runId, quick } = context;
  const count = quick ? 500 : Number(process.env.BENCH_LIST_POSTS ?? 10_000);
  const catalogue: PostCatalogue = emptyCatalogue();
  const foldSeconds = await timed(async () => {
    for (let i = 0; i < count; i += 1)
      for (const event of eventsOf(i, runId)) catalogueEvent(catalogue, event);
  });

  const bareArea = (i: number) => `List ${runId} ${areas[i % areas.length]}`;
  await inPool(
    Array.from({ length: count }, (_, i) => i),
    64,
    (i) =>
      client.workflow.start('bareWaitingWorkflow', {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowId: `${runId}-list-bare-${i}`,
        typedSearchAttributes: [
          { key: ServiceAreaKey, value: bareArea(i) },
          { key: ProposalIdKey, value: `${runId}-list-p${Math.floor(i / 50)}` },
        ],
      }),
  );

  const times = quick ? 20 : 100;
  const product: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const area = areas[i % areas.length] as string;
    product.push(
      (await timed(async () =>
        JSON.stringify(
          listPosts(
            catalogue,
            { serviceArea: area, stages: ['awaiting-approval'], sort: 'waiting', page: 1 },
            hr,
          ),
        ),
      )) * 1000,
    );
    bare.push(
      (await timed(() =>
        firstPageOfVisibility(client, `ServiceArea = '${bareArea(i)}' AND ExecutionStatus = 'Running'`),
      )) * 1000,
    );
  }
  const p = spreadOf(product);
  const b = spreadOf(bare);
  const n = count.toLocaleString('en-GB');
  return [
    {
      bench: '8. lists',
      measure: `first page (25) of posts filtered by service area and stage, sorted by days waiting, of ${n} posts: p95`,
      product: p.p95,
      baseline: b.p95,
      unit: 'ms',
      ratio: p.p95 / b.p95,
      ratioMeaning: '÷ the first page of the bare visibility query',
      goal: { text: 'p95 ≤ 200 ms', met: p.p95 <= 200 },
      note: `p50 ${p.p50.toFixed(1)} ms (bare ${b.p50.toFixed(1)} ms); the catalogue folded ${n} posts’ events in ${foldSeconds.toFixed(2)} s`,
    },
  ];
}
