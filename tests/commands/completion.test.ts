// `complaint completion bash|zsh|fish`: the scripts name every command, option and code, read from
// the program itself. (tests/e2e/completion.test.ts runs the bash script in bash.)
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { completionScript, completionTree } from '../../src/cli/completion.js';
import { CATEGORIES, CAUSES, CHANNELS, REPLY_METHODS, SATISFACTIONS, STATUSES } from '../../src/domain/complaint.js';
import { translator } from '../../src/ui/messages.js';
import { harness } from '../support/harness.js';

function program() {
  return buildProgram({
    version: '0',
    argv: [],
    t: translator('en'),
    context: () => {
      throw new Error('no context in this test');
    },
    out: () => undefined,
    err: () => undefined,
  });
}

describe('complaint completion', () => {
  it.each(['bash', 'zsh', 'fish'])('%s: commands, subcommands, options and codes', async (shell) => {
    const result = await harness().run(['completion', shell]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const script = result.stdout;
    for (const command of [
      'new',
      'list',
      'show',
      'edit',
      'report',
      'overdue',
      'config',
      'calendar',
      'import',
      'export',
      'completion',
    ])
      expect(script).toContain(command);
    // calendar's own subcommands, under calendar
    const calendarSubcommands = {
      bash: `'calendar') echo 'import set unset help'`,
      zsh: `'calendar') print -rl -- 'import:`,
      fish: `case 'calendar'\n      printf '%s\\n' 'import\t`,
    };
    expect(script).toContain(calendarSubcommands[shell as keyof typeof calendarSubcommands]);
    for (const option of [
      '--category',
      '--subcategory',
      '--channel',
      '--status',
      '--cause',
      '--satisfaction',
      '--method',
      '--search',
      '--repeat-of',
      '--notify-format',
      '--db',
      '--lang',
    ]) {
      expect(script).toContain(option);
    }
    for (const code of [
      ...CATEGORIES,
      ...CHANNELS,
      ...STATUSES,
      ...CAUSES,
      ...SATISFACTIONS,
      ...REPLY_METHODS,
      'lift-entrapment',
      'special-repair',
      'reply-days.phone',
    ]) {
      expect(script).toContain(code);
    }
    // a category's own sub-categories, once --category is given
    expect(script).toContain(`'new --subcategory fee'`);
  });

  it('bash: one script a shell can load, ending with the complete command', async () => {
    const { stdout } = await harness().run(['completion', 'bash']);
    expect(stdout.startsWith('# bash completion for complaint')).toBe(true);
    expect(stdout.trimEnd().endsWith('complete -o default -F _complaint complaint')).toBe(true);
    expect(stdout).toContain(`'list') echo '--status --open --category`);
    expect(stdout).toContain(`'list --category'`);
  });

  it("zsh: an autoloadable #compdef file with descriptions in the user's language", async () => {
    const h = harness();
    const en = (await h.run(['completion', 'zsh'])).stdout;
    expect(en.startsWith('#compdef complaint\n')).toBe(true);
    expect(en).toContain(`'new:log a complaint (asks for missing fields on a terminal)'`);
    const zh = (await h.run(['--lang', 'zh', 'completion', 'zsh'])).stdout;
    expect(zh).toContain(`'new:登记一条投诉（在终端上会询问缺少的项）'`);
  });

  it('fish: one complete command, fed by a function', async () => {
    const { stdout } = await harness().run(['completion', 'fish']);
    expect(stdout.trimEnd().endsWith(`complete -c complaint -f -a '(__complaint_complete)'`)).toBe(true);
    expect(stdout).toContain(`'new\tlog a complaint (asks for missing fields on a terminal)'`);
  });

  it('a bad shell is a usage error naming the value and the accepted ones', async () => {
    const h = harness();
    expect(await h.run(['completion', 'tcsh'])).toEqual({
      code: 2,
      stdout: '',
      stderr: '✗ Unknown shell "tcsh"; accepted: bash, zsh, fish\n',
    });
    expect(await h.run(['completion', 'bsh'])).toMatchObject({
      code: 2,
      stderr: '✗ Unknown shell "bsh" (did you mean bash?); accepted: bash, zsh, fish\n',
    });
    expect(await h.run(['completion', 'bash', '--lang', 'zh'])).toMatchObject({ code: 0 });
    expect((await h.run(['--lang', 'zh', 'completion', 'fihs'])).stderr).toBe(
      '✗ 未知的 shell "fihs"（是否想输入 fish？）；可选：bash, zsh, fish\n',
    );
    expect((await h.run(['completion'])).code).toBe(2);
  });
});

describe('the completion tree', () => {
  it('follows the program: a command added later is completed, with its code-valued options', () => {
    const built = program();
    built
      .command('inspect')
      .argument('<id>')
      .option('--method <method>', 'how')
      .option('--satisfaction <opinion>', 'opinion')
      .option('--note <text>', 'a note');
    const inspect = completionTree(built).find((node) => node.path === 'inspect')!;
    expect(inspect.options.find((option) => option.flags.includes('--method'))?.values).toEqual(REPLY_METHODS);
    expect(inspect.options.find((option) => option.flags.includes('--satisfaction'))?.values).toEqual(SATISFACTIONS);
    expect(inspect.options.find((option) => option.flags.includes('--note'))).toMatchObject({
      takesValue: true,
      values: [],
    });
    expect(completionScript('bash', built)).toContain(`'inspect --method'`);
    // And the revisit command, registered like every other, is completed the same way.
    const revisit = completionTree(program()).find((node) => node.path === 'revisit')!;
    expect(revisit.options.find((option) => option.flags.includes('--satisfaction'))?.values).toEqual(SATISFACTIONS);
  });

  it('gives every command the global options, and subcommands their own node', () => {
    const nodes = completionTree(program());
    const root = nodes.find((node) => node.path === '')!;
    expect(root.commands.map((command) => command.name)).toContain('completion');
    for (const node of nodes.filter((candidate) => candidate.path !== '' && !candidate.path.endsWith('help'))) {
      const flags = node.options.flatMap((option) => option.flags);
      expect(flags, node.path).toEqual(expect.arrayContaining(['--db', '--lang', '--as', '--help']));
      expect(flags, node.path).not.toContain('--version');
    }
    expect(nodes.find((node) => node.path === 'calendar')!.commands.map((command) => command.name)).toEqual([
      'import',
      'set',
      'unset',
      'help',
    ]);
    expect(nodes.find((node) => node.path === 'calendar set')).toBeDefined();
    expect(nodes.find((node) => node.path === 'config')!.args[0]).toContain('reply-days.online');
    expect(nodes.find((node) => node.path === 'help')!.args[0]).toContain('report');
  });
});
