// The monthly report in four forms: the terminal (80 columns, CJK aligned), Markdown to paste
// into the written analysis report, CSV for a spreadsheet, and JSON with SPEC §3's field names.
import type { ChalkInstance } from 'chalk';
import { stringify } from 'csv-stringify/sync';
import { formulaSafe } from '../domain/formula-cell.js';
import type { Category } from '../domain/complaint.js';
import { CATEGORIES } from '../domain/complaint.js';
import type { Comparison, MonthlyReport } from '../domain/report.js';
import { OTHER_BUILDING, TOP_PLACES } from '../domain/report.js';
import { VISIT_TARGET_MINUTES } from '../domain/lifecycle.js';
import { isoInZone } from '../domain/zone.js';
import { itemJson } from './alerts.js';
import type { Formatter } from './format.js';
import type { MessageKey } from './messages.js';
import type { SheetSpec } from '../files/spreadsheet.js';
import { TIME_FORMAT } from '../files/spreadsheet.js';
import { hang, renderTable } from './table.js';

const BAR_WIDTH = 20;

/**
 * The terminal and Markdown reports list this many overdue follow-ups — the latest to fall overdue,
 * the ones still worth a call — and count the rest: an office with a backlog of 300,000 cannot
 * read them on a screen or in a written report. --json, --csv and --xlsx keep every one.
 */
export const OVERDUE_SHOWN = 50;

export function reportJson(report: MonthlyReport, zone: string): Record<string, unknown> {
  return {
    month: report.month,
    period: report.period,
    asOf: isoInZone(report.asOf, zone),
    timezone: zone,
    totals: report.totals,
    previousPeriod: report.previousPeriod,
    previousYear: report.previousYear,
    byCategory: report.byCategory,
    byChannel: report.byChannel,
    byOwner: report.byOwner,
    byCause: report.byCause,
    visits: report.visits,
    overdue: report.overdue.map((item) => ({
      ...itemJson(item, zone),
      receivedAt: isoInZone(item.complaint.receivedAt, zone),
    })),
    trend: report.trend,
    byBuilding: report.byBuilding,
    topLocations: report.topLocations,
    repeatUnits: report.repeatUnits,
  };
}

/**
 * CSV: one figure per line, so every section fits one table a spreadsheet can filter or pivot:
 * section, item, detail, metric, value. Rates are fractions; empty means "nothing to divide by".
 */
export function reportCsv(report: MonthlyReport, zone: string): string {
  const rows: Array<[string, string, string, string, string | number | null]> = [];
  for (const [metric, value] of Object.entries(report.totals) as Array<[string, number | null]>)
    rows.push(['totals', '', '', metric, value]);
  for (const entry of report.byCategory) {
    for (const metric of ['count', 'share', 'previousCount', 'change', 'previousYearCount', 'yearChange'] as const)
      rows.push(['category', entry.category, '', metric, entry[metric]]);
    for (const sub of entry.subcategories)
      rows.push(['subcategory', entry.category, sub.subcategory, 'count', sub.count]);
  }
  for (const entry of report.byChannel)
    for (const metric of ['count', 'repliedOnTime', 'onTimeRate'] as const)
      rows.push(['channel', entry.channel, '', metric, entry[metric]]);
  for (const entry of report.byOwner)
    for (const metric of ['received', 'repliedOnTime', 'late', 'unreplied', 'medianReplyWorkingDays'] as const)
      rows.push(['owner', entry.owner, '', metric, entry[metric]]);
  for (const entry of report.byCause) rows.push(['cause', entry.cause ?? 'unspecified', '', 'count', entry.count]);
  for (const metric of ['count', 'withinTarget', 'withinTargetRate', 'medianMinutes'] as const)
    rows.push(['visits', '', '', metric, report.visits[metric]]);
  for (const visit of report.visits.late) rows.push(['visits', String(visit.id), 'late', 'minutes', visit.minutes]);
  for (const item of report.overdue) {
    rows.push(['overdue', String(item.complaint.id), item.deadline, 'dueAt', isoInZone(item.dueAt, zone)]);
    rows.push(['overdue', String(item.complaint.id), item.deadline, 'hoursLate', item.hoursLate]);
    rows.push(['overdue', String(item.complaint.id), item.deadline, 'workingDaysLate', item.workingDaysLate]);
  }
  for (const [section, other] of [
    ['previousPeriod', report.previousPeriod],
    ['previousYear', report.previousYear],
  ] as const) {
    for (const metric of ['received', 'onTimeRate', 'satisfactionRate', 'repeat', 'repeatRate'] as const)
      rows.push([section, `${other.from}..${other.to}`, '', metric, other[metric]]);
  }
  for (const month of report.trend) {
    for (const metric of ['received', 'onTimeRate', 'satisfactionRate', 'repeat'] as const)
      rows.push(['trend', month.month, '', metric, month[metric]]);
    for (const [category, count] of Object.entries(month.byCategory))
      rows.push(['trend', month.month, category, 'count', count]);
  }
  for (const entry of report.byBuilding)
    for (const metric of ['count', 'repeat', 'share'] as const)
      rows.push(['building', entry.building, '', metric, entry[metric]]);
  for (const entry of report.topLocations)
    for (const metric of ['count', 'repeat', 'share'] as const)
      rows.push(['location', entry.location, '', metric, entry[metric]]);
  for (const entry of report.repeatUnits)
    for (const metric of ['repeat', 'reopenings'] as const)
      rows.push(['repeatUnit', entry.unit, '', metric, entry[metric]]);
  const header = [
    ['month', report.month ?? '', '', 'asOf', isoInZone(report.asOf, zone)],
    ['period', report.period.kind, '', 'from', report.period.from],
    ['period', report.period.kind, '', 'to', report.period.to],
  ];
  // The byte-order mark lets Excel open the Chinese names correctly; a clerk's name that starts
  // like a formula gets an apostrophe (formulaSafe).
  const cast = { number: (value: number) => String(value), string: formulaSafe };
  return stringify([['section', 'item', 'detail', 'metric', 'value'], ...header, ...rows], { bom: true, cast });
}

export interface Section {
  title: string;
  headers: string[];
  rows: string[][];
  align: Array<'left' | 'right'>;
  /** text when there are no rows */
  empty?: string;
  /** a line under the table (the overdue follow-ups not listed) */
  note?: string;
}

export function sections(
  report: MonthlyReport,
  format: Formatter,
  bars: boolean,
): { summary: Array<[string, string]>; tables: Section[] } {
  const { t } = format;
  const total = report.totals;
  const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
  const bar = (value: number | null): string =>
    bars && value !== null ? '█'.repeat(Math.round(value * BAR_WIDTH)) : '';
  const signed = (value: number): string => (value > 0 ? `+${value}` : String(value));
  const summary: Array<[string, string]> = [
    [t('report.received'), t('report.receivedDetail', { received: total.received, voided: total.voided })],
    [
      t('report.replied'),
      t('report.repliedDetail', {
        replied: total.replied,
        onTime: total.repliedOnTime,
        rate: percent(total.onTimeRate),
      }),
    ],
    [t('report.closed'), t('report.closedDetail', { closed: total.closed, open: total.open })],
    [t('report.escalated'), String(total.escalated)],
    [t('report.repeat'), t('report.repeatDetail', { repeat: total.repeat, rate: percent(total.repeatRate) })],
    [t('report.satisfaction'), percent(total.satisfactionRate)],
    [
      t('report.revisit'),
      t('report.revisitDetail', {
        revisited: total.revisited,
        onTime: total.revisitedOnTime,
        rate: percent(total.revisitOnTimeRate),
        satisfaction: percent(total.revisitSatisfactionRate),
      }),
    ],
  ];
  const categoryRows: string[][] = [];
  for (const entry of report.byCategory) {
    categoryRows.push([
      format.label('category', entry.category),
      String(entry.count),
      percent(entry.share),
      String(entry.previousCount),
      signed(entry.change),
      String(entry.previousYearCount),
      bar(entry.share),
    ]);
    for (const sub of entry.subcategories)
      categoryRows.push([
        `  ${t(`subcategory.${sub.subcategory}` as MessageKey)}`,
        String(sub.count),
        '',
        '',
        '',
        '',
        '',
      ]);
  }
  const closedWithCause = report.byCause.reduce((all, entry) => all + entry.count, 0);
  const busiest = Math.max(0, ...report.trend.map((month) => month.received));
  const shownBuildings = [
    ...report.byBuilding.filter((entry) => entry.building !== OTHER_BUILDING).slice(0, TOP_PLACES),
    ...report.byBuilding.filter((entry) => entry.building === OTHER_BUILDING),
  ];
  // Most late first, as everywhere; the ones cut are the longest overdue.
  const overdue = report.overdue.slice(Math.max(0, report.overdue.length - OVERDUE_SHOWN));
  const notListed = report.overdue.length - overdue.length;
  const tables: Section[] = [
    {
      title: t('report.byCategory'),
      headers: [
        t('report.col.category'),
        t('report.col.count'),
        t('report.col.share'),
        t(previousColumn(report)),
        t('report.col.change'),
        t('report.col.previousYear'),
        '',
      ],
      rows: categoryRows,
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
    },
    {
      title: t('report.byChannel'),
      headers: [t('report.col.channel'), t('report.col.count'), t('report.col.onTime'), t('report.col.onTimeRate')],
      rows: report.byChannel.map((entry) => [
        format.label('channel', entry.channel),
        String(entry.count),
        String(entry.repliedOnTime),
        percent(entry.onTimeRate),
      ]),
      align: ['left', 'right', 'right', 'right'],
    },
    {
      title: t('report.byOwner'),
      headers: [
        t('report.col.owner'),
        t('report.col.received'),
        t('report.col.onTime'),
        t('report.col.late'),
        t('report.col.unreplied'),
        t('report.col.median'),
      ],
      rows: report.byOwner.map((entry) => [
        entry.owner,
        String(entry.received),
        String(entry.repliedOnTime),
        String(entry.late),
        String(entry.unreplied),
        entry.medianReplyWorkingDays === null ? '—' : entry.medianReplyWorkingDays.toFixed(1),
      ]),
      align: ['left', 'right', 'right', 'right', 'right', 'right'],
      empty: t('report.none'),
    },
    {
      title: t('report.byCause'),
      headers: [t('report.col.cause'), t('report.col.count'), t('report.col.share'), ''],
      rows: report.byCause.map((entry) => {
        const share = closedWithCause === 0 ? null : entry.count / closedWithCause;
        return [
          t(`cause.${entry.cause ?? 'unspecified'}` as MessageKey),
          String(entry.count),
          percent(share),
          bar(share),
        ];
      }),
      align: ['left', 'right', 'right', 'left'],
      empty: t('report.none'),
    },
    {
      title: t('report.overdue'),
      headers: [
        '#',
        t('report.col.deadline'),
        t('report.col.dueAt'),
        t('report.col.late2'),
        t('report.col.owner'),
        t('report.col.complainant'),
      ],
      rows: overdue.map((item) => [
        String(item.complaint.id),
        t(`deadline.${item.deadline}` as MessageKey),
        format.deadline(item.dueAt),
        format.amount(item.state),
        item.complaint.owner,
        `${item.complaint.complainant.name} ${item.complaint.complainant.unit ?? ''}`.trim(),
      ]),
      align: ['right', 'left', 'left', 'right', 'left', 'left'],
      empty: t('report.none'),
      ...(notListed > 0 ? { note: t('report.overdueMore', { count: notListed }) } : {}),
    },
    {
      title: t('report.visits', { target: VISIT_TARGET_MINUTES }),
      headers: [
        t('report.col.visits'),
        t('report.col.withinTarget'),
        t('report.col.share'),
        t('report.col.medianMinutes'),
        t('report.col.lateVisits'),
      ],
      rows:
        report.visits.count === 0
          ? []
          : [
              [
                String(report.visits.count),
                String(report.visits.withinTarget),
                percent(report.visits.withinTargetRate),
                report.visits.medianMinutes === null ? '—' : report.visits.medianMinutes.toFixed(1),
                report.visits.late
                  .map((visit) => t('report.lateVisit', { id: visit.id, minutes: visit.minutes }))
                  .join(t('digest.separator')) || '—',
              ],
            ],
      align: ['right', 'right', 'right', 'right', 'left'],
      empty: t('report.noVisits'),
    },
    {
      title: t('report.comparison'),
      headers: [
        t('report.col.period'),
        t('report.col.received'),
        t('report.col.onTimeRate'),
        t('report.col.satisfactionRate'),
        t('report.col.repeat'),
      ],
      rows: comparisonRows(report, format).map(([label, figures]) => [
        label,
        String(figures.received),
        percent(figures.onTimeRate),
        percent(figures.satisfactionRate),
        String(figures.repeat),
      ]),
      align: ['left', 'right', 'right', 'right', 'right'],
    },
    {
      // On a terminal, the months with a bar of what came in (80 columns); the written report and
      // the workbook also break each month down by category.
      title: t('report.trend'),
      headers: [
        t('report.col.month'),
        t('report.col.received'),
        t('report.col.onTimeRate'),
        t('report.col.satisfactionRate'),
        t('report.col.repeat'),
        ...(bars ? [''] : CATEGORIES.map((category) => format.label('category', category))),
      ],
      rows: report.trend.map((month) => [
        month.month,
        String(month.received),
        percent(month.onTimeRate),
        percent(month.satisfactionRate),
        String(month.repeat),
        ...(bars
          ? [bar(busiest === 0 ? null : month.received / busiest)]
          : CATEGORIES.map((category) => String(month.byCategory[category]))),
      ]),
      align: [
        'left',
        'right',
        'right',
        'right',
        'right',
        ...(bars ? ['left' as const] : CATEGORIES.map(() => 'right' as const)),
      ],
    },
    {
      title: t('report.byBuilding'),
      headers: [
        t('report.col.building'),
        t('report.col.count'),
        t('report.col.share'),
        t('report.col.repeat'),
        t('report.col.leading'),
      ],
      // The buildings with the most complaints, and "other"; a company's hundreds are in the data forms.
      rows: shownBuildings.map((entry) => [
        buildingName(entry.building, format),
        String(entry.count),
        percent(entry.share),
        String(entry.repeat),
        leadingWords(entry.categories, format),
      ]),
      align: ['left', 'right', 'right', 'right', 'left'],
      empty: t('report.none'),
      ...(report.byBuilding.length > shownBuildings.length
        ? { note: t('report.buildingsMore', { count: report.byBuilding.length - shownBuildings.length }) }
        : {}),
    },
    {
      title: t('report.topLocations'),
      headers: [
        t('report.col.location'),
        t('report.col.count'),
        t('report.col.share'),
        t('report.col.repeat'),
        t('report.col.leading'),
      ],
      rows: report.topLocations.map((entry) => [
        entry.location,
        String(entry.count),
        percent(entry.share),
        String(entry.repeat),
        leadingWords(entry.categories, format),
      ]),
      align: ['left', 'right', 'right', 'right', 'left'],
      empty: t('report.none'),
    },
    {
      title: t('report.repeatUnits'),
      headers: [t('report.col.unit'), t('report.col.repeat'), t('report.col.reopenings'), t('report.col.leading')],
      rows: report.repeatUnits.map((entry) => [
        entry.unit,
        String(entry.repeat),
        String(entry.reopenings),
        leadingWords(entry.categories, format),
      ]),
      align: ['left', 'right', 'right', 'left'],
      empty: t('report.none'),
    },
  ];
  return { summary, tables };
}

/** "3栋" / "Building 3"; the units in no usual form as "other". */
function buildingName(building: string, format: Formatter): string {
  return building === OTHER_BUILDING ? format.t('report.otherBuilding') : format.t('report.buildingName', { building });
}

/** "设备设施 3、收费 1": a place's two leading categories (JSON, CSV keep every one). */
function leadingWords(categories: ReadonlyArray<{ category: Category; count: number }>, format: Formatter): string {
  return categories
    .slice(0, 2)
    .map((entry) => `${format.label('category', entry.category)} ${entry.count}`)
    .join(format.lang === 'zh' ? '、' : ', ');
}

/** "上月" for a monthly report; "上期" for a quarter, a year or a run of months. */
function previousColumn(report: MonthlyReport): MessageKey {
  return report.period.kind === 'month' ? 'report.col.previous' : 'report.col.previousPeriod';
}

/** This period, the one before and the same one a year before, each labelled with its months. */
function comparisonRows(report: MonthlyReport, format: Formatter): Array<[string, Comparison]> {
  const { t } = format;
  const span = (from: string, to: string): string => (from === to ? from : `${from} – ${to}`);
  const total = report.totals;
  const thisPeriod: Comparison = {
    from: report.period.from,
    to: report.period.to,
    received: total.received,
    onTimeRate: total.onTimeRate,
    satisfactionRate: total.satisfactionRate,
    repeat: total.repeat,
    repeatRate: total.repeatRate,
  };
  return [
    [`${t('report.thisPeriod')} ${span(thisPeriod.from, thisPeriod.to)}`, thisPeriod],
    [
      `${t('report.previousPeriod')} ${span(report.previousPeriod.from, report.previousPeriod.to)}`,
      report.previousPeriod,
    ],
    [`${t('report.previousYear')} ${span(report.previousYear.from, report.previousYear.to)}`, report.previousYear],
  ];
}

export function title(report: MonthlyReport, format: Formatter, officeName: string): { heading: string; asOf: string } {
  const { period } = report;
  const office = officeName === '' ? '' : format.lang === 'zh' ? `${officeName} ` : `${officeName}: `;
  const year = period.from.slice(0, 4);
  const month = Number(period.from.slice(5, 7));
  const heading =
    period.kind === 'month'
      ? format.t('report.title', { office, year, month, monthName: format.monthName(month) })
      : period.kind === 'quarter'
        ? format.t('report.titleQuarter', { office, year, quarter: Math.ceil(month / 3) })
        : period.kind === 'year'
          ? format.t('report.titleYear', { office, year })
          : format.t('report.titleRange', { office, from: period.from, to: period.to });
  return {
    heading,
    asOf: format.t('report.asOf', { time: format.time(report.asOf), zone: format.zone }),
  };
}

export function reportTerminal(
  report: MonthlyReport,
  format: Formatter,
  style: ChalkInstance,
  officeName: string,
  maxWidth?: number,
): string {
  const { heading, asOf } = title(report, format, officeName);
  const { summary, tables } = sections(report, format, true);
  // A long office name wraps the title rather than run past the terminal's edge.
  const out: string[] = [style.bold(hang(heading, maxWidth, '')), style.dim(asOf), ''];
  out.push(style.bold(format.t('report.totals')));
  if (report.totals.received === 0) out.push(`  ${format.t('report.noComplaints')}`);
  out.push(renderTable(['', ''], summary, { indent: '  ', maxWidth }).split('\n').slice(1).join('\n').trimEnd());
  for (const section of tables) {
    out.push('', style.bold(section.title));
    if (section.rows.length === 0) out.push(`  ${section.empty ?? format.t('report.none')}`);
    else {
      const options = { indent: '  ', align: section.align, header: (text: string) => style.dim(text), maxWidth };
      out.push(renderTable(section.headers, section.rows, options).trimEnd());
    }
    if (section.note !== undefined)
      out.push(`  ${style.dim(hang(section.note, maxWidth === undefined ? undefined : maxWidth - 2, '  '))}`);
  }
  return out.join('\n') + '\n';
}

export function reportMarkdown(report: MonthlyReport, format: Formatter, officeName: string): string {
  const { heading, asOf } = title(report, format, officeName);
  const { summary, tables } = sections(report, format, false);
  // A table pasted from the written report into a spreadsheet is read as one: formulaSafe, as in CSV.
  const cell = (text: string): string => formulaSafe(text.trim()).replace(/\|/g, '\\|') || ' ';
  const out: string[] = [`# ${heading}`, '', `> ${asOf}`, '', `## ${format.t('report.totals')}`, ''];
  // Line by line, not push(...lines): spreading a long table into arguments overflows the stack.
  const table = (headers: string[], rows: string[][], align: ReadonlyArray<'left' | 'right'>): void => {
    out.push(`| ${headers.map(cell).join(' | ')} |`);
    out.push(`|${align.map((side) => (side === 'right' ? ' ---: ' : ' --- ')).join('|')}|`);
    // A sub-category row (indented on the terminal) keeps its indent as a full-width space.
    const first = (text: string): string => (text.startsWith('  ') ? `　${cell(text)}` : cell(text));
    for (const row of rows) out.push(`| ${row.map((text, at) => (at === 0 ? first(text) : cell(text))).join(' | ')} |`);
  };
  if (report.totals.received === 0) out.push(format.t('report.noComplaints'), '');
  table([format.t('report.col.item'), format.t('report.col.value')], summary, ['left', 'left']);
  for (const section of tables) {
    out.push('', `## ${section.title}`, '');
    // Bars are for the terminal; a written report has the share column.
    const keep = section.headers.map((header, index) => header !== '' || section.rows.some((row) => row[index] !== ''));
    const pick = <T>(values: readonly T[]): T[] => values.filter((_, index) => keep[index]);
    if (section.rows.length === 0) out.push(section.empty ?? format.t('report.none'));
    else table(pick(section.headers), section.rows.map(pick), pick(section.align));
    if (section.note !== undefined) out.push('', section.note);
  }
  return out.join('\n') + '\n';
}

/**
 * The report as workbook sheets, one per section, with numbers as numbers and rates as fractions
 * shown as percentages, so a supervisor can chart and sum them. (The spreadsheet library draws no
 * charts; the category shares are there to chart in Excel.)
 */
export function reportSheets(report: MonthlyReport, format: Formatter, officeName: string): SheetSpec[] {
  const { t } = format;
  const { heading, asOf } = title(report, format, officeName);
  const caption = [heading, asOf];
  const percent = '0.0%';
  const total = report.totals;
  const closedWithCause = report.byCause.reduce((all, entry) => all + entry.count, 0);
  return [
    {
      name: t('report.totals'),
      caption,
      columns: [
        { header: t('report.col.item') },
        { header: t('report.col.value') },
        { header: t('report.col.share'), format: percent },
      ],
      rows: [
        [t('report.received'), total.received, null],
        [t('report.replied'), total.replied, null],
        [t('report.col.onTime'), total.repliedOnTime, total.onTimeRate],
        [t('report.closed'), total.closed, null],
        [t('report.col.open'), total.open, null],
        [t('report.escalated'), total.escalated, null],
        [t('report.repeat'), total.repeat, total.repeatRate],
        [t('report.satisfaction'), null, total.satisfactionRate],
        [t('report.revisit'), total.revisited, null],
        [t('report.revisitOnTime'), total.revisitedOnTime, total.revisitOnTimeRate],
        [t('report.revisitSatisfaction'), null, total.revisitSatisfactionRate],
        [t('status.voided'), total.voided, null],
        [t('report.col.visits'), report.visits.count, null],
        [t('report.col.withinTarget'), report.visits.withinTarget, report.visits.withinTargetRate],
      ],
    },
    {
      name: t('report.byCategory'),
      caption,
      columns: [
        { header: t('report.col.category') },
        { header: t('report.col.subcategory') },
        { header: t('report.col.count') },
        { header: t('report.col.share'), format: percent },
        { header: t(previousColumn(report)) },
        { header: t('report.col.change') },
        { header: t('report.col.previousYear') },
        { header: t('report.col.yearChange') },
      ],
      rows: report.byCategory.flatMap((entry) => [
        [
          format.label('category', entry.category),
          null,
          entry.count,
          entry.share,
          entry.previousCount,
          entry.change,
          entry.previousYearCount,
          entry.yearChange,
        ],
        ...entry.subcategories.map((sub) => [
          format.label('category', entry.category),
          t(`subcategory.${sub.subcategory}` as MessageKey),
          sub.count,
          null,
          null,
          null,
          null,
          null,
        ]),
      ]),
    },
    {
      name: t('report.byChannel'),
      caption,
      columns: [
        { header: t('report.col.channel') },
        { header: t('report.col.count') },
        { header: t('report.col.onTime') },
        { header: t('report.col.onTimeRate'), format: percent },
      ],
      rows: report.byChannel.map((entry) => [
        format.label('channel', entry.channel),
        entry.count,
        entry.repliedOnTime,
        entry.onTimeRate,
      ]),
    },
    {
      name: t('report.byOwner'),
      caption,
      columns: [
        { header: t('report.col.owner') },
        { header: t('report.col.received') },
        { header: t('report.col.onTime') },
        { header: t('report.col.late') },
        { header: t('report.col.unreplied') },
        { header: t('report.col.median'), format: '0.0' },
      ],
      rows: report.byOwner.map((entry) => [
        entry.owner,
        entry.received,
        entry.repliedOnTime,
        entry.late,
        entry.unreplied,
        entry.medianReplyWorkingDays,
      ]),
    },
    {
      name: t('report.byCause'),
      caption,
      columns: [
        { header: t('report.col.cause') },
        { header: t('report.col.count') },
        { header: t('report.col.share'), format: percent },
      ],
      rows: report.byCause.map((entry) => [
        t(`cause.${entry.cause ?? 'unspecified'}` as MessageKey),
        entry.count,
        closedWithCause === 0 ? null : entry.count / closedWithCause,
      ]),
    },
    {
      name: t('report.overdue'),
      caption,
      columns: [
        { header: '#' },
        { header: t('report.col.deadline') },
        { header: t('report.col.dueAt'), format: TIME_FORMAT },
        { header: t('report.col.hoursLate'), format: '0.0' },
        { header: t('report.col.workingDaysLate') },
        { header: t('report.col.owner') },
        { header: t('report.col.complainant') },
        { header: t('ledger.header.unit') },
      ],
      rows: report.overdue.map((item) => [
        item.complaint.id,
        t(`deadline.${item.deadline}` as MessageKey),
        { wallClock: format.time(item.dueAt) },
        item.hoursLate,
        item.workingDaysLate,
        item.complaint.owner,
        item.complaint.complainant.name,
        item.complaint.complainant.unit,
      ]),
    },
    {
      name: t('report.visits', { target: VISIT_TARGET_MINUTES }),
      caption,
      columns: [{ header: '#' }, { header: t('report.col.arrivalMinutes') }],
      rows: report.visits.late.map((visit) => [visit.id, visit.minutes]),
    },
    {
      name: t('report.comparison'),
      caption,
      columns: [
        { header: t('report.col.period') },
        { header: t('report.col.received') },
        { header: t('report.col.onTimeRate'), format: percent },
        { header: t('report.col.satisfactionRate'), format: percent },
        { header: t('report.col.repeat') },
      ],
      rows: comparisonRows(report, format).map(([label, figures]) => [
        label,
        figures.received,
        figures.onTimeRate,
        figures.satisfactionRate,
        figures.repeat,
      ]),
    },
    {
      name: t('report.trend'),
      caption,
      columns: [
        { header: t('report.col.month') },
        { header: t('report.col.received') },
        { header: t('report.col.onTimeRate'), format: percent },
        { header: t('report.col.satisfactionRate'), format: percent },
        { header: t('report.col.repeat') },
        ...CATEGORIES.map((category) => ({ header: format.label('category', category) })),
      ],
      rows: report.trend.map((month) => [
        month.month,
        month.received,
        month.onTimeRate,
        month.satisfactionRate,
        month.repeat,
        ...CATEGORIES.map((category) => month.byCategory[category]),
      ]),
    },
    {
      name: t('report.byBuilding'),
      caption,
      columns: [
        { header: t('report.col.building') },
        { header: t('report.col.count') },
        { header: t('report.col.share'), format: percent },
        { header: t('report.col.repeat') },
        { header: t('report.col.leading') },
      ],
      rows: report.byBuilding.map((entry) => [
        buildingName(entry.building, format),
        entry.count,
        entry.share,
        entry.repeat,
        leadingWords(entry.categories, format),
      ]),
    },
    {
      name: t('report.topLocations'),
      caption,
      columns: [
        { header: t('report.col.location') },
        { header: t('report.col.count') },
        { header: t('report.col.share'), format: percent },
        { header: t('report.col.repeat') },
        { header: t('report.col.leading') },
      ],
      rows: report.topLocations.map((entry) => [
        entry.location,
        entry.count,
        entry.share,
        entry.repeat,
        leadingWords(entry.categories, format),
      ]),
    },
    {
      name: t('report.repeatUnits'),
      caption,
      columns: [
        { header: t('report.col.unit') },
        { header: t('report.col.repeat') },
        { header: t('report.col.reopenings') },
        { header: t('report.col.leading') },
      ],
      rows: report.repeatUnits.map((entry) => [
        entry.unit,
        entry.repeat,
        entry.reopenings,
        leadingWords(entry.categories, format),
      ]),
    },
  ];
}
