// The company's report (`report --all-offices`): a line an office — received, on-time rate,
// satisfaction, repeat complaints, overdue follow-ups — and the company's own line, on a terminal
// or in Markdown. The figures are domain/report.ts's officeFigures.
import type { ChalkInstance } from 'chalk';
import type { MonthlyReport, OfficeFigures } from '../domain/report.js';
import { formulaSafe } from '../domain/formula-cell.js';
import type { Formatter } from './format.js';
import { title } from './report.js';
import { renderTable } from './table.js';

export interface CompanyLine extends OfficeFigures {
  office: string;
  name: string;
}

export interface CompanyFigures {
  byOffice: CompanyLine[];
  totals: OfficeFigures;
}

const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

/** The table's headings and rows, the company's last. */
function lines(company: CompanyFigures, format: Formatter): { headers: string[]; rows: string[][] } {
  const { t } = format;
  const row = (office: string, figures: OfficeFigures): string[] => [
    office,
    String(figures.received),
    percent(figures.onTimeRate),
    percent(figures.satisfactionRate),
    `${figures.repeat} (${percent(figures.repeatRate)})`,
    String(figures.overdue),
  ];
  return {
    headers: [
      t('report.col.office'),
      t('report.col.received'),
      t('report.col.onTimeRate'),
      t('report.col.satisfactionRate'),
      t('report.col.repeat'),
      t('report.col.overdue'),
    ],
    rows: [
      ...company.byOffice.map((line) => row(line.name === '' ? line.office : `${line.office} ${line.name}`, line)),
      row(t('report.allOffices'), company.totals),
    ],
  };
}

/** The headline: the period, for all offices, and when it was reckoned. */
function heading(report: MonthlyReport, format: Formatter): { heading: string; asOf: string } {
  return title(report, format, format.t('report.allOffices'));
}

export function companyTerminal(
  company: CompanyFigures,
  report: MonthlyReport,
  format: Formatter,
  style: ChalkInstance,
  columns: number | undefined,
): string {
  const { heading: head, asOf } = heading(report, format);
  const { headers, rows } = lines(company, format);
  const table = renderTable(headers, rows, {
    header: (text) => style.bold(text),
    maxWidth: columns,
    flexible: [0],
    align: ['left', 'right', 'right', 'right', 'right', 'right'],
  });
  return `${style.bold(head)}\n${style.dim(asOf)}\n\n${format.t('report.byOffice')}\n${table}`;
}

export function companyMarkdown(company: CompanyFigures, report: MonthlyReport, format: Formatter): string {
  const { heading: head, asOf } = heading(report, format);
  const { headers, rows } = lines(company, format);
  const cell = (text: string): string => formulaSafe(text.trim()).replace(/\|/g, '\\|') || ' ';
  return [
    `# ${head}`,
    '',
    `> ${asOf}`,
    '',
    `## ${format.t('report.byOffice')}`,
    '',
    `| ${headers.map(cell).join(' | ')} |`,
    `| --- |${' ---: |'.repeat(headers.length - 1)}`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
  ].join('\n');
}
