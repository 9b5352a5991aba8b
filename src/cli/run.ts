// argv → program → exit code. Every error ends here and becomes one line and one exit code.
import type { Command } from 'commander';
import { CommanderError } from 'commander';
import { AppError } from '../domain/errors.js';
import { isDamage, isDiskFull } from '../store/sqlite/open.js';
import type { Lang } from '../ui/messages.js';
import { inUserWords } from '../ui/accepted-words.js';
import { nearest } from '../ui/code-words.js';
import { chooseLang, translateLoose, translator } from '../ui/messages.js';
import { isPromptCancelled } from '../ui/prompts.js';
import type { Context, Deps } from './context.js';
import { createContext } from './context.js';
import { buildProgram } from './program.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, overdue: 3, cancelled: 130 } as const;

export async function runCli(argv: readonly string[], deps: Deps, version: string): Promise<number> {
  const langFlag = optionValue(argv, '--lang');
  const lang = chooseLang(langFlag, deps.env);
  const t = translator(lang);
  const fail = (key: string, params: Record<string, string | number>, code: number): number => {
    // (A stack asked for with COMPLAINT_DEBUG is printed as it is.)
    const shown =
      key === 'internalDebug'
        ? params
        : Object.fromEntries(
            Object.entries(params).map(([name, value]) => [name, typeof value === 'string' ? printable(value) : value]),
          );
    deps.io.err(`${deps.chalk(deps.io.color ? 1 : 0).red('✗')} ${translateLoose(lang, key, shown)}\n`);
    return code;
  };
  if (langFlag !== undefined && !/^(zh|en)([-_].*)?$/i.test(langFlag))
    return fail('invalid.lang', { value: langFlag }, EXIT.usage);

  let context: Context | undefined;
  const program = buildProgram({
    version,
    argv,
    t,
    out: deps.io.out,
    err: deps.io.err,
    context: () => {
      const global = program.opts<{ db?: string; as?: string; office?: string }>();
      context ??= createContext(deps, { db: global.db, as: global.as, office: global.office, lang });
      return context;
    },
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    await context?.finish();
    return context?.exitCode ?? EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander reports a missing required flag before an unknown one, so `reply 3 --text …`
      // said "missing --message": the flag the user typed, and the one they meant, come first.
      const typed =
        error.code === 'commander.missingMandatoryOptionValue' ? unknownOptionTyped(program, argv) : undefined;
      if (typed !== undefined)
        return fail(
          'usage.unknownOption',
          {
            value: typed.flag,
            suggestion: typed.near === undefined ? '' : t('usage.didYouMean', { value: typed.near }),
          },
          EXIT.usage,
        );
      return commanderExit(
        error,
        lang,
        fail,
        program.commands.map((command) => command.name()),
      );
    }
    if (error instanceof AppError) return fail(error.key, inUserWords(error.key, error.params, lang), error.exitCode);
    if (isPromptCancelled(error)) {
      deps.io.err(t('cancelled') + '\n');
      return EXIT.cancelled;
    }
    if (sqliteCode(error) === 'SQLITE_BUSY') return fail('store.busy', {}, EXIT.failed);
    // A damaged file or a full disk is told as such, with what to do; SQLite undid the write.
    if (isDamage(error))
      return fail(
        'store.damaged',
        { path: context?.databasePath() ?? '', reason: (error as Error).message },
        EXIT.failed,
      );
    if (context && isDiskFull(error, context.databasePath()))
      return fail('store.diskFull', { path: context.databasePath() }, EXIT.failed);
    if (sqliteCode(error)?.startsWith('SQLITE_READONLY'))
      return fail('store.readOnly', { path: context?.databasePath() ?? '' }, EXIT.failed);
    // One line for the user; the stack for whoever investigates, on request.
    const debug = deps.env.COMPLAINT_DEBUG !== undefined && deps.env.COMPLAINT_DEBUG !== '';
    const reason =
      error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message.split('\n')[0]!) : String(error);
    return fail(debug ? 'internalDebug' : 'internal', { reason }, EXIT.failed);
  } finally {
    await context?.close();
  }
}

function commanderExit(
  error: CommanderError,
  lang: Lang,
  fail: (key: string, params: Record<string, string | number>, code: number) => number,
  commands: string[],
): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
  // `complaint help` asked for the help; `complaint` alone is a usage error with the help (on stderr) as its message.
  if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error.code === 'commander.executeSubCommandAsync') return error.exitCode;
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  const similar = /Did you mean (.+)\?\)/.exec(error.message)?.[1];
  const suggestion = similar === undefined ? '' : translateLoose(lang, 'usage.didYouMean', { value: similar });
  switch (error.code) {
    case 'commander.unknownOption':
      return fail('usage.unknownOption', { value: quoted, suggestion }, EXIT.usage);
    case 'commander.unknownCommand':
      return fail('usage.unknownCommand', { value: quoted, suggestion, accepted: commands.join(', ') }, EXIT.usage);
    case 'commander.missingArgument':
      return fail('usage.missingArgument', { value: quoted }, EXIT.usage);
    case 'commander.optionMissingArgument':
      return fail('usage.optionMissingArgument', { value: quoted }, EXIT.usage);
    case 'commander.missingMandatoryOptionValue':
      return fail('usage.missingOption', { value: quoted }, EXIT.usage);
    case 'commander.excessArguments':
      return fail('usage.excessArguments', {}, EXIT.usage);
    default:
      return fail('usage.other', { value: error.message.replace(/^error: /, '') }, EXIT.usage);
  }
}

/** The first option of the command line that its (sub)command does not know, and the nearest it does. */
function unknownOptionTyped(program: Command, argv: readonly string[]): { flag: string; near?: string } | undefined {
  let command = program;
  let rest = [...argv];
  for (;;) {
    const { operands, unknown } = command.parseOptions(rest);
    const next = operands[0] === undefined ? undefined : command.commands.find((child) => child.name() === operands[0]);
    if (next === undefined) {
      const flag = unknown.find((token) => token.startsWith('-'))?.split('=')[0];
      if (flag === undefined) return undefined;
      const known = [...command.options, ...program.options]
        .map((option) => option.long)
        .filter((long): long is string => long !== undefined);
      return { flag, near: nearest(flag, known) };
    }
    command = next;
    rest = [...operands.slice(1), ...unknown];
  }
}

function sqliteCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_')
    ? error.code
    : undefined;
}

/** Longest echo of a value in an error line: the line names the value, it does not reprint 100 KB. */
const MAX_ECHO = 200;

/**
 * A value as an error line may echo it: control characters shown as \u escapes (an escape
 * sequence typed by mistake must not repaint the terminal; a line break must not split the line),
 * and long values cut.
 */
export function printable(value: string): string {
  const visible = value.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return visible.length > MAX_ECHO ? `${visible.slice(0, MAX_ECHO - 1)}…` : visible;
}

/** The value of a global option before commander has parsed anything (help texts need the language). */
function optionValue(argv: readonly string[], name: string): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--') break;
    if (arg === name) return argv[index + 1];
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}
