// `complaint list`: complaints, newest first, filtered — a table on a terminal, tab-separated
// lines for scripts, JSON for programs.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import type { Complaint } from '../domain/complaint.js';
import type { Status } from '../domain/complaint.js';
import { STATUSES, isOverdue, maskPhone, parseCategory, parseChannel, parseStatus } from '../domain/complaint.js';
import { OPEN_STATUSES } from '../domain/history.js';
import { isYearMonth } from '../domain/dates.js';
import { ValidationError } from '../domain/errors.js';
import { parsePhoneFilter, parseSearchWords } from '../domain/search.js';
import { requiredText } from '../domain/text.js';
import { codeOf } from '../ui/code-words.js';
import { parseTimeInput, readTimeInput } from '../domain/time-input.js';
import { isoInZone } from '../domain/zone.js';
import type { ComplaintFilter, Office } from '../store/store.js';
import { deadlineWords } from '../ui/deadline-words.js';
import { ChunkedOutput } from '../ui/chunked-output.js';
import { complaintJson, printJsonArray } from '../ui/json.js';
import type { Translate } from '../ui/messages.js';
import { cut, readableColumns, renderTable } from '../ui/table.js';

export interface ListOptions {
  /** each a status or a comma list of them (the flag may repeat) */
  status?: string[];
  /** received, replied and escalated */
  open?: boolean;
  category?: string;
  channel?: string;
  month?: string;
  owner?: string;
  overdue: boolean;
  at?: string;
  json: boolean;
  /** show phone numbers whole (they are masked on screen and in lines for scripts otherwise) */
  full: boolean;
  /** at most this many (0: all); a terminal shows SCREEN_LIMIT unless told */
  limit?: string;
  unit?: string;
  phone?: string;
  name?: string;
  search?: string;
  /** every office of the database, one after another */
  allOffices?: boolean;
  /** the global --office, as given (refused together with --all-offices) */
  office?: string;
}

/**
 * A terminal shows the newest this many: a company's years of complaints are not read on a
 * screen. Lines and JSON, which scripts count and read, are never cut unless --limit says so.
 */
const SCREEN_LIMIT = 50;

/** The statuses that are not open, listed after the open ones by a bare `list` on a terminal. */
const CLOSED_STATUSES: readonly Status[] = STATUSES.filter((status) => !OPEN_STATUSES.includes(status));

/** The filters `list` and `export` share. */
export type ListFilterOptions = Pick<
  ListOptions,
  'status' | 'open' | 'category' | 'channel' | 'month' | 'owner' | 'overdue' | 'unit' | 'phone' | 'name' | 'search'
>;

/**
 * The filter the flags name, checked without the database (so a refusal leaves even a new --db
 * unmade); `--overdue` is added by the caller, once the "as of" time is read in the office's zone.
 */
export function parseListFilter(options: ListFilterOptions): ComplaintFilter {
  const filter: ComplaintFilter = {};
  if (options.status !== undefined && options.status.length > 0) filter.statuses = parseStatuses(options.status);
  if (options.open === true) {
    // With --status too: those of the statuses named that are open.
    filter.statuses = (filter.statuses ?? OPEN_STATUSES).filter((status) => OPEN_STATUSES.includes(status));
  }
  if (options.category !== undefined) filter.category = parseCategory(codeOf('category', options.category));
  if (options.channel !== undefined) filter.channel = parseChannel(codeOf('channel', options.channel));
  if (options.owner !== undefined) filter.owner = options.owner.trim();
  if (options.month !== undefined) {
    const month = options.month.trim();
    if (!isYearMonth(month)) throw new ValidationError('invalid.month', { value: options.month });
    filter.month = month;
  }
  // Units are stored half-width (３－２－１２０１ from an input method is 3-2-1201): so is the filter.
  if (options.unit !== undefined) filter.unit = requiredText('unit', options.unit.normalize('NFKC'));
  if (options.phone !== undefined) filter.phoneKey = parsePhoneFilter(options.phone);
  if (options.name !== undefined) filter.name = requiredText('name', options.name);
  if (options.search !== undefined) filter.search = parseSearchWords(options.search);
  return filter;
}

/** `--status received,replied --status escalated`: every status named, each once. */
export function parseStatuses(values: readonly string[]): Status[] {
  const named = values.flatMap((value) => {
    const parts = value.split(/[,，、]/).filter((part) => part.trim() !== '');
    // A --status that names nothing ("", ",") is refused as it stands; a stray comma is not.
    return parts.length === 0 ? [parseStatus(value)] : parts.map((part) => parseStatus(codeOf('status', part)));
  });
  return [...new Set(named)];
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The filter flags of `list`, given to `export` too. */
export function withListFilters(command: Command, t: Translate): Command {
  return command
    .option('--status <status>', t('help.list.status'), collect)
    .option('--open', t('help.list.open'))
    .option('--category <category>', 'facility|service|fee|incident')
    .option('--channel <channel>', 'phone|visit|letter|online')
    .option('--month <YYYY-MM>', t('help.list.month'))
    .option('--owner <clerk>', t('help.list.owner'))
    .option('--overdue', t('help.list.overdue'))
    .option('--unit <unit>', t('help.list.unit'))
    .option('--phone <phone>', t('help.list.phone'))
    .option('--name <name>', t('help.list.name'))
    .option('--search <words>', t('help.list.search'))
    .option('--at <time>', t('help.asOf'));
}

/**
 * `--office` names one office, `--all-offices` every one: together they ask two things, refused before
 * the database is opened. (COMPLAINT_OFFICE, set once for a shell or a crontab, is not: the flag wins.)
 */
export function refuseOfficeWithAllOffices(options: { allOffices?: boolean; office?: string }): void {
  if (options.allOffices === true && options.office !== undefined)
    throw new ValidationError('usage.officeWithAllOffices', { office: options.office });
}

/** The global --office as given on the command line, for `refuseOfficeWithAllOffices`. */
export function officeFlag(program: Command): string | undefined {
  return program.opts<{ office?: string }>().office;
}

export async function runList(options: ListOptions, context: Context): Promise<void> {
  refuseOfficeWithAllOffices(options);
  if (options.at !== undefined) readTimeInput(options.at);
  const filter = parseListFilter(options);
  // undefined: not given; null: all (--limit 0)
  const limit = options.limit === undefined ? undefined : parseLimit(options.limit);
  const output = new ChunkedOutput(context.io.out, () => context.io.outGone === true);
  if (options.allOffices === true) {
    await listEveryOffice(options, filter, limit, output, context);
    return;
  }
  await context.store();
  if (options.json) {
    const { pages, zone, asOf, flagged } = await officePages(options, filter, limit, context);
    await printJsonArray(output, pages, (complaint) => complaintJson(complaint, zone, asOf, flagged.has(complaint.id)));
    return;
  }
  await listOffice(options, filter, limit, output, context, null);
}

/** The complaints of the office the store is turned to, a page at a time, with what their JSON needs. */
async function officePages(
  options: ListOptions,
  officeFilter: ComplaintFilter,
  limit: number | null | undefined,
  context: Context,
): Promise<{ pages: AsyncIterable<readonly Complaint[]>; zone: string; asOf: Date; flagged: Set<number> }> {
  const store = await context.store();
  const zone = context.settings().timezone;
  const asOf = options.at === undefined ? context.now : parseTimeInput(options.at, zone);
  const filter = options.overdue ? { ...officeFilter, overdueAt: asOf } : officeFilter;
  const flagged = await store.flaggedComplaintIds();
  return { pages: store.complaintPages(filter, { limit: limit ?? undefined }), zone, asOf, flagged };
}

/**
 * `--all-offices`: each office's complaints in turn, in its own zone (--limit counts per office).
 * JSON is one array whose complaints name their office; lines lead with the office's code; a
 * terminal shows a table an office under its name.
 */
async function listEveryOffice(
  options: ListOptions,
  filter: ComplaintFilter,
  limit: number | null | undefined,
  output: ChunkedOutput,
  context: Context,
): Promise<void> {
  const offices = await context.offices();
  if (options.json) {
    async function* everyOffice(): AsyncGenerator<ReadonlyArray<Record<string, unknown>>> {
      for (const office of offices) {
        await context.turnTo(office);
        const { pages, zone, asOf, flagged } = await officePages(options, filter, limit, context);
        for await (const page of pages)
          yield page.map((complaint) => ({
            office: office.code,
            ...complaintJson(complaint, zone, asOf, flagged.has(complaint.id)),
          }));
      }
    }
    await printJsonArray(output, everyOffice(), (complaint) => complaint);
    return;
  }
  for (const office of offices) {
    await context.turnTo(office);
    if (!(await listOffice(options, filter, limit, output, context, office))) return;
  }
  output.end();
}

/** One office's list as lines or a table; false when the reader has gone (a pipe closed). */
async function listOffice(
  options: ListOptions,
  officeFilter: ComplaintFilter,
  limit: number | null | undefined,
  output: ChunkedOutput,
  context: Context,
  office: Office | null,
): Promise<boolean> {
  const store = await context.store();
  const zone = context.settings().timezone;
  const asOf = options.at === undefined ? context.now : parseTimeInput(options.at, zone);
  const filter = options.overdue ? { ...officeFilter, overdueAt: asOf } : officeFilter;
  const scriptLimit = limit ?? undefined;
  const flagged = await store.flaggedComplaintIds();
  // Lists end up on screens, printouts and in chat; the full number is in `show` and --json.
  const phone = (c: Complaint): string =>
    c.complainant.phone === null ? '' : options.full ? c.complainant.phone : maskPhone(c.complainant.phone);
  if (!context.io.isTTY) {
    // For scripts: one complaint a line, codes and ISO times, no heading (columns in docs/commands.md).
    for await (const page of store.complaintPages(filter, { limit: scriptLimit }))
      for (const c of page) {
        const cells = [
          ...(office === null ? [] : [office.code]),
          c.id,
          c.status,
          isoInZone(c.receivedAt, zone),
          c.channel,
          c.category,
          c.subcategory ?? '',
          c.complainant.name,
          c.complainant.unit ?? '',
          phone(c),
          c.owner,
          isoInZone(c.replyDueAt, zone),
          isOverdue(c, asOf) ? 'overdue' : '',
          c.repeatCount,
          c.urgentHours !== null ? 'urgent' : '',
        ];
        if (!output.write(cells.map((cell) => String(cell).replace(/[\t\n]/g, ' ')).join('\t') + '\n')) return false;
      }
    if (office === null) output.end();
    return true;
  }
  if (office !== null) {
    const heading = office.name === '' ? office.code : `${office.code} · ${office.name}`;
    context.io.out(context.style.bold(heading) + '\n');
  }
  // One more than shown tells whether there are more.
  const shown = limit === undefined ? SCREEN_LIMIT : limit;
  const wanted = shown === null ? undefined : shown + 1;
  // A bare `list` on a terminal is a clerk asking what is waiting: the open ones lead.
  const openFirst = Object.keys(filter).length === 0 && options.status === undefined && options.open !== true;
  const complaints = openFirst
    ? [
        ...(await store.listComplaints({ statuses: OPEN_STATUSES }, { limit: wanted })),
        ...(await store.listComplaints({ statuses: CLOSED_STATUSES }, { limit: wanted })),
      ].slice(0, wanted)
    : await store.listComplaints(filter, { limit: wanted });
  const more = shown !== null && complaints.length > shown;
  if (more) complaints.length = shown;
  if (complaints.length === 0) {
    context.io.err(context.t('list.none') + '\n');
    return true;
  }
  const format = context.format();
  const calendar = context.calendar();
  const { t, style } = context;
  const words = complaints.map((complaint) => deadlineWords(complaint, asOf, calendar, format));
  const rows = complaints.map((c, index) => [
    String(c.id),
    [
      format.label('status', c.status),
      c.urgentHours !== null ? style.red(t('word.urgent')) : '',
      c.repeatCount > 0 ? t('word.repeat', { n: c.repeatCount }) : '',
      flagged.has(c.id) ? t('word.flagged') : '',
    ]
      .filter(Boolean)
      .join(' · '),
    format.time(c.receivedAt),
    format.label('channel', c.channel),
    format.label('category', c.category) + (c.subcategory ? `/${format.label('subcategory', c.subcategory)}` : ''),
    c.complainant.name,
    c.complainant.unit ?? '',
    phone(c),
    c.owner,
    words[index]!.text,
    c.description,
  ]);
  if (openFirst) {
    const title = t('list.openFirst');
    context.io.out(style.bold(context.io.columns === undefined ? title : cut(title, context.io.columns)) + '\n');
  }
  const headers = [
    t('col.id'),
    t('col.status'),
    t('col.received'),
    t('col.channel'),
    t('col.category'),
    t('col.complainant'),
    t('col.unit'),
    t('col.phone'),
    t('col.owner'),
    t('col.deadline'),
    t('col.description'),
  ];
  // On a terminal the table fits its width: the free-text columns (the description first) are cut
  // with "…"; when even that leaves too little to read, the channel, an empty phone column, the
  // phone, the clerk, the receipt time and the category are left out, in that order.
  const FLEXIBLE = [10, 5, 4, 8, 6];
  const columns = context.io.columns;
  const kept =
    columns === undefined
      ? headers.map((_, column) => column)
      : readableColumns(headers, rows, { maxWidth: columns, flexible: FLEXIBLE, dropOrder: [3, 7, 8, 2, 4] });
  const deadlineColumn = kept.indexOf(9);
  context.io.out(
    renderTable(
      kept.map((column) => headers[column]!),
      rows.map((cells) => kept.map((column) => cells[column]!)),
      {
        header: (text) => style.bold(text),
        cell: (text, row, column) => (column === deadlineColumn && words[row]!.overdue ? style.red(text) : text),
        maxWidth: columns,
        flexible: FLEXIBLE.filter((column) => kept.includes(column)).map((column) => kept.indexOf(column)),
      },
    ),
  );
  if (more) context.io.err(style.dim(t('list.more', { count: shown })) + '\n');
  if (office !== null) context.io.out('\n');
  return true;
}

/** `--limit`: a whole number; 0 means all (null). */
function parseLimit(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) throw new ValidationError('invalid.limit', { value: text });
  const limit = Number(trimmed);
  return limit === 0 ? null : limit;
}

export function registerList(program: Command, { t, context }: Registration, run = runList): void {
  withListFilters(program.command('list').description(t('help.list')), t)
    .option('--full', t('help.list.full'))
    .option('--limit <n>', t('help.list.limit', { count: SCREEN_LIMIT }))
    .option('--json', t('help.json'))
    .option('--all-offices', t('help.allOffices'))
    .action(
      (
        flags: Omit<ListOptions, 'overdue' | 'json' | 'full'> & { overdue?: boolean; json?: boolean; full?: boolean },
      ) => {
        return run(
          {
            ...flags,
            overdue: flags.overdue === true,
            json: flags.json === true,
            full: flags.full === true,
            office: officeFlag(program),
          },
          context(),
        );
      },
    );
}
