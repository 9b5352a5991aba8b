// `complaint note <id> <text>`: a follow-up note in the complaint's history.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import type { ActOptions } from './act.js';
import { requiredNamedText } from '../domain/text.js';
import { act, withCommonOptions } from './act.js';

export async function runNote(options: ActOptions & { text: string }, context: Context): Promise<void> {
  const text = requiredNamedText('<text>', options.text, 'text');
  await act(
    options,
    context,
    () => ({ type: 'note', text }),
    (before) => context.t('done.note', { id: before.id }),
  );
}

export function registerNote(program: Command, { t, context }: Registration): void {
  withCommonOptions(
    program
      .command('note')
      .description(t('help.noteCommand'))
      .argument('<id>', t('help.id'))
      .argument('<text>', t('help.note.text')),
    t,
  ).action((id: string, text: string, flags: { at?: string; json?: boolean }) =>
    runNote({ id, text, at: flags.at, json: flags.json === true }, context()),
  );
}
