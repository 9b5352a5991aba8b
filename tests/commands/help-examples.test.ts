// Every command's --help ends with two or three examples in the user's language, and every
// example is a command line the program accepts as it stands.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { translator } from '../../src/ui/messages.js';
import { harness } from '../support/harness.js';

function program(): Command {
  return buildProgram({
    version: '0',
    argv: [],
    t: translator('en'),
    context: () => {
      throw new Error('no context: the examples are only parsed');
    },
    out: () => undefined,
    err: () => undefined,
  });
}

/** Every command path of the program, the program itself ([]) first. */
function commandPaths(command: Command, names: string[] = []): string[][] {
  return [names, ...command.commands.flatMap((sub) => commandPaths(sub, [...names, sub.name()]))];
}

interface Example {
  command: string;
  note: string;
}

/** The examples block that ends a help text: its title, then the examples, then nothing. */
function examplesBlock(help: string, title: string): Example[] {
  const lines = help.trimEnd().split('\n');
  const start = lines.lastIndexOf(title);
  expect(start, `no "${title}" block in:\n${help}`).toBeGreaterThan(0);
  expect(lines[start - 1], 'a blank line before the examples').toBe('');
  return lines.slice(start + 1).map((line) => {
    const match = /^ {2}(complaint .*?) +# (.+)$/.exec(line);
    expect(match, line).not.toBeNull();
    return { command: match![1]!, note: match![2]! };
  });
}

/** A command line split as a POSIX shell splits it; shell syntax outside quotes is refused. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote = '';
  for (const char of line) {
    if (quote !== '') {
      if (char === quote) quote = '';
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (char === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      expect('|&;<>()$`\\*?[#~'.includes(char), `shell syntax ${char} in: ${line}`).toBe(false);
      word = (word ?? '') + char;
    }
  }
  expect(quote, `unclosed quote in: ${line}`).toBe('');
  if (word !== undefined) words.push(word);
  return words;
}

/** The path of the command an example runs, parsed by commander with every action a no-op. */
async function parsedPath(words: string[]): Promise<string[]> {
  const parser = program();
  let ran: Command | undefined;
  const quiet = (command: Command): void => {
    command.action((...args: unknown[]) => {
      ran = args.at(-1) as Command;
    });
    command.commands.forEach(quiet);
  };
  parser.commands.forEach(quiet);
  await parser.parseAsync(words, { from: 'user' });
  const path: string[] = [];
  for (let command = ran; command?.parent; command = command.parent) path.unshift(command.name());
  return path;
}

const paths = commandPaths(program());

describe('the examples at the end of every help', () => {
  it('cover every command and subcommand', () => {
    expect(paths.map((path) => path.join(' '))).toEqual(
      expect.arrayContaining([
        '',
        'new',
        'list',
        'calendar',
        'calendar import',
        'calendar set',
        'calendar unset',
        'completion',
      ]),
    );
  });

  it.each(paths.map((path) => [path.join(' ') || '(the program)', path] as const))(
    '%s: 2–3 examples in both languages, each one the program accepts',
    async (_, path) => {
      const h = harness();
      const english = await h.run([...path, '--help']);
      const chinese = await h.run(['--lang', 'zh', ...path, '--help']);
      expect(english.code, english.stderr).toBe(0);
      expect(chinese.code, chinese.stderr).toBe(0);
      const en = examplesBlock(english.stdout, 'Examples:');
      const zh = examplesBlock(chinese.stdout, '示例：');
      expect(en.length).toBeGreaterThanOrEqual(2);
      expect(en.length).toBeLessThanOrEqual(3);
      // The same command lines, each described in its language.
      expect(zh.map((example) => example.command)).toEqual(en.map((example) => example.command));
      for (const example of en) expect(example.note, example.command).not.toMatch(/\p{Script=Han}/u);
      for (const example of zh) expect(example.note, example.command).toMatch(/\p{Script=Han}/u);
      for (const { command } of en) {
        const words = shellWords(command);
        expect(words[0]).toBe('complaint');
        const ran = await parsedPath(words.slice(1));
        if (path.length > 0) expect(ran, command).toEqual(path);
      }
    },
  );

  it('follow the locale when neither --lang nor COMPLAINT_LANG is given', async () => {
    const { stdout } = await harness().run(['list', '--help'], { env: { COMPLAINT_LANG: '', LANG: 'zh_CN.UTF-8' } });
    // (the notes of the short commands in a column; a long command keeps its note beside it)
    expect(stdout).toMatch(
      /\n\n示例：\n {2}complaint list --open {11}# 仍待办结的投诉：未回复、已回复、已上报\n {2}complaint list --unit 3-2-1201 {2}# 某房号的投诉，业主再次来电时先查\n {2}complaint list --month 2026-11 --category service --overdue {2}# 11 月管理服务类中已超期的投诉\n$/,
    );
  });

  it('an example that does not parse is caught', async () => {
    await expect(parsedPath(shellWords('complaint list --opne').slice(1))).rejects.toThrow(/unknown option/);
    await expect(parsedPath(shellWords('complaint calendar set 2026-11-25').slice(1))).rejects.toThrow(
      /missing required argument/,
    );
    expect(() => shellWords('complaint report --month 2026-11 --md > 2026-11.md')).toThrow(/shell syntax >/);
  });
});
