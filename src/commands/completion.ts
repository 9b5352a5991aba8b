// `complaint completion bash|zsh|fish`: prints a shell completion script, read from the program's
// own commands (src/cli/completion.ts).
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import type { Shell } from '../cli/completion.js';
import { SHELLS, completionScript } from '../cli/completion.js';
import { ValidationError } from '../domain/errors.js';

export interface CompletionOptions {
  shell: string;
}

export function runCompletion(options: CompletionOptions, context: Context, program: Command): void {
  const shell = options.shell.trim().toLowerCase() as Shell;
  if (!SHELLS.includes(shell))
    throw new ValidationError('invalid.shell', { value: options.shell, accepted: SHELLS.join(', ') });
  context.io.out(completionScript(shell, program));
}

export function registerCompletion(program: Command, { t, context }: Registration): void {
  program
    .command('completion')
    .description(t('help.completion'))
    .argument('<shell>', SHELLS.join('|'))
    .action((shell: string) => runCompletion({ shell }, context(), program));
}
