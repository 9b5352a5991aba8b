// The monthly report in four forms: the terminal (80 columns, CJK aligned), Markdown to paste
// into the written analysis report, CSV for a spreadsheet, and JSON with SPEC §3's field names.
import type { ChalkInstance } from 'chalk';
import { stringify } from 'csv-stringify/sync';
import { formulaSafe } from '../domain/formula-cell.js';
import type { MonthlyReport } from '../domain/report.js';
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
    asOf: isoInZone(report.asOf, zone),
    timezone: zone,
    totals: report.totals,
    byCategory: report.byCategory,
    byChannel: report.byChannel,
    byOwner: report.byOwner,
    byCause: report.byCause,
    overdue: report.overdue.map((item) => ({ ...itemJson(item, zone), receivedAt: isoInZone(item.complaint.receivedAt, zone) })),
  };
}

/**
 * CSV: one figure per line, so every section fits one table a spreadsheet can filter or pivot:
 * section, item, detail, metric, value. Rates are fractions; empty means "nothing to divide by".
 */
export function reportCsv(report: MonthlyReport, zone: string): string {
  const rows: Array<[string, string, string, string, string | number | null]> = [];
  for (const [metric, value] of Object.entries(report.totals)) rows.push(['totals', '', '', metric, value]);
  for (const entry of report.byCategory) {
    for (const metric of ['count', 'share', 'previousCount', 'change'] as const) rows.push(['category', entry.category, '', metric, entry[metric]]);
    for (const sub of entry.subcategories) rows.push(['subcategory', entry.category, sub.subcategory, 'count', sub.count]);
  }
  for (const entry of report.byChannel) for (const metric of ['count', 'repliedOnTime', 'onTimeRate'] as const) rows.push(['channel', entry.channel, '', metric, entry[metric]]);
  for (const entry of report.byOwner) for (const metric of ['received', 'repliedOnTime', 'late', 'unreplied', 'medianReplyWorkingDays'] as const) rows.push(['owner', entry.owner, '', metric, entry[metric]]);
  for (const entry of report.byCause) rows.push(['cause', entry.cause ?? 'unspecified', '', 'count', entry.count]);
  for (const item of report.overdue) {
    rows.push(['overdue', String(item.complaint.id), item.deadline, 'dueAt', isoInZone(item.dueAt, zone)]);
    rows.push(['overdue', String(item.complaint.id), item.deadline, 'hoursLate', item.hoursLate]);
    rows.push(['overdue', String(item.complaint.id), item.deadline, 'workingDaysLate', item.workingDaysLate]);
  }
  const header = [['month', report.month, '', 'asOf', isoInZone(report.asOf, zone)]];
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

export function sections(report: MonthlyReport, format: Formatter, bars: boolean): { summary: Array<[string, string]>; tables: Section[] } {
  const { t } = format;
  const total = report.totals;
  const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
  const bar = (value: number | null): string => (bars && value !== null ? '█'.repeat(Math.round(value * BAR_WIDTH)) : '');
  const signed = (value: number): string => (value > 0 ? `+${value}` : String(value));
  const summary: Array<[string, string]> = [
    [t('report.received'), t('report.receivedDetail', { received: total.received, voided: total.voided })],
    [t('report.replied'), t('report.repliedDetail', { replied: total.replied, onTime: total.repliedOnTime, rate: percent(total.onTimeRate) })],
    [t('report.closed'), t('report.closedDetail', { closed: total.closed, open: total.open })],
    [t('report.escalated'), String(total.escalated)],
    [t('report.repeat'), t('report.repeatDetail', { repeat: total.repeat, rate: percent(total.repeatRate) })],
    [t('report.satisfaction'), percent(total.satisfactionRate)],
  ];
  const categoryRows: string[][] = [];
  for (const entry of report.byCategory) {
    categoryRows.push([format.label('category', entry.category), String(entry.count), percent(entry.share), String(entry.previousCount), signed(entry.change), bar(entry.share)]);
    for (const sub of entry.subcategories) categoryRows.push([`  ${t(`subcategory.${sub.subcategory}` as MessageKey)}`, String(sub.count), '', '', '', '']);
  }
  const closedWithCause = report.byCause.reduce((all, entry) => all + entry.count, 0);
  // Most late first, as everywhere; the ones cut are the longest overdue.
  const overdue = report.overdue.slice(Math.max(0, report.overdue.length - OVERDUE_SHOWN));
  const notListed = report.overdue.length - overdue.length;
  const tables: Section[] = [
    {
      title: t('report.byCategory'),
      headers: [t('report.col.category'), t('report.col.count'), t('report.col.share'), t('report.col.previous'), t('report.col.change'), ''],
      rows: categoryRows,
      align: ['left', 'right', 'right', 'right', 'right', 'left'],
    },
    {
      title: t('report.byChannel'),
      headers: [t('report.col.channel'), t('report.col.count'), t('report.col.onTime'), t('report.col.onTimeRate')],
      rows: report.byChannel.map((entry) => [format.label('channel', entry.channel), String(entry.count), String(entry.repliedOnTime), percent(entry.onTimeRate)]),
      align: ['left', 'right', 'right', 'right'],
    },
    {
      title: t('report.byOwner'),
      headers: [t('report.col.owner'), t('report.col.received'), t('report.col.onTime'), t('report.col.late'), t('report.col.unreplied'), t('report.col.median')],
      rows: report.byOwner.map((entry) => [entry.owner, String(entry.received), String(entry.repliedOnTime), String(entry.late), String(entry.unreplied), entry.medianReplyWorkingDays === null ? '—' : entry.medianReplyWorkingDays.toFixed(1)]),
      align: ['left', 'right', 'right', 'right', 'right', 'right'],
      empty: t('report.none'),
    },
    {
      title: t('report.byCause'),
      headers: [t('report.col.cause'), t('report.col.count'), t('report.col.share'), ''],
      rows: report.byCause.map((entry) => {
        const share = closedWithCause === 0 ? null : entry.count / closedWithCause;
        return [t(`cause.${entry.cause ?? 'unspecified'}` as MessageKey), String(entry.count), percent(share), bar(share)];
      }),
      align: ['left', 'right', 'right', 'left'],
      empty: t('report.none'),
    },
    {
      title: t('report.overdue'),
      headers: ['#', t('report.col.deadline'), t('report.col.dueAt'), t('report.col.late2'), t('report.col.owner'), t('report.col.complainant')],
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
  ];
  return { summary, tables };
}

export function title(report: MonthlyReport, format: Formatter, officeName: string): { heading: string; asOf: string } {
  const month = Number(report.month.slice(5, 7));
  return {
    heading: format.t('report.title', { office: officeName === '' ? '' : format.lang === 'zh' ? `${officeName} ` : `${officeName}: `, year: report.month.slice(0, 4), month, monthName: format.monthName(month) }),
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
    if (section.note !== undefined) out.push(`  ${style.dim(hang(section.note, maxWidth === undefined ? undefined : maxWidth - 2, '  '))}`);
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
      columns: [{ header: t('report.col.item') }, { header: t('report.col.value') }, { header: t('report.col.share'), format: percent }],
      rows: [
        [t('report.received'), total.received, null],
        [t('report.replied'), total.replied, null],
        [t('report.col.onTime'), total.repliedOnTime, total.onTimeRate],
        [t('report.closed'), total.closed, null],
        [t('report.col.open'), total.open, null],
        [t('report.escalated'), total.escalated, null],
        [t('report.repeat'), total.repeat, total.repeatRate],
        [t('report.satisfaction'), null, total.satisfactionRate],
        [t('status.voided'), total.voided, null],
      ],
    },
    {
      name: t('report.byCategory'),
      caption,
      columns: [{ header: t('report.col.category') }, { header: t('report.col.subcategory') }, { header: t('report.col.count') }, { header: t('report.col.share'), format: percent }, { header: t('report.col.previous') }, { header: t('report.col.change') }],
      rows: report.byCategory.flatMap((entry) => [
        [format.label('category', entry.category), null, entry.count, entry.share, entry.previousCount, entry.change],
        ...entry.subcategories.map((sub) => [format.label('category', entry.category), t(`subcategory.${sub.subcategory}` as MessageKey), sub.count, null, null, null]),
      ]),
    },
    {
      name: t('report.byChannel'),
      caption,
      columns: [{ header: t('report.col.channel') }, { header: t('report.col.count') }, { header: t('report.col.onTime') }, { header: t('report.col.onTimeRate'), format: percent }],
      rows: report.byChannel.map((entry) => [format.label('channel', entry.channel), entry.count, entry.repliedOnTime, entry.onTimeRate]),
    },
    {
      name: t('report.byOwner'),
      caption,
      columns: [{ header: t('report.col.owner') }, { header: t('report.col.received') }, { header: t('report.col.onTime') }, { header: t('report.col.late') }, { header: t('report.col.unreplied') }, { header: t('report.col.median'), format: '0.0' }],
      rows: report.byOwner.map((entry) => [entry.owner, entry.received, entry.repliedOnTime, entry.late, entry.unreplied, entry.medianReplyWorkingDays]),
    },
    {
      name: t('report.byCause'),
      caption,
      columns: [{ header: t('report.col.cause') }, { header: t('report.col.count') }, { header: t('report.col.share'), format: percent }],
      rows: report.byCause.map((entry) => [t(`cause.${entry.cause ?? 'unspecified'}` as MessageKey), entry.count, closedWithCause === 0 ? null : entry.count / closedWithCause]),
    },
    {
      name: t('report.overdue'),
      caption,
      columns: [{ header: '#' }, { header: t('report.col.deadline') }, { header: t('report.col.dueAt'), format: TIME_FORMAT }, { header: t('report.col.hoursLate'), format: '0.0' }, { header: t('report.col.workingDaysLate') }, { header: t('report.col.owner') }, { header: t('report.col.complainant') }, { header: t('ledger.header.unit') }],
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
  ];
}
