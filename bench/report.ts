import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readVersions } from '../infra/paths.js';
import { type Figure, formatNumber } from './figures.js';

export interface RunFacts {
  command: string;
  date: string;
  seconds: number;
  machine: string;
  versions: string;
  commit: string;
}

export function runFacts(command: string, seconds: number, profile: 'local' | 'cluster' = 'local'): RunFacts {
  const versions = readVersions();
  const cpu = cpus();
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return {
    command,
    date: new Date().toISOString(),
    seconds,
    machine: `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${process.platform} ${process.arch}`,
    versions: [
      `Node ${process.version}`,
      ...(profile === 'cluster'
        ? [
            `Temporal server ${versions.TEMPORAL_SERVER_VERSION} (frontend, history, matching, worker as processes; PostgreSQL 15)`,
            `Kafka ${versions.KAFKA_VERSION} (KRaft, three nodes, replication 3, min.insync 2)`,
          ]
        : [
            `Temporal CLI ${versions.TEMPORAL_CLI_VERSION} (dev server, SQLite)`,
            `Kafka ${versions.KAFKA_VERSION} (KRaft, one node)`,
          ]),
      'kafkajs 2.2.4',
      '@temporalio/* 1.24.0',
    ].join(', '),
    commit,
  };
}

/** The results as a plain table for the terminal. */
export function textTable(figures: Figure[]): string {
  const rows = figures.map((f) => [
    f.bench,
    f.measure,
    `${formatNumber(f.product)} ${f.unit}`,
    `${formatNumber(f.baseline)} ${f.unit}`,
    `${formatNumber(f.ratio)} (${f.ratioMeaning})`,
    f.goal ? `${f.goal.met ? 'met' : 'MISSED'}: ${f.goal.text}` : '',
  ]);
  const header = ['bench', 'measure', 'product', 'baseline', 'ratio', 'goal'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The results as the Markdown table of bench/RESULTS.md. */
export function markdownRun(figures: Figure[], facts: RunFacts): string {
  const rows = figures.map(
    (f) =>
      `| ${f.bench} | ${f.measure} | ${formatNumber(f.product)} ${f.unit} | ${formatNumber(f.baseline)} ${f.unit} | ${formatNumber(f.ratio)} ${f.ratioMeaning} | ${f.goal ? `${f.goal.met ? 'met' : '**missed**'} (${f.goal.text})` : ''} | ${f.note ?? ''} |`,
  );
  return [
    `- Command: \`${facts.command}\``,
    `- Date: ${facts.date} (run took ${Math.round(facts.seconds)} s), commit ${facts.commit}`,
    `- Machine: ${facts.machine}`,
    `- Versions: ${facts.versions}`,
    '',
    '| bench | measure | product | baseline (same run) | ratio | goal | note |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
