// A command line that names a command registers that one alone (src/cli/program.ts): the same
// command, with the same help, as in the whole program.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { REGISTRATIONS, buildProgram, commandsNeeded, valueOptionsOf } from '../../src/cli/program.js';
import { translator } from '../../src/ui/messages.js';

function program(argv: readonly string[], lang: 'en' | 'zh' = 'en'): Command {
  return buildProgram({
    version: '0',
    argv,
    t: translator(lang),
    context: () => {
      throw new Error('no context: the program is only built');
    },
    out: () => undefined,
    err: () => undefined,
  });
}

function named(program: Command, name: string): Command {
  return program.commands.find((command) => command.name() === name)!;
}

/** A command's help, and its subcommands' after it. */
function helpOf(command: Command): string {
  return [command.helpInformation(), ...command.commands.map(helpOf)].join('\n');
}

describe('registering only the command a command line names', () => {
  it('knows the names each registration adds, for every command of the whole program', () => {
    const added = REGISTRATIONS.flatMap(([names, register]) => {
      const alone = new Command('complaint');
      register(alone, { t: translator('en'), context: () => ({}) as never });
      expect(alone.commands.map((command) => command.name())).toEqual(names);
      return names;
    });
    expect(program([]).commands.map((command) => command.name())).toEqual(added);
  });

  it.each(['en', 'zh'] as const)('gives each command the same help as the whole program (%s)', (lang) => {
    const whole = program([], lang);
    for (const [names] of REGISTRATIONS)
      for (const name of names) {
        const lone = program(['--lang', lang, name, '--help'], lang);
        // (completion describes every command: it has them all.)
        const expected = name === 'completion' ? whole.commands : names.map((other) => named(whole, other));
        expect(lone.commands.map((command) => command.name())).toEqual(expected.map((command) => command.name()));
        expect(helpOf(named(lone, name))).toBe(helpOf(named(whole, name)));
      }
  });

  it.each([
    [['report', '--month', '2026-11'], ['report']],
    [['--db', 'x.db', '--lang=zh', '--office', 'north', 'restore', 'backup.db'], ['restore']],
    [['--as=王', 'office', 'add', 'north'], ['office']],
    [['--version'], []],
    [['--db', 'x.db', '-V'], []],
    [[], 'all'],
    [['help', 'report'], 'all'],
    [['reprot'], 'all'],
    [['completion', 'bash'], 'all'],
    [['--db'], 'all'],
    [['-h'], 'all'],
    [['--verbose', 'list'], 'all'],
    [['--', 'list'], 'all'],
  ])('%j needs %j', (argv, needed) => {
    expect(valueOptionsOf(program([]))).toEqual(['--db', '--office', '--lang', '--as']);
    expect(commandsNeeded(argv, valueOptionsOf(program([])))).toEqual(needed);
  });
});
