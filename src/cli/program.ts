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

export interface ProgramOptions {
  version: string;
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
  registerNew(program, registration);
  registerList(program, registration);
  registerShow(program, registration);
  registerEdit(program, registration);
  registerNote(program, registration);
  registerVisit(program, registration);
  registerRevisit(program, registration);
  registerReply(program, registration);
  registerEscalate(program, registration);
  registerAssign(program, registration);
  registerClose(program, registration);
  registerReopen(program, registration);
  registerVoid(program, registration);
  registerReport(program, registration);
  registerOverdue(program, registration);
  registerConfig(program, registration);
  registerOffice(program, registration);
  registerCalendar(program, registration);
  registerBackup(program, registration);
  registerDoctor(program, registration);
  registerImport(program, registration);
  registerExport(program, registration);
  registerMigrate(program, registration);
  registerCompletion(program, registration);
  inHelpLanguage(program, t);
  withExamples(program, t);
  for (const command of program.commands) inheritSettings(command, program, t);
  return program;
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
