// The commander program, built from injected dependencies. Registration only parses; the work
// is in each command's run function.
import { Command } from 'commander';
import { registerAssign } from '../commands/assign.js';
import { registerBackup } from '../commands/backup.js';
import { registerCalendar } from '../commands/calendar.js';
import { registerClose } from '../commands/close.js';
import { registerCompletion } from '../commands/completion.js';
import { registerEscalate } from '../commands/escalate.js';
import { registerConfig } from '../commands/config.js';
import { registerDoctor } from '../commands/doctor.js';
import { registerExport } from '../commands/export.js';
import { registerImport } from '../commands/import.js';
import { registerList } from '../commands/list.js';
import { registerMigrate } from '../commands/migrate.js';
import { registerNew } from '../commands/new.js';
import { registerEdit } from '../commands/edit.js';
import { registerNote } from '../commands/note.js';
import { registerOffice } from '../commands/office.js';
import { registerOverdue } from '../commands/overdue.js';
import { registerReopen } from '../commands/reopen.js';
import { registerReport } from '../commands/report.js';
import { registerReply } from '../commands/reply.js';
import { registerShow } from '../commands/show.js';
import { registerVisit } from '../commands/visit.js';
import { registerRevisit } from '../commands/revisit.js';
import { registerVoid } from '../commands/void.js';
import { examplesHelp } from '../ui/help-examples.js';
import type { MessageKey, Translate } from '../ui/messages.js';
import type { Context } from './context.js';
import type { Registration } from './registration.js';

export interface ProgramOptions {
  version: string;
  /** The command line (after the program's name): only the command it names is registered. */
  argv: readonly string[];
  t: Translate;
  context: () => Context;
  out: (text: string) => void;
  err: (text: string) => void;
}

export function buildProgram(options: ProgramOptions): Command {
  const { t } = options;
  const program = new Command('complaint')
    .description(t('help.program'))
    .version(options.version, '-V, --version', t('help.version'))
    .option('--db <file>', t('help.db'))
    .option('--office <code>', t('help.officeFlag'))
    .option('--lang <lang>', t('help.lang'))
    .option('--as <name>', t('help.as'))
    .showSuggestionAfterError(true)
    .exitOverride()
    // Errors are reported once, in the user's language, by src/main.ts; help and version still print.
    .configureOutput({ writeOut: options.out, writeErr: options.err, outputError: () => undefined });
  const registration = { t, context: options.context };
  const needed = commandsNeeded(options.argv, valueOptionsOf(program));
  for (const [names, register] of REGISTRATIONS)
    if (needed === 'all' || names.some((name) => needed.includes(name))) register(program, registration);
  inHelpLanguage(program, t);
  withExamples(program, t);
  for (const command of program.commands) inheritSettings(command, program, t);
  return program;
}

type Register = (program: Command, registration: Registration) => void;

/**
 * Every command, in the order the help lists them, with the function that registers it. Building
 * all of them (their options, words and checks) is ~3 % of a command's start-up: a command line that
 * names one registers that one alone (see commandsNeeded).
 */
export const REGISTRATIONS: ReadonlyArray<readonly [names: readonly string[], register: Register]> = [
  [['new'], registerNew],
  [['list'], registerList],
  [['show'], registerShow],
  [['edit'], registerEdit],
  [['note'], registerNote],
  [['visit'], registerVisit],
  [['revisit'], registerRevisit],
  [['reply'], registerReply],
  [['escalate'], registerEscalate],
  [['assign'], registerAssign],
  [['close'], registerClose],
  [['reopen'], registerReopen],
  [['void'], registerVoid],
  [['report'], registerReport],
  [['overdue'], registerOverdue],
  [['config'], registerConfig],
  [['office'], registerOffice],
  [['calendar'], registerCalendar],
  [['backup', 'restore'], registerBackup],
  [['doctor'], registerDoctor],
  [['import'], registerImport],
  [['export'], registerExport],
  [['migrate'], registerMigrate],
  [['completion'], registerCompletion],
];

/** The program's own options that take a value (--db, --office…), which may come before the command's name. */
export function valueOptionsOf(program: Command): string[] {
  return program.options
    .filter((option) => option.required || option.optional)
    .flatMap((option) => (option.long === undefined ? [] : [option.long]));
}

/**
 * The commands a command line needs registered: the one it names (`complaint --db x report …`), none
 * for the version, and every one for anything else: no command, help, an option the program does
 * not know, a mistyped command (whose error lists the others), completion (which describes them all).
 */
export function commandsNeeded(argv: readonly string[], valueOptions: readonly string[]): readonly string[] | 'all' {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (valueOptions.includes(arg)) index += 1;
    else if (!valueOptions.some((option) => arg.startsWith(`${option}=`))) {
      if (arg === '-V' || arg === '--version') return [];
      return arg !== 'completion' && REGISTRATIONS.some(([names]) => names.includes(arg)) ? [arg] : 'all';
    }
  }
  return 'all';
}

function inheritSettings(command: Command, parent: Command, t: Translate): void {
  command.exitOverride().configureOutput(parent.configureOutput()).showSuggestionAfterError(true);
  inHelpLanguage(command, t);
  withExamples(command, t);
  for (const child of command.commands) inheritSettings(child, command, t);
}

/** Two or three examples end every command's help (worded only when the help is shown). */
function withExamples(command: Command, t: Translate): void {
  const path: string[] = [];
  for (let named: Command | null = command; named?.parent; named = named.parent) path.unshift(named.name());
  command.addHelpText('after', () => examplesHelp(path, t));
}

/** commander's own words in a help text ("Usage:", "display help for command"), in the user's language. */
function inHelpLanguage(command: Command, t: Translate): void {
  const titles: Record<string, MessageKey> = {
    'Usage:': 'help.title.usage',
    'Options:': 'help.title.options',
    'Global Options:': 'help.title.globalOptions',
    'Commands:': 'help.title.commands',
    'Arguments:': 'help.title.arguments',
  };
  command
    .helpOption('-h, --help', t('help.help'))
    .configureHelp({ styleTitle: (title) => (titles[title] ? t(titles[title]) : title) });
  // Only a command with subcommands has a help command; naming it on another would add one.
  if (command.commands.length > 0) command.helpCommand('help [command]', t('help.helpCommand'));
}
