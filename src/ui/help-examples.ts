// The examples that end every command's help, in the user's language. They live in the message
// catalogue under help.examples.<command path> ("help.examples" for the program itself, then
// e.g. "help.examples.calendar.set"), one example a line: `complaint …  # what it does`.
import type { MessageKey, Translate } from './messages.js';
import { padEnd, stringWidth } from './table.js';

/** The notes are aligned in a column after the commands up to this wide; a longer command keeps its note beside it. */
const ALIGN_LIMIT = 56;

export function examplesHelp(path: readonly string[], t: Translate): string {
  const key = ['help.examples', ...path].join('.') as MessageKey;
  const text = t(key);
  // A command without examples (yet) gets none; tests/commands/help-examples.test.ts asks for them.
  if (text === key) return '';
  const examples = text.split('\n').map((line) => {
    const at = line.indexOf('  # ');
    return at < 0 ? { command: line, note: '' } : { command: line.slice(0, at), note: line.slice(at + 4) };
  });
  const width = Math.max(
    0,
    ...examples.map((example) => stringWidth(example.command)).filter((columns) => columns <= ALIGN_LIMIT),
  );
  const lines = examples.map(({ command, note }) =>
    note === '' ? `  ${command}` : `  ${padEnd(command, width)}  # ${note}`,
  );
  return `\n${t('help.title.examples')}\n${lines.join('\n')}`;
}
