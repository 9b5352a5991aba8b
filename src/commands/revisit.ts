// `complaint revisit <id> --method … --satisfaction … [--note …]`: the return visit (回访) after a
// complaint was closed. The first one after a closing meets the return-visit clock; the owner's
// opinion then is the one that counts. A dissatisfied owner is a problem not solved: on a terminal
// the clerk is told how to take it up again as a repeat complaint, and offered to do it at once.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { REPLY_METHODS, SATISFACTIONS, parseSatisfaction } from '../domain/complaint.js';
import { optionalText } from '../domain/text.js';
import { codeOf } from '../ui/code-words.js';
import type { ActOptions } from './act.js';
import { act, withCommonOptions } from './act.js';
import { parseReplyMethod } from './reply.js';
import { runReopen } from './reopen.js';

export interface RevisitOptions extends ActOptions {
  method: string;
  satisfaction: string;
  note?: string;
}

export async function runRevisit(options: RevisitOptions, context: Context): Promise<void> {
  const method = parseReplyMethod(options.method);
  const satisfaction = parseSatisfaction(codeOf('satisfaction', options.satisfaction));
  const note = options.note === undefined ? null : optionalText('note', options.note, 'text');
  const { t } = context;
  const opinion = t(`satisfaction.${satisfaction}`);
  const after = await act(
    options,
    context,
    () => ({ type: 'revisit', method, satisfaction, note }),
    (before, revisited) =>
      before.revisitedAt === null && revisited.revisitOnTime === false
        ? t('done.revisitLate', {
            id: revisited.id,
            due: context.format().deadline(revisited.revisitDueAt!),
            satisfaction: opinion,
          })
        : t('done.revisit', { id: revisited.id, satisfaction: opinion }),
  );
  if (satisfaction !== 'dissatisfied') return;
  context.io.err(context.style.yellow(t('revisit.dissatisfied', { id: after.id })) + '\n');
  // Offered only to a clerk at a terminal, and not in the middle of a --json document.
  if (!context.io.canPrompt || options.json) return;
  const prompter = await context.prompter();
  const choices = [
    { value: 'no', name: t('prompt.revisitReopen.no') },
    { value: 'yes', name: t('prompt.revisitReopen.yes') },
  ] as const;
  if ((await prompter.select(t('prompt.revisitReopen', { id: after.id }), choices)) !== 'yes') return;
  const required = (value: string): true | string => (value.trim() === '' ? t('prompt.required') : true);
  const reason = await prompter.input(t('prompt.revisitReason'), required);
  // Reopened as of the return visit: the new reply clock runs from the owner's call.
  await runReopen({ id: String(after.id), reason, at: options.at, json: false }, context);
}

export function registerRevisit(program: Command, { t, context }: Registration): void {
  withCommonOptions(
    program
      .command('revisit')
      .description(t('help.revisit'))
      .argument('<id>', t('help.id'))
      .requiredOption('--method <method>', REPLY_METHODS.join('|'))
      .requiredOption('--satisfaction <opinion>', SATISFACTIONS.join('|'))
      .option('--note <text>', t('help.revisit.note')),
    t,
  ).action((id: string, flags: { method: string; satisfaction: string; note?: string; at?: string; json?: boolean }) =>
    runRevisit({ id, ...flags, json: flags.json === true }, context()),
  );
}
