import { createRequire } from 'node:module';
// Questions asked on a terminal when a required field is missing. The prompt library is loaded
// only here, only when a question is asked: it would cost every other command its start-up time.
export interface Choice<T extends string> {
  value: T;
  name: string;
}

export interface Prompter {
  select<T extends string>(message: string, choices: ReadonlyArray<Choice<T>>): Promise<T>;
  /** `validate` returns true, or the words that say what is wrong */
  input(message: string, validate: (value: string) => true | string): Promise<string>;
}

export interface PromptStreams {
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
}

/** The line under a list saying which keys do what ("↑↓ navigate • ⏎ select"), in the user's language. */
export type KeysHelp = (keys: ReadonlyArray<[key: string, action: string]>) => string;

export function loadInquirerPrompter(streams: PromptStreams, keysHelp?: KeysHelp): Promise<Prompter> {
  // require, not import(): the bundle runs as a compiled script (see bin/complaint), where only require resolves.
  const { select, input } = createRequire(import.meta.url)('@inquirer/prompts') as typeof import('@inquirer/prompts');
  const context = { input: streams.stdin, output: streams.stdout, clearPromptOnDone: false };
  const theme = keysHelp === undefined ? undefined : { style: { keysHelpTip: keysHelp } };
  return Promise.resolve({
    select: (message, choices) =>
      select(
        {
          message,
          choices: choices.map((choice) => ({ value: choice.value, name: choice.name })),
          pageSize: 12,
          theme,
        },
        context,
      ),
    input: (message, validate) => input({ message, validate }, context),
  });
}

/** The error a prompt throws when the user presses Ctrl-C. */
export function isPromptCancelled(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}
