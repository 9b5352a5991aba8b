// `complaint overdue`: the cron job. Prints nothing when nothing is late (cron mails only when
// there is output); --flag records each late deadline once, --notify posts each alert once.
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { ValidationError } from '../domain/errors.js';
import type { DeadlineItem } from '../domain/overdue.js';
import { overdueReport, runningDeadlines, urgentWaiting } from '../domain/overdue.js';
import { earliestInstant, parseTimeInput, readTimeInput } from '../domain/time-input.js';
import { dateInZone, isoInZone } from '../domain/zone.js';
import type { OverdueDigest, OverdueReport } from '../domain/overdue.js';
import { overdueDigest } from '../domain/overdue.js';
import type { Alert, Store } from '../store/store.js';
import type { NotifyFormat } from '../ui/alerts.js';
import {
  NOTIFY_FORMATS,
  alertLine,
  delivered,
  digestBody,
  digestJson,
  digestText,
  itemJson,
  webhookBody,
} from '../ui/alerts.js';
import { quotedAnswer, webhookForDisplay, withoutSecrets } from '../ui/alerts.js';
import { printJson } from '../ui/json.js';
import { cut } from '../ui/table.js';
import { officeFlag, refuseOfficeWithAllOffices } from './list.js';

export interface OverdueOptions {
  soon?: string;
  at?: string;
  json: boolean;
  exitCode: boolean;
  flag: boolean;
  notify?: string;
  /** default: json */
  notifyFormat?: string;
  /** a late deadline is alerted again once per this interval ("4h", "1d", "30m") until it is met */
  remindEvery?: string;
  /** what is late by more than this many working days also goes to escalateTo, once per deadline */
  escalateAfter?: string;
  escalateTo?: string;
  /** one summary of everything late, by owner, instead of the alerts */
  digest?: boolean;
  /** every office of the database in turn */
  allOffices?: boolean;
  /** the global --office, as given (refused together with --all-offices) */
  office?: string;
}

/** The alert targets besides the --notify webhook ('' in the store). */
const ESCALATION = 'escalation';
/** a department's robot (`config notify.<department>`): its promises late, and falling due soon */
const departmentLate = (name: string): string => `department:${name}`;
const departmentSoon = (name: string): string => `department-soon:${name}`;

/** A webhook that does not answer within this time is a failed delivery, retried next run. */
export const NOTIFY_TIMEOUT_MS = 10_000;

/**
 * How long a run's claim on the alerts it is posting lasts. It must outlast anything a live run
 * may take between claiming and marking them sent, or a second run would post them again: the
 * lease counts from the clock read at the run's start, and the run may wait up to two minutes for
 * the write lock (a big ledger import holds it) to flag, again to claim and again to mark sent,
 * besides the webhook's NOTIFY_TIMEOUT_MS — about six and a half minutes at worst. Ten minutes
 * leaves margin; it is also how long the alerts of a run killed mid-post wait for the next run.
 */
export const CLAIM_LEASE_MS = 10 * 60_000;

export async function runOverdue(options: OverdueOptions, context: Context): Promise<void> {
  // Every flag is checked before the database is opened, so that a refused run leaves even a new
  // --db unmade; the time is read in the office's zone once it is open.
  refuseOfficeWithAllOffices(options);
  const soonHours = options.soon === undefined ? 0 : parseHours(options.soon);
  const given = options.at === undefined ? undefined : readTimeInput(options.at);
  const notifyFormat = parseNotifyFormat(options.notifyFormat ?? 'json');
  if (options.notify !== undefined && !/^https?:\/\/\S+$/i.test(options.notify)) {
    throw new ValidationError('invalid.url', { value: webhookForDisplay(options.notify) });
  }
  if (options.escalateTo !== undefined && !/^https?:\/\/\S+$/i.test(options.escalateTo)) {
    throw new ValidationError('invalid.url', { value: webhookForDisplay(options.escalateTo) });
  }
  const remindMs = options.remindEvery === undefined ? null : parseDuration(options.remindEvery);
  const escalateAfter = options.escalateAfter === undefined ? null : parseWorkingDays(options.escalateAfter);
  if ((escalateAfter === null) !== (options.escalateTo === undefined))
    throw new ValidationError('usage.escalateTogether');
  const digest = options.digest === true;
  // A digest is a summary, told on its own (an 08:30 cron line): it records no alerts.
  if (digest && (options.flag || remindMs !== null || escalateAfter !== null))
    throw new ValidationError('usage.digestAlone');
  const recording = !digest && (options.flag || options.notify !== undefined || escalateAfter !== null);
  if (remindMs !== null && !recording) throw new ValidationError('usage.remindNeedsFlag');
  // Flags are facts about the past: "what will be late by Monday" must not record anything.
  const records = recording || (digest && options.notify !== undefined);
  if (records && given !== undefined && earliestInstant(given).getTime() > context.now.getTime())
    throw new ValidationError('invalid.flagFuture', { value: options.at ?? '' });
  const checked: CheckedFlags = { soonHours, notifyFormat, remindMs, escalateAfter, digest, recording, records };
  if (options.allOffices !== true) {
    await context.store();
    await overdueOffice(options, checked, context, (document) => printJson(context.io.out, document));
    return;
  }
  // Every office in turn, each with its own zone, calendar and departments' robots; a heading names
  // each office that has something to say (the lines of cron mail). JSON is one document: each
  // office's, as its own run gives it, under its code and name.
  const offices: Array<Record<string, unknown>> = [];
  for (const office of await context.offices()) {
    await context.turnTo(office);
    const heading = context.style.bold(office.name === '' ? office.code : `${office.code} · ${office.name}`);
    const gather = (document: Record<string, unknown>): void =>
      void offices.push({ office: { code: office.code, name: office.name }, ...document });
    await overdueOffice(options, checked, context, gather, heading);
  }
  if (options.json) printJson(context.io.out, { offices });
}

/** The flags as checked before the database was opened. */
interface CheckedFlags {
  soonHours: number;
  notifyFormat: NotifyFormat;
  remindMs: number | null;
  escalateAfter: number | null;
  digest: boolean;
  /** the run records alerts (--flag, --notify, --escalate-after) */
  recording: boolean;
  /** the run records something (alerts, or the digest's delivery) */
  records: boolean;
}

/**
 * The run for the office the store is turned to; `heading` is printed above its lines, if any. With
 * --json, its document goes to `json` (printed, or gathered with the other offices').
 */
async function overdueOffice(
  options: OverdueOptions,
  checked: CheckedFlags,
  context: Context,
  json: (document: Record<string, unknown>) => void,
  heading?: string,
): Promise<void> {
  const { soonHours, notifyFormat, remindMs, escalateAfter, digest, recording, records } = checked;
  const store = await context.store();
  const settings = context.settings();
  const asOf = options.at === undefined ? context.now : parseTimeInput(options.at, settings.timezone);
  if (records && asOf.getTime() > context.now.getTime())
    throw new ValidationError('invalid.flagFuture', { value: options.at ?? '' });

  // The clocks still running: replies and promises, and the return visits (回访) still to make.
  const open = [...(await store.openComplaints()), ...(await store.revisitsDue())];
  const report = overdueReport(open, asOf, context.calendar(), settings.timezone, soonHours);
  // A new urgent complaint is told once, on the first run that records after it was logged.
  const urgent = recording ? urgentWaiting(open, asOf, context.calendar(), settings.timezone) : [];
  let fresh = new Set<DeadlineItem>();
  let freshUrgent: DeadlineItem[] = [];
  if (recording && report.overdue.length + urgent.length > 0) {
    [fresh, freshUrgent] = await store.transaction(async () => {
      const recorded = await store.recordAlerts(
        [...urgent, ...report.overdue].map((item) => ({
          complaintId: item.complaint.id,
          deadline: item.deadline,
          dueAt: item.dueAt,
        })),
        context.now,
      );
      // Keyed, not searched: after a big ledger import hundreds of thousands may be late at once.
      const recordedKeys = new Set(recorded.map((alert) => `${alert.complaintId}|${alert.deadline}`));
      const newItems = report.overdue.filter((item) => recordedKeys.has(`${item.complaint.id}|${item.deadline}`));
      for (const item of newItems) {
        await store.appendEvent(
          item.complaint.id,
          {
            type: 'flagged-overdue',
            at: context.now,
            actor: context.runner,
            data: { deadline: item.deadline, dueAt: item.dueAt.toISOString() },
          },
          context.now,
        );
      }
      return [new Set(newItems), urgent.filter((item) => recordedKeys.has(`${item.complaint.id}|urgent`))] as const;
    });
  }
  // Reminders: a deadline flagged before and still late is alerted again once per interval.
  const reminded =
    recording && remindMs !== null
      ? await remind(
          report.overdue.filter((item) => !fresh.has(item)),
          remindMs,
          store,
          context,
          () => '',
        )
      : [];
  // 督促有关部门: an escalated complaint's promise goes to the robot of the department that made it.
  const hooks = context.settings().departmentWebhooks;
  if (recording && Object.keys(hooks).length > 0) await chaseDepartments(report, remindMs, hooks, store, context);
  // The manager's group: what is late by more than the threshold, once per deadline.
  const escalated =
    recording && escalateAfter !== null
      ? await escalate(
          report.overdue.filter((item) => item.workingDaysLate > escalateAfter),
          store,
          context,
        )
      : [];
  const flagged = recording ? await store.flaggedComplaintIds() : new Set<number>();

  if (digest) {
    const summary = overdueDigest(report.overdue);
    if (options.json)
      json({
        asOf: isoInZone(asOf, settings.timezone),
        digest: digestJson(summary, settings.timezone, false),
      });
    else if (summary.total > 0) {
      if (heading !== undefined) context.io.out(heading + '\n');
      context.io.out(digestText(summary, context.format(), settings.officeName, asOf) + '\n');
    }
    // A failed delivery (exit 1) of an office before is not hidden by this one's overdue (3).
    if (options.exitCode && report.overdue.length > 0 && context.exitCode === 0) context.exitCode = 3;
    if (options.notify !== undefined && summary.total > 0)
      await notifyDigest(options.notify, notifyFormat, summary, asOf, context);
    return;
  }

  if (options.json) {
    json({
      asOf: isoInZone(asOf, settings.timezone),
      overdue: report.overdue.map((item) => ({
        ...itemJson(item, settings.timezone),
        flagged: flagged.has(item.complaint.id),
        newlyFlagged: fresh.has(item),
      })),
      dueSoon: report.dueSoon.map((item) => itemJson(item, settings.timezone)),
      newUrgent: freshUrgent.map((item) => itemJson(item, settings.timezone)),
      reminded: reminded.map((item) => ({ ...itemJson(item, settings.timezone), round: item.round })),
      escalated: escalated.map((item) => itemJson(item, settings.timezone)),
    });
  } else {
    // With --flag, a line is printed once, when its deadline is first found passed; what is only
    // due soon is for the robots (--notify, departments), not for a cron mail every five minutes.
    const shown = recording ? report.overdue.filter((item) => fresh.has(item)) : report.overdue;
    const dueSoon = recording ? [] : report.dueSoon;
    const format = context.format();
    // On a terminal a line fits its width (a long name is cut); piped to cron mail it is whole.
    const columns = context.io.columns;
    const lines = [...freshUrgent, ...shown, ...reminded, ...dueSoon].map((item) =>
      columns === undefined ? alertLine(item, format) : cut(alertLine(item, format), columns),
    );
    if (lines.length > 0) context.io.out((heading === undefined ? '' : heading + '\n') + lines.join('\n') + '\n');
  }

  if (options.exitCode && report.overdue.length > 0 && context.exitCode === 0) context.exitCode = 3;
  if (options.notify !== undefined) await notify(options.notify, notifyFormat, asOf, context, '');
  if (options.escalateTo !== undefined) await notify(options.escalateTo, notifyFormat, asOf, context, ESCALATION);
  if (options.notify !== undefined) {
    for (const [name, url] of Object.entries(hooks)) {
      await notify(url, notifyFormat, asOf, context, departmentSoon(name));
      await notify(url, notifyFormat, asOf, context, departmentLate(name));
    }
  }
}

/**
 * Records, for each department with a robot, the promises made in its name that fall due soon
 * (with --soon) and those already late — each once — and, with --remind-every, the late ones' reminders.
 */
async function chaseDepartments(
  report: OverdueReport,
  remindMs: number | null,
  hooks: Record<string, string>,
  store: Store,
  context: Context,
): Promise<void> {
  const department = (item: DeadlineItem): string | null => {
    const name = item.complaint.escalatedTo;
    return item.deadline === 'promise' && name !== null && hooks[name] !== undefined ? name : null;
  };
  const late = report.overdue.filter((item) => department(item) !== null);
  const soon = report.dueSoon.filter((item) => department(item) !== null);
  if (late.length + soon.length === 0) return;
  const alertOf = (item: DeadlineItem, target: string) => ({
    complaintId: item.complaint.id,
    deadline: item.deadline,
    dueAt: item.dueAt,
    target,
  });
  const fresh = await store.transaction(async () => {
    await store.recordAlerts(
      soon.map((item) => alertOf(item, departmentSoon(department(item)!))),
      context.now,
    );
    return await store.recordAlerts(
      late.map((item) => alertOf(item, departmentLate(department(item)!))),
      context.now,
    );
  });
  const first = new Set(fresh.map((alert) => key(alert.complaintId, alert.deadline, alert.dueAt)));
  if (remindMs !== null)
    await remind(
      late.filter((item) => !first.has(key(item.complaint.id, item.deadline, item.dueAt))),
      remindMs,
      store,
      context,
      (item) => departmentLate(department(item)!),
    );
}

const key = (id: number, deadline: string, dueAt: Date): string => `${id}|${deadline}|${dueAt.getTime()}`;

/**
 * Records the next round of each late deadline whose latest alert was recorded `intervalMs` ago or
 * more, with a `reminded` event: the unsent alerts are then posted by --notify as the first are.
 */
async function remind(
  late: readonly DeadlineItem[],
  intervalMs: number,
  store: Store,
  context: Context,
  targetOf: (item: DeadlineItem) => string,
): Promise<DeadlineItem[]> {
  return store.transaction(async () => {
    const due: DeadlineItem[] = [];
    for (const item of late) {
      const target = targetOf(item);
      const alertKey = { complaintId: item.complaint.id, deadline: item.deadline, dueAt: item.dueAt, target };
      const latest = await store.latestRound(alertKey);
      if (latest === null || context.now.getTime() - latest.flaggedAt.getTime() < intervalMs) continue;
      const round = latest.round + 1;
      if ((await store.recordAlerts([{ ...alertKey, round }], context.now)).length === 0) continue;
      // A department's reminder names the department (its robot's address stays out of the history).
      const to = target.startsWith('department:') ? { department: target.slice('department:'.length) } : {};
      await store.appendEvent(
        item.complaint.id,
        {
          type: 'reminded',
          at: context.now,
          actor: context.runner,
          data: { deadline: item.deadline, dueAt: item.dueAt.toISOString(), round, ...to },
        },
        context.now,
      );
      due.push({ ...item, round });
    }
    return due;
  });
}

/** Records, once per deadline, the alerts for the --escalate-to webhook, each with an event. */
async function escalate(late: readonly DeadlineItem[], store: Store, context: Context): Promise<DeadlineItem[]> {
  if (late.length === 0) return [];
  return store.transaction(async () => {
    const recorded = await store.recordAlerts(
      late.map((item) => ({
        complaintId: item.complaint.id,
        deadline: item.deadline,
        dueAt: item.dueAt,
        target: ESCALATION,
      })),
      context.now,
    );
    const keys = new Set(recorded.map((alert) => key(alert.complaintId, alert.deadline, alert.dueAt)));
    const added = late.filter((item) => keys.has(key(item.complaint.id, item.deadline, item.dueAt)));
    for (const item of added) {
      const data = { deadline: item.deadline, dueAt: item.dueAt.toISOString(), workingDaysLate: item.workingDaysLate };
      await store.appendEvent(
        item.complaint.id,
        { type: 'overdue-escalated', at: context.now, actor: context.runner, data },
        context.now,
      );
    }
    return added;
  });
}

/**
 * Posts every alert not yet delivered; an alert counts as sent only when the webhook took it.
 * The alerts are first claimed, in one write transaction, so that a run started alongside this
 * one (cron overlapping a manual run, or a slow run overtaken by the next) finds them taken and
 * posts nothing. A failed delivery gives the claim back for the next run; a run killed before it
 * could do either leaves a claim that lapses after CLAIM_LEASE_MS.
 */
async function notify(url: string, kind: NotifyFormat, asOf: Date, context: Context, target: string): Promise<void> {
  const store = await context.store();
  if ((await store.unsentAlerts(target)).length === 0) return;
  const open = [...(await store.openComplaints()), ...(await store.revisitsDue())];
  const zone = context.settings().timezone;
  // Late by the instant, not by hoursLate (rounded to a tenth): a deadline passed two minutes ago
  // would round to 0 h and its alert be settled unsent — and an urgent clock is minutes.
  // (A promise told to its department as falling due soon stays current while it runs, late or not.)
  const running = runningDeadlines(open, asOf, context.calendar(), zone);
  const stillLate = target.startsWith('department-soon:')
    ? running
    : running.filter((item) => item.dueAt.getTime() < asOf.getTime());
  // An alert is still current when its deadline, as recorded, is still late — or, for a new
  // urgent complaint, still unanswered and not yet late (then the late reply is what is told).
  const stillUrgent = urgentWaiting(open, asOf, context.calendar(), zone);
  const late = new Map(
    [...stillUrgent, ...stillLate].map((item) => [key(item.complaint.id, item.deadline, item.dueAt), item]),
  );
  const found = (alert: Alert) => late.get(key(alert.complaintId, alert.deadline, alert.dueAt));
  // A reminder is said to be one: the same deadline, its round.
  const current = (alert: Alert): DeadlineItem | undefined => {
    const item = found(alert);
    return item === undefined || alert.round === 0 ? item : { ...item, round: alert.round };
  };
  // node:crypto is loaded here, not at start-up: loading it costs every command ~2 ms.
  const { randomUUID } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  const claim = randomUUID();
  const sending = await store.transaction(async () => {
    const claimed = await store.claimUnsentAlerts(
      claim,
      context.now,
      new Date(context.now.getTime() + CLAIM_LEASE_MS),
      target,
    );
    const settled = claimed.filter((alert) => current(alert) === undefined);
    if (settled.length > 0)
      await store.markAlertsSettled(
        settled.map((alert) => alert.id),
        context.now,
      );
    return claimed.filter((alert) => current(alert) !== undefined);
  });
  if (sending.length === 0) return;
  const ids = sending.map((alert) => alert.id);

  // Urgent complaints lead the message: they are the ones someone must act on within minutes.
  const items = sending
    .map((alert) => current(alert)!)
    .sort((a, b) => Number(b.deadline === 'urgent') - Number(a.deadline === 'urgent'));
  const body = webhookBody(items, kind, context.format(), context.settings().officeName, asOf);
  const problem = await post(url, body, kind, context);
  if (problem === null) {
    await store.transaction(() => store.markAlertsSent(ids, context.now, claim));
    return;
  }
  await store.transaction(() => store.releaseAlerts(ids, claim));
  const warning = context.t('warn.notifyFailed', { url: webhookForDisplay(url), count: sending.length, problem });
  context.io.err(context.style.yellow(warning) + '\n');
  context.exitCode = 1;
}

/** Posts one body; null when the webhook took it, else the problem in words (secrets taken out). */
async function post(url: string, body: string, kind: NotifyFormat, context: Context): Promise<string | null> {
  try {
    const answer = await context.post(url, body, NOTIFY_TIMEOUT_MS);
    // The answer is the webhook's to write: quoted, never printed raw.
    const quoted = delivered(kind, answer.status, answer.body) ? null : quotedAnswer(withoutSecrets(answer.body, url));
    return quoted === null ? null : `HTTP ${answer.status}${quoted === '' ? '' : ` ${quoted}`}`;
  } catch (error) {
    return error instanceof Error && error.name === 'TimeoutError'
      ? context.t('warn.notifyTimeout', { seconds: NOTIFY_TIMEOUT_MS / 1000 })
      : quotedAnswer(withoutSecrets(errorText(error), url));
  }
}

/**
 * Posts the day's digest (of the office calendar) once to `url`: claimed first as alerts are, so
 * that runs overlapping post it once; a failed post is given back for the next run that day.
 */
async function notifyDigest(
  url: string,
  kind: NotifyFormat,
  summary: OverdueDigest,
  asOf: Date,
  context: Context,
): Promise<void> {
  const store = await context.store();
  const { createHash, randomUUID } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  // The webhook is named by a digest of its address: the address holds the robot's key.
  const target = createHash('sha256').update(url).digest('base64url');
  const day = dateInZone(asOf, context.settings().timezone);
  const claim = randomUUID();
  if (
    !(await store.transaction(() =>
      store.claimDigest(day, target, claim, context.now, new Date(context.now.getTime() + CLAIM_LEASE_MS)),
    ))
  )
    return;
  const body = digestBody(summary, kind, context.format(), context.settings().officeName, asOf);
  const problem = await post(url, body, kind, context);
  await store.transaction(() => store.settleDigest(day, target, claim, problem === null ? context.now : null));
  if (problem === null) return;
  context.io.err(context.style.yellow(context.t('warn.digestFailed', { url: webhookForDisplay(url), problem })) + '\n');
  context.exitCode = 1;
}

/** "4h", "1d", "30m", "1.5h": an interval of clock time (a day is 24 hours). */
function parseDuration(text: string): number {
  const match = /^\s*(\d{1,4}(?:\.\d{1,2})?)\s*(m|min|h|d)\s*$/i.exec(text);
  const unit = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[
    (match?.[2] ?? '').toLowerCase() as 'm' | 'min' | 'h' | 'd'
  ];
  const ms = match === null ? NaN : Number(match[1]) * unit;
  // Less than 5 minutes (the cron step) would remind on every run.
  if (!(ms >= 5 * 60_000 && ms <= 366 * 86_400_000)) throw new ValidationError('invalid.duration', { value: text });
  return ms;
}

function parseWorkingDays(text: string): number {
  if (!/^\s*\d{1,3}\s*$/.test(text)) throw new ValidationError('invalid.workingDays', { value: text });
  return Number(text);
}

/** Node's fetch says "fetch failed" and keeps the reason (ECONNREFUSED, a bad certificate…) as its cause. */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : '';
  return cause === '' || error.message.includes(cause) ? error.message : `${error.message}: ${cause}`;
}

function parseHours(text: string): number {
  const hours = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(hours) || hours <= 0 || hours > 24 * 366)
    throw new ValidationError('invalid.hours', { value: text });
  return hours;
}

function parseNotifyFormat(text: string): NotifyFormat {
  const kind = text.trim().toLowerCase();
  if (!(NOTIFY_FORMATS as readonly string[]).includes(kind))
    throw new ValidationError('invalid.notifyFormat', { value: text, accepted: NOTIFY_FORMATS.join(', ') });
  return kind as NotifyFormat;
}

export function registerOverdue(program: Command, { t, context }: Registration): void {
  program
    .command('overdue')
    .description(t('help.overdue'))
    .option('--soon <hours>', t('help.overdue.soon'))
    .option('--at <time>', t('help.asOf'))
    .option('--json', t('help.json'))
    .option('--exit-code', t('help.overdue.exitCode'))
    .option('--flag', t('help.overdue.flag'))
    .option('--notify <url>', t('help.overdue.notify'))
    .option('--notify-format <format>', t('help.overdue.notifyFormat', { formats: NOTIFY_FORMATS.join('|') }))
    .option('--remind-every <duration>', t('help.overdue.remindEvery'))
    .option('--escalate-after <days>', t('help.overdue.escalateAfter'))
    .option('--escalate-to <url>', t('help.overdue.escalateTo'))
    .option('--digest', t('help.overdue.digest'))
    .option('--all-offices', t('help.overdue.allOffices'))
    .action(
      (
        flags: Omit<OverdueOptions, 'json' | 'exitCode' | 'flag'> & {
          json?: boolean;
          exitCode?: boolean;
          flag?: boolean;
        },
      ) =>
        runOverdue(
          {
            ...flags,
            json: flags.json === true,
            exitCode: flags.exitCode === true,
            flag: flags.flag === true,
            office: officeFlag(program),
          },
          context(),
        ),
    );
}
