// `complaint close <id> --result <text> [--cause …] [--satisfaction …]`: archive the complaint with
// the element of service that failed, so the monthly report can say where to improve.
import { codeOf } from '../ui/code-words.js';
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import type { UnknownYearWarning } from '../domain/calendar.js';
import type { Cause } from '../domain/complaint.js';
import { revisitDeadline } from '../domain/deadline.js';
import { CAUSES, parseCause, parseSatisfaction } from '../domain/complaint.js';
import type { MessageKey } from '../ui/messages.js';
import { translator } from '../ui/messages.js';
import type { ActOptions } from './act.js';
import { act, requiredText, withCommonOptions } from './act.js';

export interface CloseOptions extends ActOptions {
  result?: string;
  cause?: string;
  satisfaction?: string;
}

export async function runClose(options: CloseOptions, context: Context): Promise<void> {
  const result = requiredText('result', options.result);
  const given = options.cause === undefined ? undefined : parseCause(codeOf('cause', options.cause));
  const opinion = options.satisfaction;
  const satisfaction = opinion === undefined ? null : parseSatisfaction(codeOf('satisfaction', opinion));
  let warnings: UnknownYearWarning[] = [];
  await act(
    options,
    context,
    async (_, at) => {
      const cause = given ?? (context.io.canPrompt ? await askCause(context) : null);
      // 回访: closing starts the return-visit clock (none when revisit-days is 0).
      const revisit = revisitDeadline(at, context.calendar(), context.settings());
      warnings = revisit?.warnings ?? [];
      return { type: 'close', result, cause, satisfaction, revisitDueAt: revisit?.dueAt ?? null };
    },
    (_, after) =>
      after.revisitDueAt === null
        ? context.t('done.close', { id: after.id })
        : context.t('done.closeRevisit', { id: after.id, due: context.format().deadline(after.revisitDueAt) }),
  );
  context.warn(warnings);
}

/** On a terminal the nine elements are offered by their Chinese names (and English). */
async function askCause(context: Context): Promise<Cause> {
  const zh = translator('zh');
  const en = translator('en');
  const prompter = await context.prompter();
  return prompter.select(
    context.t('prompt.cause'),
    CAUSES.map((cause) => ({
      value: cause,
      name: `${zh(`cause.${cause}` as MessageKey)}  ${en(`cause.${cause}` as MessageKey)}`,
    })),
  );
}

export function registerClose(program: Command, { t, context }: Registration): void {
  withCommonOptions(
    program
      .command('close')
      .description(t('help.close'))
      .argument('<id>', t('help.id'))
      .requiredOption('--result <text>', t('help.close.result'))
      .option('--cause <element>', CAUSES.join('|'))
      .option('--satisfaction <opinion>', 'satisfied|basic|dissatisfied'),
    t,
  ).action(
    (id: string, flags: { result: string; cause?: string; satisfaction?: string; at?: string; json?: boolean }) =>
      runClose({ id, ...flags, json: flags.json === true }, context()),
  );
}
