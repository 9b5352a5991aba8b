// The report as one HTML page to print on A4 or send up: every section of the terminal report as a
// table, with charts drawn as inline SVG when the file is made (Apache ECharts' server-side
// rendering). The page needs no network and runs no script: a supervisor's browser, a mail client
// or a print shop shows it as it is. ECharts is large, so it is loaded here, on first use: no
// other command pays for loading it (and only the parts the page draws with: ./chart-library.ts).
//
// Each chart is a small function from report figures to a Chart; a section gets its charts by its
// title's message key (CHARTS_BY_SECTION), so a new figure of the report becomes a chart by adding
// one function and one entry there. A section without charts is still printed, as a table.
import type { EChartsOption } from 'echarts';
import type * as ChartLibrary from './chart-library.js';
import type { MonthlyReport } from '../domain/report.js';
import { OTHER_BUILDING, TOP_PLACES } from '../domain/report.js';
import type { Formatter } from './format.js';
import type { MessageKey } from './messages.js';
import type { Section } from './report.js';
import { sections, title } from './report.js';

/** One month of a trend series (the report's `trend`, when it has one). Rates are fractions, or null. */
export interface TrendPoint {
  /** YYYY-MM */
  month: string;
  received: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
}

export interface HtmlOptions {
  /** months to draw as the trend instead of the report's own (a chart tested on its own) */
  trend?: readonly TrendPoint[];
}

/** A chart ready for the page: its SVG, the caption above it and the colour key under it. */
export interface Chart {
  /** names the chart in the page (data-chart), for tests and print styles */
  id: string;
  caption: string;
  legend: Array<{ label: string; color: string }>;
  svg: string;
}

type Charts = typeof ChartLibrary;

/**
 * One family for the page and the SVG text, CJK-capable on every desktop: Linux (Noto / Source Han),
 * Windows (Microsoft YaHei), macOS (PingFang). Single quotes only: ECharts writes the family into a
 * double-quoted style attribute.
 */
export const FONT_FAMILY =
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei', sans-serif";

/** Charts are drawn this wide: A4's printable width at 15 mm margins is 180 mm, about 680 CSS px. */
export const CHART_WIDTH = 640;

const COLOR = {
  thisMonth: '#3b6fd8',
  lastMonth: '#b9c3d6',
  onTime: '#2e9d5b',
  late: '#e0a030',
  unreplied: '#d9534f',
  overdue: '#d9534f',
  cause: '#6c5fc7',
  received: '#9db5e8',
  satisfaction: '#e07b30',
};

/** Loads the chart library (in the built program, its own file: see ./chart-library-bundled.ts). */
export function loadCharts(): Promise<Charts> {
  return import('./chart-library.js');
}

/** Draws one chart to an SVG string, with the page's font, no animation and no interactive styles. */
function drawSvg(charts: Charts, option: EChartsOption, height: number): string {
  const chart = charts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT_FAMILY, fontSize: 12, color: '#333' },
      ...option,
    });
    // The <style> block only holds hover effects, which a page without script cannot use.
    return chart.renderToSVGString().replace(/<style[\s\S]*?<\/style>\s*/g, '');
  } finally {
    // A chart left undisposed keeps a timer that holds the process open.
    chart.dispose();
  }
}

/** A horizontal bar chart's height: one row per label, and room for the axis. */
function rowsHeight(rows: number): number {
  return 50 + Math.max(rows, 2) * 26;
}

/** Horizontal bars, first label at the top; `stack` puts the series end to end. */
function horizontalBars(
  labels: string[],
  series: Array<{ name: string; color: string; data: number[] }>,
  stack = false,
): EChartsOption {
  return {
    grid: { left: 8, right: 40, top: 10, bottom: 24, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#e6e6e6' } } },
    yAxis: { type: 'category', data: labels, inverse: true, axisTick: { show: false } },
    series: series.map((entry) => ({
      type: 'bar',
      name: entry.name,
      data: entry.data,
      itemStyle: { color: entry.color },
      barMaxWidth: 18,
      ...(stack ? { stack: 'all' } : {}),
      label: {
        show: !stack,
        position: 'right',
        color: '#333',
        formatter: (item: { value: unknown }) => (item.value === 0 ? '' : String(item.value)),
      },
    })),
  };
}

/** This month's count of each category beside last month's. Null when neither month had any. */
export function categoryChart(charts: Charts, report: MonthlyReport, format: Formatter): Chart | null {
  if (report.byCategory.every((entry) => entry.count === 0 && entry.previousCount === 0)) return null;
  const { t } = format;
  const labels = report.byCategory.map((entry) => format.label('category', entry.category));
  const series = [
    {
      name: t(report.period.kind === 'month' ? 'report.chart.thisMonth' : 'report.thisPeriod'),
      color: COLOR.thisMonth,
      data: report.byCategory.map((entry) => entry.count),
    },
    {
      name: t(report.period.kind === 'month' ? 'report.col.previous' : 'report.col.previousPeriod'),
      color: COLOR.lastMonth,
      data: report.byCategory.map((entry) => entry.previousCount),
    },
  ];
  return {
    id: 'category',
    caption: t(report.period.kind === 'month' ? 'report.chart.byCategory' : 'report.chart.byCategoryPeriod'),
    legend: series.map(({ name, color }) => ({ label: name, color })),
    svg: drawSvg(charts, horizontalBars(labels, series), rowsHeight(labels.length * 1.6)),
  };
}

/**
 * The most clerks a chart shows, those with the most: a company database has hundreds, and a
 * chart of them all would run over many pages. The tables (and the other formats) have every one.
 */
export const CLERKS_SHOWN = 15;

/** A caption that says when the chart shows only the clerks with the most. */
function clerksCaption(format: Formatter, caption: string, shown: number, total: number): string {
  return shown < total ? format.t('report.chart.most', { caption, shown, total }) : caption;
}

/** Each clerk's complaints, replied on time, replied late and not yet replied, end to end. */
export function ownerChart(charts: Charts, report: MonthlyReport, format: Formatter): Chart | null {
  if (report.byOwner.length === 0) return null;
  const { t } = format;
  // The clerks with the most complaints, in the table's order (by name).
  const busiest = new Set(
    [...report.byOwner].sort((a, b) => b.received - a.received || (a.owner < b.owner ? -1 : 1)).slice(0, CLERKS_SHOWN),
  );
  const owners = report.byOwner.filter((entry) => busiest.has(entry));
  const series = [
    { name: t('report.col.onTime'), color: COLOR.onTime, data: owners.map((entry) => entry.repliedOnTime) },
    { name: t('report.col.late'), color: COLOR.late, data: owners.map((entry) => entry.late) },
    { name: t('report.col.unreplied'), color: COLOR.unreplied, data: owners.map((entry) => entry.unreplied) },
  ];
  return {
    id: 'owner',
    caption: clerksCaption(format, t('report.chart.byOwner'), owners.length, report.byOwner.length),
    legend: series.map(({ name, color }) => ({ label: name, color })),
    svg: drawSvg(
      charts,
      horizontalBars(
        owners.map((entry) => entry.owner),
        series,
        true,
      ),
      rowsHeight(owners.length),
    ),
  };
}

/** Closed complaints by the failed element of service, most first. */
export function causeChart(charts: Charts, report: MonthlyReport, format: Formatter): Chart | null {
  if (report.byCause.length === 0) return null;
  const { t } = format;
  const labels = report.byCause.map((entry) => t(`cause.${entry.cause ?? 'unspecified'}` as MessageKey));
  const series = [
    { name: t('report.col.count'), color: COLOR.cause, data: report.byCause.map((entry) => entry.count) },
  ];
  return {
    id: 'cause',
    caption: t('report.chart.byCause'),
    legend: [],
    svg: drawSvg(charts, horizontalBars(labels, series), rowsHeight(labels.length)),
  };
}

/** Every overdue follow-up (not only the ones the table lists), counted by clerk, most first. */
export function overdueChart(charts: Charts, report: MonthlyReport, format: Formatter): Chart | null {
  if (report.overdue.length === 0) return null;
  const counts = new Map<string, number>();
  for (const item of report.overdue) counts.set(item.complaint.owner, (counts.get(item.complaint.owner) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, CLERKS_SHOWN);
  const series = [{ name: format.t('word.overdue'), color: COLOR.overdue, data: top.map(([, count]) => count) }];
  return {
    id: 'overdue',
    caption: clerksCaption(format, format.t('report.chart.overdueByOwner'), top.length, counts.size),
    legend: [],
    svg: drawSvg(
      charts,
      horizontalBars(
        top.map(([owner]) => owner),
        series,
      ),
      rowsHeight(top.length),
    ),
  };
}

/**
 * Months along the bottom: received as columns (left axis), the on-time and satisfaction rates as
 * lines in percent (right axis). A month with nothing to divide by leaves a gap in its line, not a
 * zero. Null for an empty series.
 */
export function trendChart(charts: Charts, points: readonly TrendPoint[], format: Formatter): Chart | null {
  // Months in which nothing was received draw nothing: an empty month's page has no chart.
  if (points.every((point) => point.received === 0)) return null;
  const { t } = format;
  const percent = (value: number | null): number | null => (value === null ? null : Math.round(value * 1000) / 10);
  const line = (name: string, color: string, data: Array<number | null>) => ({
    type: 'line' as const,
    name,
    data,
    yAxisIndex: 1,
    itemStyle: { color },
    lineStyle: { color, width: 2 },
    // Every month gets a dot: a flat line or a single month is still drawn.
    symbol: 'circle',
    symbolSize: 6,
    showSymbol: true,
    connectNulls: false,
  });
  const series = [
    {
      type: 'bar' as const,
      name: t('report.col.received'),
      data: points.map((point) => point.received),
      itemStyle: { color: COLOR.received },
      barMaxWidth: 24,
    },
    line(
      t('report.col.onTimeRate'),
      COLOR.onTime,
      points.map((point) => percent(point.onTimeRate)),
    ),
    line(
      t('report.satisfaction'),
      COLOR.satisfaction,
      points.map((point) => percent(point.satisfactionRate)),
    ),
  ];
  const option: EChartsOption = {
    grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: points.map((point) => point.month), axisTick: { alignWithLabel: true } },
    yAxis: [
      { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#e6e6e6' } } },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series,
  };
  return {
    id: 'trend',
    caption: t('report.chart.trend'),
    legend: [
      { label: t('report.col.received'), color: COLOR.received },
      { label: t('report.col.onTimeRate'), color: COLOR.onTime },
      { label: t('report.satisfaction'), color: COLOR.satisfaction },
    ],
    svg: drawSvg(charts, option, 280),
  };
}

type ChartMaker = (charts: Charts, report: MonthlyReport, format: Formatter, options: HtmlOptions) => Chart | null;

/** The charts of each section, by the section title's message key. */
const CHARTS_BY_SECTION: ReadonlyArray<[MessageKey, ChartMaker[]]> = [
  ['report.byCategory', [categoryChart]],
  ['report.byOwner', [ownerChart]],
  ['report.byCause', [causeChart]],
  ['report.overdue', [overdueChart]],
  ['report.trend', [(charts, report, format, options) => trendChart(charts, options.trend ?? report.trend, format)]],
  ['report.byBuilding', [buildingChart]],
];

/** The buildings with the most complaints (as the table lists them), and how many came back. */
export function buildingChart(charts: Charts, report: MonthlyReport, format: Formatter): Chart | null {
  const shown = report.byBuilding.filter((entry) => entry.building !== OTHER_BUILDING).slice(0, TOP_PLACES);
  if (shown.length === 0) return null;
  const { t } = format;
  const labels = shown.map((entry) => t('report.buildingName', { building: entry.building }));
  const series = [
    { name: t('report.col.count'), color: COLOR.received, data: shown.map((entry) => entry.count) },
    { name: t('report.col.repeat'), color: COLOR.late, data: shown.map((entry) => entry.repeat) },
  ];
  return {
    id: 'building',
    caption: t('report.chart.byBuilding'),
    legend: series.map(({ name, color }) => ({ label: name, color })),
    svg: drawSvg(charts, horizontalBars(labels, series), rowsHeight(labels.length * 1.6)),
  };
}

/** Text for HTML: the five characters that could end an element or an attribute, escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const STYLE = `
:root { font-family: ${FONT_FAMILY}; color: #222; }
body { margin: 0 auto; padding: 16px; max-width: 180mm; font-size: 13px; line-height: 1.5; }
h1 { font-size: 20px; margin: 0 0 2px; overflow-wrap: anywhere; }
.as-of { color: #666; margin: 0 0 12px; }
h2 { font-size: 16px; margin: 20px 0 8px; padding-bottom: 3px; border-bottom: 2px solid #3b6fd8; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { padding: 3px 6px; border-bottom: 1px solid #e2e2e2; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { font-weight: 600; color: #555; background: #f4f6fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.sub td:first-child { padding-left: 2em; color: #555; }
p.empty, p.note { color: #666; }
figure { margin: 10px 0 14px; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 4px; }
figure svg { display: block; width: 100%; max-width: 100%; height: auto; }
ul.legend { list-style: none; margin: 2px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; color: #444; }
ul.legend li::before { content: ''; display: inline-block; width: 10px; height: 10px; margin-right: 5px; background: var(--swatch); vertical-align: -1px;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; }
  section + section { break-before: page; page-break-before: always; }
  h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
`;

function chartHtml(chart: Chart): string {
  const legend =
    chart.legend.length === 0
      ? ''
      : `<ul class="legend">${chart.legend.map((entry) => `<li style="--swatch: ${entry.color}">${escapeHtml(entry.label)}</li>`).join('')}</ul>`;
  return `<figure class="chart" data-chart="${chart.id}"><figcaption>${escapeHtml(chart.caption)}</figcaption>\n${chart.svg}\n${legend}</figure>`;
}

function tableHtml(
  headers: readonly string[],
  rows: readonly string[][],
  align: ReadonlyArray<'left' | 'right'>,
): string {
  // The terminal's bar column is empty here: the charts draw the bars.
  const keep = headers.map((header, index) => header !== '' || rows.some((row) => row[index] !== ''));
  const cell = (tag: 'th' | 'td', text: string, index: number): string =>
    `<${tag}${align[index] === 'right' ? ' class="num"' : ''}>${escapeHtml(text.trim())}</${tag}>`;
  const line = (tag: 'th' | 'td', texts: readonly string[]): string =>
    texts.map((text, index) => (keep[index] ? cell(tag, text, index) : '')).join('');
  const out = [`<table><thead><tr>${line('th', headers)}</tr></thead><tbody>`];
  // A sub-category row is indented on the terminal by two spaces: here by its class.
  for (const row of rows) out.push(`<tr${row[0]?.startsWith('  ') ? ' class="sub"' : ''}>${line('td', row)}</tr>`);
  out.push('</tbody></table>');
  return out.join('\n');
}

/**
 * The whole report as one HTML page: the heading and time of the report, then one <section> per
 * report section — its charts, then its table.
 */
export async function reportHtml(
  report: MonthlyReport,
  format: Formatter,
  officeName: string,
  options: HtmlOptions = {},
): Promise<string> {
  const { t } = format;
  const { heading, asOf } = title(report, format, officeName);
  const { summary, tables } = sections(report, format, false);
  const charts = await loadCharts();
  const drawn = (key: MessageKey): string[] =>
    (CHARTS_BY_SECTION.find(([section]) => section === key)?.[1] ?? [])
      .map((make) => make(charts, report, format, options))
      .flatMap((chart) => (chart ? [chartHtml(chart)] : []));
  const keyOf = (section: Section): MessageKey | undefined =>
    CHARTS_BY_SECTION.find(([key]) => t(key) === section.title)?.[0];

  const body: string[] = [`<h1>${escapeHtml(heading)}</h1>`, `<p class="as-of">${escapeHtml(asOf)}</p>`];
  const overview = [`<section data-section="totals"><h2>${escapeHtml(t('report.totals'))}</h2>`];
  if (report.totals.received === 0) overview.push(`<p class="empty">${escapeHtml(t('report.noComplaints'))}</p>`);
  overview.push(
    tableHtml(
      [t('report.col.item'), t('report.col.value')],
      summary.map(([item, value]) => [item, value]),
      ['left', 'left'],
    ),
    ...drawn('report.totals'),
    '</section>',
  );
  body.push(overview.join('\n'));
  for (const section of tables) {
    const key = keyOf(section);
    const out = [
      `<section${key ? ` data-section="${key.replace(/^report\./, '')}"` : ''}><h2>${escapeHtml(section.title)}</h2>`,
    ];
    if (key) out.push(...drawn(key));
    out.push(
      section.rows.length === 0
        ? `<p class="empty">${escapeHtml(section.empty ?? t('report.none'))}</p>`
        : tableHtml(section.headers, section.rows, section.align),
    );
    if (section.note !== undefined) out.push(`<p class="note">${escapeHtml(section.note)}</p>`);
    out.push('</section>');
    body.push(out.join('\n'));
  }
  return [
    '<!DOCTYPE html>',
    `<html lang="${format.lang === 'zh' ? 'zh-CN' : 'en'}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(heading)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
