/**
 * The benchmarks (npm run bench [-- --quick] [-- --only starts,lifecycle]): starts the local stack if
 * it is not running, runs every benchmark against its baseline in this one process run, prints a
 * table and writes bench/RESULTS.md (a full run; the hand-written notes after its history marker are
 * kept) or test-artifacts/bench-quick.md (--quick,
 * small sizes that only prove the scripts still work: CI runs it). Figures, never pass/fail.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { repoRoot } from '../infra/paths.js';
import { type BenchContext, openBenchContext } from './benchContext.js';
import { burstBenchmark } from './benchmarks/burst.js';
import { latencyBenchmark } from './benchmarks/latency.js';
import { lifecycleBenchmark } from './benchmarks/lifecycle.js';
import { listsBenchmark } from './benchmarks/lists.js';
import { publishingBenchmark } from './benchmarks/publishing.js';
import { rebuildBenchmark } from './benchmarks/rebuild.js';
import { scaleBenchmark } from './benchmarks/scale.js';
import { startsBenchmark } from './benchmarks/starts.js';
import type { Figure } from './figures.js';
import { markdownRun, runFacts, textTable } from './report.js';
import { sampleLifecycleEvents } from './sampleEvents.js';

type Benchmark = (
  context: BenchContext,
  sample: () => Promise<Parameters<typeof publishingBenchmark>[1]>,
) => Promise<Figure[]>;

const benchmarks: Record<string, Benchmark> = {
  starts: (context) => startsBenchmark(context),
  lifecycle: (context) => lifecycleBenchmark(context),
  latency: (context) => latencyBenchmark(context),
  publishing: async (context, sample) => publishingBenchmark(context, await sample()),
  rebuild: async (context, sample) => rebuildBenchmark(context, await sample()),
  scale: (context) => scaleBenchmark(context),
  burst: (context) => burstBenchmark(context),
  lists: (context) => listsBenchmark(context),
};

const options = new Command('bench')
  .option('--quick', 'small sizes: proves every benchmark still runs (CI)', false)
  .option('--only <names>', `a comma-separated subset of: ${Object.keys(benchmarks).join(', ')}`)
  .parse()
  .opts<{ quick: boolean; only?: string }>();

const chosen = options.only ? options.only.split(',').map((name) => name.trim()) : Object.keys(benchmarks);
const unknown = chosen.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown benchmark: ${unknown.join(', ')} (known: ${Object.keys(benchmarks).join(', ')})\n`,
  );
  process.exit(2);
}

const began = performance.now();
const say = (line: string) =>
  process.stdout.write(`[bench] ${((performance.now() - began) / 1000).toFixed(1).padStart(6)} s  ${line}\n`);
const { context, close } = await openBenchContext(options.quick, say);
say(`worker ready on task queue ${context.config.TEMPORAL_TASK_QUEUE}`);
const figures: Figure[] = [];
let sample: ReturnType<typeof sampleLifecycleEvents> | undefined;
const sampleOnce = () => {
  sample ??= sampleLifecycleEvents(context);
  return sample;
};
try {
  for (const name of chosen) {
    say(`${name}…`);
    const started = performance.now();
    const results = await (benchmarks[name] as Benchmark)(context, sampleOnce);
    figures.push(...results);
    say(`${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    process.stdout.write(`${textTable(results)}\n`);
  }
} finally {
  say('stopping the worker and deleting the bench namespace and topics');
  await close();
}

const seconds = (performance.now() - began) / 1000;
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
process.stdout.write(`\n${textTable(figures)}\n`);
// bench/RESULTS.md holds full runs of every benchmark only; quick or partial runs go to test-artifacts.
const out =
  options.quick || options.only
    ? join(repoRoot, 'test-artifacts', options.quick ? 'bench-quick.md' : 'bench-partial.md')
    : join(repoRoot, 'bench', 'RESULTS.md');
const marker = '<!-- history: kept by bench/main.ts -->';
const kept = existsSync(out) ? readFileSync(out, 'utf8').split(marker)[1] : undefined;
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(
  out,
  `# Benchmark results\n\nWritten by \`${command}\`; the latest run first.\n\n## Latest run\n\n${markdownRun(figures, runFacts(command, seconds))}\n\n${marker}${kept ?? '\n'}`,
);
say(`written ${out}`);
