import type { DashboardFigures } from '../../projections/dashboardFigures.js';
import { stageTag } from '../pages/stageTags.js';
import { budgetOnPage } from './budgetOnPage.js';
import { formatDays, formatLongDate, formatPercent } from './dashboardFormats.js';
import { proposalName } from './dashboardTables.js';
import { phaseNames } from './phaseNames.js';

/**
 * The dashboard's charts, worked out on the server as shapes and words for an SVG (web/views/
 * dashboardCharts.njk draws them): no script, no colour that means anything on its own (every bar is
 * named in words beside it, and the two kinds of bar differ by fill and outline), and a title and
 * description for assistive technology. Each chart has its table beside it on the page.
 */
export interface ChartShape {
  /** `bar` filled, `outline` drawn round, `axis` a thin rule. */
  kind: 'bar' | 'outline' | 'axis';
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartText {
  kind: 'label' | 'value' | 'note';
  x: number;
  y: number;
  text: string;
  anchor: 'start' | 'end';
}

export interface Chart {
  /** Prefix of the SVG's title and description ids. */
  id: string;
  /** The table with the chart's figures. */
  tableId: string;
  title: string;
  description: string;
  width: number;
  height: number;
  shapes: ChartShape[];
  texts: ChartText[];
}

/** About a phone's width, so that its words are near their own size on a 320 px screen. */
const width = 320;
/** Where bars end and their values begin. */
const barsWidth = 220;
const round = (value: number) => Math.round(value * 10) / 10;

function truncate(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function legend(
  entries: { kind: 'bar' | 'outline'; text: string }[],
  shapes: ChartShape[],
  texts: ChartText[],
) {
  let x = 0;
  for (const entry of entries) {
    shapes.push({ kind: entry.kind, x, y: 4, width: 12, height: 12 });
    texts.push({ kind: 'note', x: x + 18, y: 14, text: entry.text, anchor: 'start' });
    x += 18 + entry.text.length * 7.2 + 16;
  }
}

/** Median and 90th percentile days in each stage a post has left: a filled bar inside an outline. */
export function timeInStageChart(figures: DashboardFigures): Chart | undefined {
  const rows = figures.timeInStage.filter((row) => row.posts > 0);
  if (rows.length === 0) return undefined;
  const shapes: ChartShape[] = [];
  const texts: ChartText[] = [];
  legend(
    [
      { kind: 'bar', text: 'Median' },
      { kind: 'outline', text: '90th percentile (days)' },
    ],
    shapes,
    texts,
  );
  const longest = Math.max(...rows.map((row) => row.p90Days ?? 0), 1);
  const scale = (days: number | null) => round(((days ?? 0) / longest) * barsWidth);
  rows.forEach((row, index) => {
    const top = 28 + index * 36;
    texts.push({ kind: 'label', x: 0, y: top + 12, text: stageTag(row.stage).text, anchor: 'start' });
    shapes.push({ kind: 'outline', x: 0, y: top + 18, width: scale(row.p90Days), height: 12 });
    shapes.push({ kind: 'bar', x: 0, y: top + 18, width: scale(row.medianDays), height: 12 });
    texts.push({
      kind: 'value',
      x: width,
      y: top + 28,
      text: `${row.medianDays ?? 0} / ${row.p90Days ?? 0}`,
      anchor: 'end',
    });
  });
  const slowest = rows.reduce((a, b) => ((b.p90Days ?? 0) > (a.p90Days ?? 0) ? b : a));
  return {
    id: 'chart-time-in-stage',
    tableId: 'time-in-stage',
    title: 'Time in each stage: median and 90th percentile',
    description: `${rows.length} stages that posts have left. The longest 90th percentile is ${stageTag(slowest.stage).text.toLowerCase()}: ${formatDays(slowest.p90Days ?? 0)} (median ${formatDays(slowest.medianDays ?? 0)}). Every figure is in the table that follows.`,
    width,
    height: 28 + rows.length * 36,
    shapes,
    texts,
  };
}

/** Posts in each phase at the end of each week: one row of bars per phase, all to the same scale. */
export function stagesOverTimeChart(figures: DashboardFigures): Chart | undefined {
  const weeks = figures.stagesOverTime;
  const first = weeks[0];
  const last = weeks.at(-1);
  if (!first || !last) return undefined;
  const shapes: ChartShape[] = [];
  const texts: ChartText[] = [];
  const most = Math.max(1, ...weeks.flatMap((week) => Object.values(week.posts)));
  const slot = width / weeks.length;
  const panel = 62;
  texts.push({
    kind: 'note',
    x: 0,
    y: 12,
    text: `Bars to one scale: the tallest is ${most} posts`,
    anchor: 'start',
  });
  phaseNames.forEach(({ phase, name }, index) => {
    const top = 22 + index * panel;
    const latest = last.posts[phase];
    texts.push({ kind: 'label', x: 0, y: top + 12, text: name, anchor: 'start' });
    texts.push({ kind: 'value', x: width, y: top + 12, text: `${latest} now`, anchor: 'end' });
    const floor = top + 54;
    weeks.forEach((week, at) => {
      const height = round((week.posts[phase] / most) * 34);
      if (height > 0)
        shapes.push({
          kind: 'bar',
          x: round(at * slot + slot * 0.15),
          y: floor - height,
          width: round(slot * 0.7),
          height,
        });
    });
    shapes.push({ kind: 'axis', x: 0, y: floor, width, height: 1 });
  });
  const bottom = 22 + phaseNames.length * panel;
  const short = (date: string) => formatLongDate(date).replace(/ \d{4}$/, '');
  texts.push({
    kind: 'note',
    x: 0,
    y: bottom + 10,
    text: `Week of ${short(first.weekBeginning)}`,
    anchor: 'start',
  });
  if (weeks.length > 1) {
    texts.push({
      kind: 'note',
      x: width,
      y: bottom + 10,
      text: `Week of ${short(last.weekBeginning)}`,
      anchor: 'end',
    });
  }
  const now = phaseNames.map(({ phase, name }) => `${name.toLowerCase()} ${last.posts[phase]}`).join(', ');
  return {
    id: 'chart-stages-over-time',
    tableId: 'posts-by-stage-over-time',
    title: 'Posts by stage, week by week',
    description: `${weeks.length} ${weeks.length === 1 ? 'week' : 'weeks'}, from the week beginning ${formatLongDate(first.weekBeginning)} to the week beginning ${formatLongDate(last.weekBeginning)}. In the latest week: ${now}. Every week is in the table that follows.`,
    width,
    height: bottom + 14,
    shapes,
    texts,
  };
}

/** Budget committed against each proposal's allocation: a filled bar inside the allocation's outline. */
export function budgetChart(figures: DashboardFigures): Chart | undefined {
  // The same proposals as the table beneath it on the page.
  const lines = budgetOnPage(figures.budget).shown;
  if (lines.length === 0) return undefined;
  const shapes: ChartShape[] = [];
  const texts: ChartText[] = [];
  legend(
    [
      { kind: 'bar', text: 'Committed' },
      { kind: 'outline', text: 'Allocation' },
    ],
    shapes,
    texts,
  );
  const described: string[] = [];
  lines.forEach((line, index) => {
    const top = 28 + index * 40;
    const name = proposalName(line);
    texts.push({ kind: 'label', x: 0, y: top + 12, text: truncate(name), anchor: 'start' });
    if (line.allocationPence) {
      const share = line.committedPence / line.allocationPence;
      shapes.push({ kind: 'outline', x: 0, y: top + 18, width: barsWidth, height: 14 });
      shapes.push({
        kind: 'bar',
        x: 0,
        y: top + 18,
        width: round(Math.min(1, share) * barsWidth),
        height: 14,
      });
      texts.push({ kind: 'value', x: width, y: top + 30, text: formatPercent(share), anchor: 'end' });
      described.push(`${name}: ${formatPercent(share)}`);
    } else {
      texts.push({ kind: 'value', x: 0, y: top + 30, text: 'No allocation stated', anchor: 'start' });
      described.push(`${name}: no allocation stated`);
    }
  });
  return {
    id: 'chart-budget',
    tableId: 'budget',
    title: 'Budget committed against allocation, by proposal',
    description: `The share of each proposal’s allocation committed: ${described.join('; ')}. The amounts are in the table that follows.`,
    width,
    height: 28 + lines.length * 40,
    shapes,
    texts,
  };
}

/** The charts there are figures for, by the table each belongs beside. */
export function dashboardCharts(figures: DashboardFigures): Record<string, Chart> {
  const charts = [stagesOverTimeChart(figures), timeInStageChart(figures), budgetChart(figures)];
  return Object.fromEntries(charts.flatMap((chart) => (chart ? [[chart.tableId, chart]] : [])));
}
