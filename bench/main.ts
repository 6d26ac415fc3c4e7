/**
 * The benchmarks (npm run bench [-- --quick] [-- --only starts,lifecycle]): starts the local stack if
 * it is not running, runs every benchmark against its baseline in this one process run, prints a
 * table and writes bench/RESULTS.md (a full run; the hand-written notes after its history marker are
 * kept) or test-artifacts/bench-quick.md (--quick,
 * small sizes that only prove the scripts still work: CI runs it). Figures, never pass/fail.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { repoRoot } from '../infra/paths.js';
import { type BenchContext, openBenchContext } from './benchContext.js';
import { burstBenchmark } from './benchmarks/burst.js';
import { evictionBenchmark } from './benchmarks/eviction.js';
import { latencyBenchmark } from './benchmarks/latency.js';
import { lifecycleBenchmark } from './benchmarks/lifecycle.js';
import { listsBenchmark } from './benchmarks/lists.js';
import { publishingBenchmark } from './benchmarks/publishing.js';
import { rebuildBenchmark } from './benchmarks/rebuild.js';
import { scaleBenchmark } from './benchmarks/scale.js';
import { startsBenchmark } from './benchmarks/starts.js';
import { workersBenchmark } from './benchmarks/workers.js';
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
  workers: (context) => workersBenchmark(context),
  eviction: (context) => evictionBenchmark(context),
};

const options = new Command('bench')
  .option('--quick', 'small sizes: proves every benchmark still runs (CI)', false)
  .option('--only <names>', `a comma-separated subset of: ${Object.keys(benchmarks).join(', ')}`)
  .addOption(
    new Option('--profile <profile>', 'the stack to run on (cluster: npm run stack -- up --profile cluster)')
      .choices(['local', 'cluster'])
      .default('local'),
  )
  .parse()
  .opts<{ quick: boolean; only?: string; profile: 'local' | 'cluster' }>();

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
const { context, close } = await openBenchContext(options.quick, say, options.profile);
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
const run = markdownRun(figures, runFacts(command, seconds, options.profile));
// bench/RESULTS.md holds full runs of every benchmark only, and the cluster profile's run in a section
// of its own; quick or partial runs on the local stack go to test-artifacts.
const results = join(repoRoot, 'bench', 'RESULTS.md');
const out =
  options.quick || (options.only && options.profile === 'local')
    ? join(repoRoot, 'test-artifacts', options.quick ? 'bench-quick.md' : 'bench-partial.md')
    : results;
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(
  out,
  out === results && options.profile === 'cluster'
    ? withClusterRun(readFileSync(out, 'utf8'), run)
    : withLatestRun(out, run, command),
);
say(`written ${out}`);

/** The file with `run` as its latest run, the history below the marker kept. */
function withLatestRun(file: string, run: string, command: string): string {
  const marker = '<!-- history: kept by bench/main.ts -->';
  const kept = existsSync(file) ? readFileSync(file, 'utf8').split(marker)[1] : undefined;
  return `# Benchmark results\n\nWritten by \`${command}\`; the latest run first.\n\n## Latest run\n\n${run}\n\n${marker}${kept ?? '\n'}`;
}

/** RESULTS.md with its cluster section (made on the first cluster run, after the history marker) replaced. */
function withClusterRun(text: string, run: string): string {
  const start = '<!-- cluster profile: kept by bench/main.ts -->';
  const end = '<!-- end of cluster profile -->';
  const section = `${start}\n\n## On the cluster profile\n\n${run}\n\n${end}`;
  if (text.includes(start)) return text.replace(new RegExp(`${start}[\\s\\S]*${end}`), section);
  const marker = '<!-- history: kept by bench/main.ts -->';
  return text.replace(marker, `${marker}\n\n${section}`);
}
