// A progress bar on stderr for work that takes a while (import, export, backup, restore, doctor).
// Shown only on a terminal, only once the work has taken more than a second (quick runs stay
// quiet), redrawn at most ten times a second, and cleared when the work ends or fails, so the
// line after it (the summary, or the error) starts on a clean line.
import { createRequire } from 'node:module';
import type { GenericFormatter, Options, SingleBar } from 'cli-progress';
import stringWidth from 'string-width';

/** What the commands report to: how much of how much is done. */
export interface Progress {
  /** false when nothing can be drawn (no terminal): work done only to report progress is skipped */
  readonly active: boolean;
  /**
   * `done` of `total` units (rows, pages, steps); a total not known yet is left out. `stage` names
   * the part of the work under way ("checking"), shown after the label; a new stage is drawn at
   * once, since the work that follows may give no update for a while.
   */
  update(done: number, total?: number, stage?: string): void;
  /** clears the bar, if one was drawn; call it in a `finally`, on success and failure alike */
  finish(): void;
}

/** What draws the bar on a terminal: cli-progress in the program, a recorder in tests. */
export interface ProgressSink {
  /** `counts`: done/total are shown beside the percentage (rows); otherwise the percentage alone */
  start(label: string, done: number, total: number | undefined, counts: boolean): void;
  update(done: number, total: number | undefined, label: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** show done/total beside the percentage: true for rows, false for a fraction of the work (backup) */
  counts?: boolean;
}

export interface ProgressTiming {
  /** a monotonic clock in milliseconds */
  clock: () => number;
  /** no bar before the work has taken this long */
  delayMs?: number;
  /** at least this long between two redraws */
  intervalMs?: number;
}

/** Nothing drawn: no terminal on stderr. */
export const NO_PROGRESS: Progress = { active: false, update: () => undefined, finish: () => undefined };

const DELAY_MS = 1000;
const INTERVAL_MS = 100;

/**
 * A progress reporter that opens `sink` (loading the drawing library) only when the work has
 * taken more than `delayMs`; until then an update costs a clock reading.
 */
export function progressReporter(
  label: string,
  sink: () => ProgressSink,
  timing: ProgressTiming,
  options: ProgressOptions = {},
): Progress {
  const { clock, delayMs = DELAY_MS, intervalMs = INTERVAL_MS } = timing;
  const startedAt = clock();
  let drawnAt = Number.NEGATIVE_INFINITY;
  let shown: ProgressSink | null = null;
  let finished = false;
  let lastDone = 0;
  let lastTotal: number | undefined;
  let lastLabel = label;
  let drawnLabel = label;
  return {
    active: true,
    update(done, total, stage) {
      if (finished) return;
      lastDone = done;
      lastTotal = total ?? lastTotal;
      lastLabel = stage === undefined ? label : `${label} · ${stage}`;
      const now = clock();
      if (now - drawnAt < intervalMs && lastLabel === drawnLabel) return;
      if (shown === null) {
        if (now - startedAt <= delayMs) return;
        shown = sink();
        shown.start(lastLabel, done, lastTotal, options.counts ?? true);
      } else shown.update(done, lastTotal, lastLabel);
      drawnAt = now;
      drawnLabel = lastLabel;
    },
    finish() {
      if (finished) return;
      finished = true;
      if (shown === null) return;
      // The last count drawn before it goes, so that the bar a user saw last is the true one.
      shown.update(lastDone, lastTotal, lastLabel);
      shown.stop();
    },
  };
}

/** Where the real bar writes: stderr, through the program's IO. */
export interface BarStream {
  write(text: string): void;
  /** the terminal's width, when known */
  columns(): number | undefined;
}

/**
 * The bar drawn by cli-progress, loaded here on first use (require, not import(): the bundle runs
 * as a compiled script). Its line is fitted to the terminal's width in East Asian widths (a label
 * in Chinese takes two columns a character) and cleared when stopped. The terminal's line wrap
 * and cursor are left alone: a run killed mid-bar leaves the terminal as it was.
 */
export function cliProgressSink(stream: BarStream): ProgressSink {
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
  const width = (): number => stream.columns() ?? 80;
  const output = {
    isTTY: true,
    get columns() {
      return width();
    },
    write(text: string) {
      stream.write(text);
      return true;
    },
  };
  let label = '';
  let knownTotal = true;
  let counts = true;
  const format: GenericFormatter = (_options, params) =>
    progressLine(label, params.value, knownTotal ? params.total : undefined, width(), counts);
  const options: Options = {
    stream: output as unknown as NodeJS.WritableStream,
    format,
    // (Redraws are throttled by progressReporter, which asks for each one: see update below.)
    fps: 10,
    clearOnComplete: true,
    hideCursor: false,
    // (true: cli-progress does not switch the terminal's line wrap off; the line is fitted instead)
    linewrap: true,
    gracefulExit: false,
  };
  const bar: SingleBar = new cliProgress.SingleBar(options);
  return {
    start(text, done, total, showCounts) {
      label = text;
      counts = showCounts;
      knownTotal = total !== undefined;
      bar.start(total ?? 0, done);
    },
    update(done, total, text) {
      label = text;
      if (total !== undefined) {
        knownTotal = true;
        bar.setTotal(total);
      }
      bar.update(done);
      // Drawn now: cli-progress would otherwise wait for its timer, which cannot run while the
      // work holds the event loop (an import, a check).
      bar.render();
    },
    stop() {
      bar.stop();
    },
  };
}

const BAR_MOST = 30;
const BAR_LEAST = 10;

/**
 * `导入 ██████░░░░ 62% 1,234/2,000` (`counts`), or `备份 ██████░░░░ 62%`, at most `columns - 1`
 * wide (the last column would make some terminals wrap); without a total, the label and the count.
 */
export function progressLine(
  label: string,
  done: number,
  total: number | undefined,
  columns: number,
  counts = true,
): string {
  const room = Math.max(columns - 1, 0);
  if (total === undefined) return fit(`${label} ${grouped(done)}`, room);
  const ratio = total > 0 ? Math.min(Math.max(done / total, 0), 1) : 1;
  const percent = `${Math.floor(ratio * 100)}%`;
  const tail = counts ? `${percent} ${grouped(Math.min(done, total))}/${grouped(total)}` : percent;
  const barWidth = Math.min(BAR_MOST, room - stringWidth(label) - stringWidth(tail) - 2);
  if (barWidth < BAR_LEAST) {
    // A narrow terminal: the counts go first, then the label is cut; the percentage stays.
    const whole = `${label} ${tail}`;
    return stringWidth(whole) <= room ? whole : `${fit(label, room - stringWidth(percent) - 1)} ${percent}`;
  }
  const filled = Math.round(ratio * barWidth);
  return `${label} ${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)} ${tail}`;
}

/** 1234567 → 1,234,567 (no Intl: its start-up is not paid for a count). */
function grouped(value: number): string {
  return String(Math.trunc(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function fit(text: string, room: number): string {
  if (stringWidth(text) <= room) return text;
  if (room <= 0) return '';
  let cut = '';
  for (const char of text) {
    if (stringWidth(cut + char) > room - 1) break;
    cut += char;
  }
  return `${cut}…`;
}
