// `complaint import <ledger.csv|ledger.xlsx>`: an office's existing ledger brought in. A dry run
// unless --commit: what would be imported, and every row that cannot be, with its number and why.
// With --commit every complaint lands in one transaction, on its own dates, with deadlines counted
// from them, replied and closed where the ledger says so; rows imported before are skipped.
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { unknownYearWarnings } from '../domain/calendar.js';
import type { Complaint } from '../domain/complaint.js';
import { deadlineAfter } from '../domain/deadline.js';
import type { Deadline } from '../domain/deadline.js';
import { AppError, OperationError, ValidationError } from '../domain/errors.js';
import type { LedgerEntry, LedgerField, LedgerProblem } from '../domain/ledger.js';
import { LEDGER_FIELDS, headerScore, mapColumns, plainCell, readLedgerRow, wordKey } from '../domain/ledger.js';
import { received, repeatedInLedger, replyWorkingHours, transition } from '../domain/lifecycle.js';
import { dateInZone, isoInZone } from '../domain/zone.js';
import type { NewEvent } from '../store/store.js';
import { ledgerFormat, readLedgerTable } from '../files/ledger-file.js';
import { printJson } from '../ui/json.js';
import { CLOCK_SKEW_MS } from './act.js';
import { inUserWords } from '../ui/accepted-words.js';
import { ledgerHeader, ledgerVocabulary } from '../ui/ledger-words.js';
import { translateLoose } from '../ui/messages.js';

export interface ImportOptions {
  file: string;
  commit: boolean;
  skipBad: boolean;
  map: string[];
  sheet?: string;
  json: boolean;
}

/** The header is looked for among the first rows: a ledger often starts with a title and a date line. */
const HEADER_SEARCH_ROWS = 10;
/** Problems listed on the terminal; --json lists all of them. */
const PROBLEMS_SHOWN = 20;

interface Planned {
  complaint: Complaint;
  events: NewEvent[];
}

/** What a pass over the rows found (and, with --commit, wrote). */
interface Tally {
  rows: number;
  importable: number;
  duplicates: number;
  already: number;
  byStatus: Record<'received' | 'replied' | 'escalated' | 'closed' | 'voided', number>;
  problems: LedgerProblem[];
  unknownYears: Set<number>;
}

/** Thrown inside the import's transaction to take it back: some rows cannot be imported. */
class Refusal extends Error {
  constructor(readonly tally: Tally) {
    super('import refused');
  }
}

/** A text check's problems, said of a ledger cell rather than of a flag ("--description is empty"). */
const CELL_PROBLEMS: Record<string, string> = {
  'invalid.empty': 'ledger.cellEmpty',
  'invalid.tooLong': 'ledger.cellTooLong',
  'invalid.control': 'ledger.cellControl',
};

export async function runImport(options: ImportOptions, context: Context): Promise<void> {
  const file = options.file.trim();
  if (file === '') throw new ValidationError('invalid.file', { value: options.file });
  ledgerFormat(file);
  const explicit = parseMaps(options.map);
  if (options.skipBad && !options.commit) throw new ValidationError('import.skipBadAlone');
  let bytes: Uint8Array;
  try {
    bytes = context.readBytes(file);
  } catch (error) {
    throw new OperationError('file.cannotRead', { file, reason: (error as Error).message });
  }
  const table = await readLedgerTable(file, bytes, HEADER_SEARCH_ROWS, options.sheet, context.xlsxExpandedLimit);

  const vocabulary = ledgerVocabulary();
  const headerRow = findHeaderRow(table.head, vocabulary);
  if (headerRow < 0) throw new ValidationError('ledger.noHeader', { file, rows: HEADER_SEARCH_ROWS });
  const headers = table.head[headerRow]!.map((cell, column) =>
    plainCell(cell) === '' && headerRow > 0 ? (table.head[headerRow - 1]![column] ?? '') : cell,
  );
  const columns = mapColumns(headers, vocabulary, explicit);

  const store = await context.store();
  const zone = context.settings().timezone;
  const clock = { zone, closingTime: context.settings().closingTime };
  const importedBefore = await store.importedBefore();
  // One pass over the rows, keeping nothing of a row once it is written: a ledger of a million
  // rows must fit an office PC. With --commit the pass runs inside one transaction, so a refusal
  // (a bad row without --skip-bad) takes back everything written before it.
  // Rows read (and, with --commit, written) of the rows below the header.
  const progress = context.progress('progress.import');
  const rowsBelowHeader = Math.max(table.rowsAtMost - headerRow - 1, 0);
  const pass = (write: ((complaint: Complaint, identity: string, events: NewEvent[]) => void) | null): Tally => {
    const tally: Tally = {
      rows: 0,
      importable: 0,
      duplicates: 0,
      already: 0,
      byStatus: { received: 0, replied: 0, escalated: 0, closed: 0, voided: 0 },
      problems: [],
      unknownYears: new Set(),
    };
    const firstRow = new Map<string, number>();
    const deadlines = new Map<string, Deadline>();
    table.forEachRow((cells, index) => {
      if (index > headerRow) progress.update(index - headerRow, rowsBelowHeader);
      if (index <= headerRow || cells.every((cell) => plainCell(cell) === '')) return;
      tally.rows += 1;
      const byField: Partial<Record<LedgerField, string>> = {};
      columns.fields.forEach((field, column) => {
        if (field !== null) byField[field] = cells[column] ?? '';
      });
      const entry = readLedgerRow(index + 1, byField, vocabulary, clock);
      if ('key' in entry) {
        tally.problems.push(entry);
        return;
      }
      // The same complaint twice in the file is imported once; one imported before, not again.
      if (firstRow.has(entry.identity)) {
        tally.duplicates += 1;
        return;
      }
      firstRow.set(entry.identity, entry.row);
      if (importedBefore(entry.identity)) {
        tally.already += 1;
        return;
      }
      let planned: Planned;
      try {
        planned = plan(entry, file, context, deadlines, tally.unknownYears);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        tally.problems.push({ row: entry.row, key: error.key, params: error.params });
        return;
      }
      tally.importable += 1;
      tally.byStatus[planned.complaint.status] += 1;
      write?.(planned.complaint, entry.identity, planned.events);
    });
    // (A quoted cell with a line break makes fewer rows than the lines counted for the total.)
    progress.update(rowsBelowHeader, rowsBelowHeader);
    if (tally.rows === 0) throw new ValidationError('ledger.empty', { file });
    return tally;
  };

  let tally: Tally;
  let refused = false;
  try {
    if (!options.commit) tally = pass(null);
    else {
      try {
        tally = await store.transaction(async () => {
          const writer = await store.ledgerWriter(context.now, rowsBelowHeader);
          const written = pass((complaint, identity, events) => writer.add(complaint, identity, events));
          if (written.problems.length > 0 && !options.skipBad) throw new Refusal(written);
          await writer.finish();
          return written;
        });
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        tally = error.tally;
        refused = true;
      }
    }
  } finally {
    progress.finish();
  }
  context.warn(unknownYearWarnings([...tally.unknownYears].sort()));
  const imported = options.commit && !refused ? tally.importable : 0;
  const counts = tally.byStatus;
  const { rows, duplicates, problems, importable, already } = tally;
  // A row's problem names its column as the file heads it ("回复时间"), never the program's field name.
  const columnName = (field: string): string => {
    const at = columns.fields.indexOf(field as LedgerField);
    if (at >= 0) return plainCell(headers[at] ?? '');
    return (LEDGER_FIELDS as readonly string[]).includes(field) ? ledgerHeader(field as LedgerField, context.t) : field;
  };
  const reasons = problems.map((problem) => {
    const key = CELL_PROBLEMS[problem.key] ?? problem.key;
    const params = { ...inUserWords(problem.key, problem.params, context.lang) };
    if (typeof params.field === 'string') params.field = columnName(params.field);
    return { row: problem.row, reason: translateLoose(context.lang, key, params) };
  });
  if (options.json) {
    printJson(context.io.out, {
      file,
      committed: options.commit && !refused,
      rows,
      importable,
      imported,
      byStatus: counts,
      alreadyImported: already,
      duplicates,
      unknownColumns: columns.unknown,
      problems: reasons,
    });
  } else {
    const { t } = context;
    const lines = [t('import.summary', { file, rows })];
    lines.push(t(options.commit && !refused ? 'import.did' : 'import.would', { count: importable, ...counts }));
    if (already > 0) lines.push(t('import.already', { count: already }));
    if (duplicates > 0) lines.push(t('import.duplicates', { count: duplicates }));
    if (columns.unknown.length > 0) lines.push(t('import.unknownColumns', { columns: columns.unknown.join(', ') }));
    if (problems.length > 0) {
      lines.push(t('import.problems', { count: problems.length }));
      for (const problem of reasons.slice(0, PROBLEMS_SHOWN))
        lines.push(`    ${t('ledger.rowProblem', { row: problem.row, reason: problem.reason })}`);
      if (problems.length > PROBLEMS_SHOWN)
        lines.push(t('import.moreProblems', { count: problems.length - PROBLEMS_SHOWN }));
    }
    context.io.out(lines.join('\n') + '\n');
    // With rows it cannot import, a plain --commit would be refused: the dry run names the one that works.
    if (!options.commit) context.io.err(t(problems.length > 0 ? 'import.dryRunBad' : 'import.dryRun', { file }) + '\n');
  }
  if (refused) throw new OperationError('import.refused', { count: problems.length });
  // A dry run that found rows it cannot import says so through its exit code, for scripts.
  if (!options.commit && problems.length > 0) context.exitCode = 1;
}

/**
 * What one ledger row becomes: received on its date; come back as a repeat complaint, escalated
 * and replied in the order of their times; then closed or voided — as the ledger says.
 */
function plan(
  entry: LedgerEntry,
  file: string,
  context: Context,
  deadlines: Map<string, Deadline>,
  unknownYears: Set<number>,
): Planned {
  const settings = context.settings();
  const calendar = context.calendar();
  const zone = settings.timezone;
  const actor = entry.owner ?? context.actor;
  const times = [entry.receivedAt, entry.reply?.at, entry.close?.at, entry.escalation?.at, entry.repeat?.at].filter(
    (time): time is Date => time instanceof Date,
  );
  const latest = times.reduce((a, b) => (b.getTime() > a.getTime() ? b : a));
  if (latest.getTime() > context.now.getTime() + CLOCK_SKEW_MS)
    throw new ValidationError('ledger.future', { time: isoInZone(latest, zone) });

  // Deadlines depend on the day the clock starts and the channel's days only: counted once per pair.
  const replyDays = settings.replyDays[entry.draft.channel];
  const deadlineFrom = (start: Date): Deadline => {
    const memo = `${dateInZone(start, zone)}|${replyDays}`;
    let deadline = deadlines.get(memo);
    if (deadline === undefined) {
      deadline = deadlineAfter(start, { workingDays: replyDays, closingTime: settings.closingTime, zone }, calendar);
      deadlines.set(memo, deadline);
    }
    for (const warning of deadline.warnings) unknownYears.add(warning.year);
    return deadline;
  };

  // Where it came from, in its history: the ledger file's name and the row.
  const imported = { file: basename(file), row: entry.row };
  const receiptDate = dateInZone(entry.receivedAt, zone);
  const first = deadlineFrom(entry.receivedAt);
  let complaint: Complaint = {
    ...received(
      entry.draft,
      entry.receivedAt,
      receiptDate.slice(0, 7),
      { replyDays, closingTime: settings.closingTime, zone, replyDueAt: first.dueAt },
      actor,
    ),
    id: 0,
  };
  const events: NewEvent[] = [
    {
      type: 'received',
      at: entry.receivedAt,
      actor,
      data: { channel: entry.draft.channel, replyDays, replyDueAt: first.dueAt.toISOString(), importedFrom: imported },
    },
  ];
  const record = (result: {
    complaint: Complaint;
    event: { type: string; at: Date; data: Record<string, unknown> };
  }): void => {
    complaint = result.complaint;
    events.push({ type: result.event.type, at: result.event.at, actor, data: result.event.data });
  };
  const apply = (action: Parameters<typeof transition>[1], at: Date): void => record(transition(complaint, action, at));

  if (entry.repeat !== null) {
    const at = entry.repeat.at ?? entry.receivedAt;
    const again = deadlineFrom(at);
    const { result, cause, satisfaction } = entry.repeat;
    const escalation = entry.escalation?.earlierRound
      ? { department: entry.escalation.department, at: entry.escalation.at! }
      : null;
    record(
      repeatedInLedger(
        complaint,
        entry.repeat.count,
        at,
        translateLoose(context.lang, 'import.repeatReason', {}),
        { replyDays, closingTime: settings.closingTime, zone, replyDueAt: again.dueAt },
        { escalation, result, cause, satisfaction },
      ),
    );
  }
  // Escalated before or after the reply, as their times say (the same minute: escalated first).
  // Escalated again after the complaint came back, the ledger has only the first escalation's
  // time: the new one is taken to be when it came back.
  const steps: Array<{ at: Date; take: () => void }> = [];
  if (entry.escalation !== null && entry.escalation.promisedAt !== null) {
    const { department, promisedAt } = entry.escalation;
    const at = entry.escalation.earlierRound
      ? complaint.replyClockFrom
      : (entry.escalation.at ?? complaint.replyClockFrom);
    // The explanation to the owner went as a reply would (a letter for a letter), and meets the
    // reply clock when no reply came before it.
    const method = entry.reply?.method ?? (entry.draft.channel === 'letter' ? 'letter' : 'phone');
    steps.push({
      at,
      take: () => {
        const hours = replyWorkingHours(calendar, complaint.replyClockFrom, at, zone);
        for (const year of hours.unknownYears) unknownYears.add(year);
        apply({ type: 'escalate', department, promisedAt, message: '', method, workingHours: hours.value }, at);
      },
    });
  }
  if (entry.reply !== null) {
    const reply = entry.reply;
    steps.push({
      at: reply.at,
      take: () => {
        const hours = replyWorkingHours(calendar, complaint.replyClockFrom, reply.at, zone);
        for (const year of hours.unknownYears) unknownYears.add(year);
        apply(
          {
            type: 'reply',
            method: reply.method,
            message: reply.message,
            satisfaction: reply.satisfaction,
            workingHours: hours.value,
          },
          reply.at,
        );
      },
    });
  }
  for (const step of steps.sort((a, b) => a.at.getTime() - b.at.getTime())) step.take();
  if (entry.close !== null)
    apply(
      { type: 'close', result: entry.close.result, cause: entry.close.cause, satisfaction: entry.close.satisfaction },
      entry.close.at,
    );
  if (entry.voided)
    apply({ type: 'void', reason: translateLoose(context.lang, 'import.voidReason', {}) }, complaint.statusChangedAt);
  return { complaint, events };
}

function findHeaderRow(table: readonly string[][], vocabulary: ReturnType<typeof ledgerVocabulary>): number {
  let best = -1;
  let bestScore = 2; // fewer than three known headers is not a header row
  for (let index = 0; index < Math.min(HEADER_SEARCH_ROWS, table.length); index += 1) {
    const score = headerScore(table[index]!, vocabulary);
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  }
  return best;
}

/** `--map "登记日期=receivedAt"`: a header the program does not know, named. */
function parseMaps(values: readonly string[]): Map<string, LedgerField> {
  const map = new Map<string, LedgerField>();
  for (const value of values) {
    const match = /^(.+?)=(.+)$/.exec(value);
    const field = match?.[2]?.trim() as LedgerField | undefined;
    if (!match || field === undefined || !(LEDGER_FIELDS as readonly string[]).includes(field)) {
      throw new ValidationError('ledger.badMap', { value, fields: LEDGER_FIELDS.join(', ') });
    }
    map.set(wordKey(match[1]!), field);
  }
  return map;
}

export function registerImport(program: Command, { t, context }: Registration): void {
  program
    .command('import')
    .description(t('help.import'))
    .argument('<file>', t('help.import.file'))
    .option('--commit', t('help.import.commit'))
    .option('--skip-bad', t('help.import.skipBad'))
    .option('--map <header=field>', t('help.import.map'), (value: string, previous: string[] | undefined) => [
      ...(previous ?? []),
      value,
    ])
    .option('--sheet <name>', t('help.import.sheet'))
    .option('--json', t('help.json'))
    .action(
      (file: string, flags: { commit?: boolean; skipBad?: boolean; map?: string[]; sheet?: string; json?: boolean }) =>
        runImport(
          {
            file,
            commit: flags.commit === true,
            skipBad: flags.skipBad === true,
            map: flags.map ?? [],
            sheet: flags.sheet,
            json: flags.json === true,
          },
          context(),
        ),
    );
}
