import { fstatSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
// Where output goes. Commands write through an IO, never to process.stdout, so tests can hand
// them a buffer and a pretend terminal.
export interface IO {
  out: (text: string) => void;
  err: (text: string) => void;
  /** stdout is a terminal: tables and words rather than tab-separated lines */
  isTTY: boolean;
  /** stdin and stdout are a terminal: missing fields may be asked for */
  canPrompt: boolean;
  /** colour is wanted: a terminal, and no NO_COLOR */
  color: boolean;
  /** the terminal's width in columns, when stdout is one (tables are fitted to it) */
  readonly columns?: number;
  /** stderr is a terminal that can redraw its line: progress bars are drawn there (and only there) */
  readonly errTTY?: boolean;
  /** the reader of stdout went away (`complaint list | head`): a long listing may stop */
  readonly outGone?: boolean;
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
}

/** The process's IO, which can also tell when the streams it handed out have written what they were given. */
export interface ProcessIO extends IO {
  /**
   * Resolves once process.stdout, if a prompt was given it, has handed all it was given to the system
   * (on Windows a terminal's or a pipe's writes are asynchronous). The program's own output needs no
   * waiting: it is written synchronously (writeAll).
   */
  flushed(): Promise<void>;
}

export function processIO(env: Record<string, string | undefined>): ProcessIO {
  const isTTY = isTerminal(1);
  const noColor = (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb';
  let outGone = false;
  let stdoutGiven = false;
  return {
    out: (text) => {
      if (!outGone && !writeAll(1, text)) outGone = true;
    },
    get outGone() {
      return outGone;
    },
    err: (text) => void writeAll(2, text),
    isTTY,
    // Asked only by a command that reports progress: stderr may be a terminal while stdout is a pipe.
    get errTTY() {
      return env.TERM !== 'dumb' && isTerminal(2);
    },
    // Asked only by a table on a terminal: process.stdout costs start-up time to open.
    get columns() {
      if (!isTTY) return undefined;
      const fromEnv = Number(env.COLUMNS);
      // (A terminal that does not say its size reports 0: then the table is as wide as its cells.)
      return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : process.stdout.columns || undefined;
    },
    canPrompt: isTTY && isTerminal(0),
    color: isTTY && !noColor,
    // The streams are opened only for the prompts that need them: each costs start-up time.
    get stdin() {
      return process.stdin;
    },
    get stdout() {
      stdoutGiven = true;
      return process.stdout;
    },
    flushed: () =>
      stdoutGiven ? new Promise<void>((resolve) => void process.stdout.write('', () => resolve())) : Promise.resolve(),
  };
}

/**
 * Whether a descriptor is a terminal. A pipe or a file (what cron and scripts give) is told by
 * fstat alone; only a character device other than /dev/null is asked of the tty module, whose
 * loading (with net and stream) costs a few milliseconds of every start.
 */
function isTerminal(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice()) return false;
    if (process.platform !== 'win32' && stat.rdev === statSync('/dev/null').rdev) return false;
  } catch {
    return false;
  }
  return (createRequire(import.meta.url)('node:tty') as typeof import('node:tty')).isatty(fd);
}

/**
 * Synchronous writes: output is complete before the exit code is set, and no stream is opened.
 * False when the reader went away.
 */
function writeAll(fd: number, text: string): boolean {
  let buffer = Buffer.from(text, 'utf8');
  while (buffer.length > 0) {
    try {
      buffer = buffer.subarray(writeSync(fd, buffer));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue; // a non-blocking pipe that is full: try again
      if (code === 'EPIPE') return false; // the reader went away (`complaint list | head`)
      throw error;
    }
  }
  return true;
}

export interface BufferIO extends IO {
  stdout_: string[];
  stderr_: string[];
  output(): string;
  errors(): string;
}

/** An IO that keeps what was written; not a terminal unless asked. */
export function bufferIO(
  options: { tty?: boolean; errTTY?: boolean; color?: boolean; columns?: number } = {},
): BufferIO {
  const stdout_: string[] = [];
  const stderr_: string[] = [];
  return {
    out: (text) => void stdout_.push(text),
    err: (text) => void stderr_.push(text),
    isTTY: options.tty ?? false,
    errTTY: options.errTTY ?? false,
    columns: options.columns,
    canPrompt: options.tty ?? false,
    color: options.color ?? false,
    stdout_,
    stderr_,
    output: () => stdout_.join(''),
    errors: () => stderr_.join(''),
  };
}
