// The completion scripts of `complaint completion bash|zsh|fish`, read from the commander program
// itself: a command, subcommand or option added later is completed without a change here. Only the
// values of code-valued options are named here, taken from the domain's own code lists.
// Only functions at the top level: nothing here runs unless the completion command is used.
import type { Command, Option } from 'commander';
import {
  CATEGORIES,
  CAUSES,
  CHANNELS,
  REPLY_METHODS,
  SATISFACTIONS,
  STATUSES,
  SUBCATEGORIES,
} from '../domain/complaint.js';
import { SETTING_KEYS } from '../domain/settings.js';
import { NOTIFY_FORMATS } from '../ui/alerts.js';
import { LANGS } from '../ui/messages.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** The codes a value-taking option accepts, by its long name, whichever command it is on. */
const optionValues = (): Record<string, readonly string[]> => ({
  '--category': CATEGORIES,
  '--subcategory': [...new Set(Object.values(SUBCATEGORIES).flat())],
  '--channel': CHANNELS,
  '--status': STATUSES,
  '--cause': CAUSES,
  '--satisfaction': SATISFACTIONS,
  '--method': REPLY_METHODS,
  '--notify-format': NOTIFY_FORMATS,
  '--lang': LANGS,
});

/** Options whose values narrow with another option's value given earlier on the line: a category's sub-categories. */
const dependentValues = (): Record<string, { on: string; values: Record<string, readonly string[]> }> => ({
  '--subcategory': { on: '--category', values: SUBCATEGORIES },
});

/** Positional arguments with a fixed set of values, by command path and argument name. */
const argumentValues = (): Record<string, readonly string[]> => ({
  'config key': SETTING_KEYS,
});

export interface CompletionOption {
  /** e.g. ['-h', '--help'] */
  flags: string[];
  description: string;
  takesValue: boolean;
  /** the values to offer (empty: any, e.g. a name or a file) */
  values: readonly string[];
  /** narrower values once another option (`on`) has one of the keys of `values` */
  dependsOn?: { on: string; values: Record<string, readonly string[]> };
}

/** One command of the program, and what may follow it. */
export interface CompletionNode {
  /** the command names leading here, space-separated; '' for the program itself */
  path: string;
  commands: Array<{ name: string; description: string }>;
  /** its own options and the program's global ones (commander takes those after a command too) */
  options: CompletionOption[];
  /** the values of each positional argument in turn (empty: any) */
  args: Array<readonly string[]>;
}

export function completionTree(program: Command): CompletionNode[] {
  const help = program.createHelp();
  const optionCodes = optionValues();
  const argumentCodes = argumentValues();
  const dependentCodes = dependentValues();
  const completionOption = (option: Option): CompletionOption => {
    const takesValue = option.required || option.optional;
    const dependsOn = takesValue && option.long ? dependentCodes[option.long] : undefined;
    return {
      flags: [option.short, option.long].filter((flag): flag is string => flag !== undefined),
      description: oneLine(option.description),
      takesValue,
      values: takesValue ? (option.argChoices ?? (option.long ? optionCodes[option.long] : undefined) ?? []) : [],
      ...(dependsOn ? { dependsOn } : {}),
    };
  };
  // --help belongs to each command; --version only to the program.
  const globals = help
    .visibleOptions(program)
    .filter((option) => option.long !== '--help' && option.long !== '--version')
    .map(completionOption);
  const nodes: CompletionNode[] = [];
  const walk = (command: Command, names: string[]): void => {
    const path = names.join(' ');
    const subcommands = help.visibleCommands(command);
    const own = help.visibleOptions(command).map(completionOption);
    const args = command.registeredArguments.map(
      (argument) => argument.argChoices ?? argumentCodes[`${path} ${argument.name()}`] ?? [],
    );
    nodes.push({
      path,
      commands: subcommands.map((sub) => ({ name: sub.name(), description: oneLine(help.subcommandDescription(sub)) })),
      options:
        names.length === 0
          ? own
          : [
              ...own,
              ...globals.filter(
                (global) => !own.some((option) => option.flags.some((flag) => global.flags.includes(flag))),
              ),
            ],
      args,
    });
    for (const sub of subcommands) {
      // `help [command]` (commander's own) takes the name of a sibling command.
      const isHelpCommand = sub.name() === 'help' && !command.commands.includes(sub);
      if (isHelpCommand)
        nodes.push({
          path: [...names, 'help'].join(' '),
          commands: [],
          options: [],
          args: [command.commands.map((c) => c.name())],
        });
      else walk(sub, [...names, sub.name()]);
    }
  };
  walk(program, []);
  return nodes;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function completionScript(shell: Shell, program: Command): string {
  const name = program.name();
  const nodes = completionTree(program);
  return { bash: bashScript, zsh: zshScript, fish: fishScript }[shell](name, nodes);
}

/** The data every script asks about, as shell-neutral tables: key → lines of output. */
interface Tables {
  /** path → subcommands */
  commands: Map<string, Array<{ name: string; description: string }>>;
  /** path → options */
  options: Map<string, Array<{ flag: string; description: string }>>;
  /** "path option" of every option that takes a value */
  valued: string[];
  /** "path option" → values, and "path option value-of-the-option-it-depends-on" → narrower values */
  values: Map<string, readonly string[]>;
  /** option → the option its values depend on */
  depends: Map<string, string>;
  /** "path index" → values of the index-th positional argument */
  args: Map<string, readonly string[]>;
}

function tables(nodes: CompletionNode[]): Tables {
  const result: Tables = {
    commands: new Map(),
    options: new Map(),
    valued: [],
    values: new Map(),
    depends: new Map(),
    args: new Map(),
  };
  for (const node of nodes) {
    if (node.commands.length > 0) result.commands.set(node.path, node.commands);
    const flags = node.options.flatMap((option) =>
      option.flags.map((flag) => ({ flag, description: option.description })),
    );
    if (flags.length > 0) result.options.set(node.path, flags);
    for (const option of node.options.filter((candidate) => candidate.takesValue)) {
      for (const flag of option.flags) {
        result.valued.push(`${node.path} ${flag}`);
        if (option.values.length > 0) result.values.set(`${node.path} ${flag}`, option.values);
        if (option.dependsOn === undefined) continue;
        result.depends.set(flag, option.dependsOn.on);
        for (const [given, values] of Object.entries(option.dependsOn.values))
          result.values.set(`${node.path} ${flag} ${given}`, values);
      }
    }
    node.args.forEach((values, index) => {
      if (values.length > 0) result.args.set(`${node.path} ${index}`, values);
    });
  }
  return result;
}

/** Keys with the same output share one branch: `case` patterns joined by `|`. */
function grouped<T>(entries: Map<string, T>, render: (value: T) => string): Array<{ keys: string[]; body: string }> {
  const byBody = new Map<string, string[]>();
  for (const [key, value] of entries) {
    const body = render(value);
    byBody.set(body, [...(byBody.get(body) ?? []), key]);
  }
  return [...byBody].map(([body, keys]) => ({ keys, body }));
}

/** A word in single quotes for bash and zsh. */
function sq(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A word in single quotes for fish, where a backslash escapes inside them. */
function fq(text: string): string {
  return `'${text.replace(/[\\']/g, (char) => `\\${char}`)}'`;
}

function shCase(fn: string, branches: Array<{ keys: string[]; body: string }>, otherwise = ''): string {
  const lines = branches.map(({ keys, body }) => `    ${keys.map(sq).join('|')}) ${body} ;;`);
  return [
    `${fn}() {`,
    '  case "$1" in',
    ...lines,
    ...(otherwise ? [`    *) ${otherwise} ;;`] : []),
    '  esac',
    '}',
  ].join('\n');
}

function bashScript(name: string, nodes: CompletionNode[]): string {
  const data = tables(nodes);
  const fn = `_${name.replace(/\W/g, '_')}`;
  const words = (values: readonly string[]) => `echo ${sq(values.join(' '))}`;
  return `# bash completion for ${name}. Load it in ~/.bashrc: source <(${name} completion bash)
${shCase(
  `${fn}_commands`,
  grouped(data.commands, (commands) => words(commands.map((command) => command.name))),
)}
${shCase(
  `${fn}_options`,
  grouped(data.options, (options) => words(options.map((option) => option.flag))),
)}
${shCase(`${fn}_valued`, data.valued.length > 0 ? [{ keys: data.valued, body: 'return 0' }] : [], 'return 1')}
${shCase(`${fn}_values`, grouped(data.values, words))}
${shCase(
  `${fn}_depends`,
  grouped(data.depends, (on) => `echo ${sq(on)}`),
)}
${shCase(`${fn}_args`, grouped(data.args, words))}
${fn}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} cmdpath='' word option='' nargs=0 i=1
  COMPREPLY=()
  # The command the words so far lead to, skipping options and their values.
  while (( i < COMP_CWORD )); do
    word=\${COMP_WORDS[i]}
    if [[ $word == -* ]]; then
      # bash splits --option=value at the "=" (COMP_WORDBREAKS): three words.
      if [[ \${COMP_WORDS[i+1]} == = ]]; then
        (( i += 2 ))
      elif ${fn}_valued "$cmdpath $word"; then
        (( i += 1 ))
      fi
    elif (( nargs == 0 )) && [[ " $(${fn}_commands "$cmdpath") " == *" $word "* ]]; then
      cmdpath=\${cmdpath:+$cmdpath }$word
    else
      (( nargs += 1 ))
    fi
    (( i += 1 ))
  done
  if [[ $cur == = && $prev == -* ]]; then
    option=$prev cur=''
  elif [[ $prev == = ]] && (( COMP_CWORD > 2 )); then
    option=\${COMP_WORDS[COMP_CWORD-2]}
  elif [[ $prev == -* ]] && ${fn}_valued "$cmdpath $prev"; then
    option=$prev
  fi
  if [[ -n $option ]]; then
    local depends given='' values=''
    depends=$(${fn}_depends "$option")
    if [[ -n $depends ]]; then
      # --subcategory after --category fee: fee's sub-categories.
      for (( i = 1; i < COMP_CWORD - 1; i++ )); do
        if [[ \${COMP_WORDS[i]} == "$depends" ]]; then
          given=\${COMP_WORDS[i+1]}
          [[ $given == = ]] && given=\${COMP_WORDS[i+2]}
        fi
      done
      [[ -n $given ]] && values=$(${fn}_values "$cmdpath $option $given")
    fi
    [[ -n $values ]] || values=$(${fn}_values "$cmdpath $option")
    # Nothing to offer (a name, a file): bash's own file names (complete -o default).
    COMPREPLY=($(compgen -W "$values" -- "$cur"))
  elif [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(${fn}_options "$cmdpath")" -- "$cur"))
  elif (( nargs == 0 )) && [[ -n $(${fn}_commands "$cmdpath") ]]; then
    COMPREPLY=($(compgen -W "$(${fn}_commands "$cmdpath")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(${fn}_args "$cmdpath $nargs")" -- "$cur"))
  fi
}
complete -o default -F ${fn} ${name}
`;
}

function zshScript(name: string, nodes: CompletionNode[]): string {
  const data = tables(nodes);
  const fn = `_${name.replace(/\W/g, '_')}`;
  // _describe reads "name:description"; a colon in the name would need a backslash (none has one).
  const described = (entries: Array<{ name: string; description: string }>) =>
    `print -rl -- ${entries.map((entry) => sq(`${entry.name}:${entry.description}`)).join(' ')}`;
  const words = (values: readonly string[]) => `print -rl -- ${values.map(sq).join(' ')}`;
  const options = new Map(
    [...data.options].map(([path, flags]) => [
      path,
      flags.map((option) => ({ name: option.flag, description: option.description })),
    ]),
  );
  return `#compdef ${name}
# zsh completion for ${name}. Save it as _${name} in a folder of $fpath (see the README).
${shCase(`${fn}_commands`, grouped(data.commands, described))}
${shCase(`${fn}_options`, grouped(options, described))}
${shCase(`${fn}_valued`, data.valued.length > 0 ? [{ keys: data.valued, body: 'return 0' }] : [], 'return 1')}
${shCase(`${fn}_values`, grouped(data.values, words))}
${shCase(
  `${fn}_depends`,
  grouped(data.depends, (on) => `print -r -- ${sq(on)}`),
)}
${shCase(`${fn}_args`, grouped(data.args, words))}
${fn}() {
  local cur=\${words[CURRENT]} prev=\${words[CURRENT-1]} cmdpath='' word option='' i nargs=0
  local -a list names
  # The command the words so far lead to, skipping options and their values.
  for (( i = 2; i < CURRENT; i++ )); do
    word=\${words[i]}
    if [[ $word == -* ]]; then
      [[ $word != *=* ]] && ${fn}_valued "$cmdpath $word" && (( i++ ))
    else
      names=(\${\${(f)"$(${fn}_commands "$cmdpath")"}%%:*})
      if (( nargs == 0 && \${names[(Ie)$word]} )); then
        cmdpath=\${cmdpath:+$cmdpath }$word
      else
        (( nargs++ ))
      fi
    fi
  done
  if [[ $cur == -*=* ]]; then
    option=\${cur%%=*}
    compset -P '*='
  elif [[ $prev == -* && $prev != *=* ]] && ${fn}_valued "$cmdpath $prev"; then
    option=$prev
  fi
  if [[ -n $option ]]; then
    local depends given=''
    depends=$(${fn}_depends "$option")
    if [[ -n $depends ]]; then
      # --subcategory after --category fee: fee's sub-categories.
      for (( i = 2; i < CURRENT; i++ )); do
        if [[ \${words[i]} == "$depends" ]] && (( i + 1 < CURRENT )); then
          given=\${words[i+1]}
        elif [[ \${words[i]} == "$depends"=* ]]; then
          given=\${words[i]#*=}
        fi
      done
    fi
    list=()
    [[ -n $given ]] && list=(\${(f)"$(${fn}_values "$cmdpath $option $given")"})
    (( \${#list} )) || list=(\${(f)"$(${fn}_values "$cmdpath $option")"})
    if (( \${#list} )); then compadd -a list; else _default; fi
  elif [[ $cur == -* ]]; then
    list=(\${(f)"$(${fn}_options "$cmdpath")"})
    _describe -t options option list
  else
    list=(\${(f)"$(${fn}_commands "$cmdpath")"})
    if (( nargs == 0 && \${#list} )); then
      _describe -t commands command list
    else
      list=(\${(f)"$(${fn}_args "$cmdpath $nargs")"})
      if (( \${#list} )); then compadd -a list; else _default; fi
    fi
  fi
}
if [[ $funcstack[1] == ${fn} ]]; then
  # Autoloaded from $fpath: this file is the function's body.
  ${fn} "$@"
else
  compdef ${fn} ${name}
fi
`;
}

function fishScript(name: string, nodes: CompletionNode[]): string {
  const data = tables(nodes);
  const fn = `__${name.replace(/\W/g, '_')}`;
  const switchFn = (fnName: string, branches: Array<{ keys: string[]; body: string }>, otherwise = '') =>
    [
      `function ${fnName}`,
      '  switch $argv[1]',
      ...branches.map(({ keys, body }) => `    case ${keys.map(fq).join(' ')}\n      ${body}`),
      ...(otherwise ? [`    case '*'\n      ${otherwise}`] : []),
      '  end',
      'end',
    ].join('\n');
  const described = (entries: Array<{ name: string; description: string }>) =>
    `printf '%s\\n' ${entries.map((entry) => fq(`${entry.name}\t${entry.description}`)).join(' ')}`;
  const words = (values: readonly string[]) => `printf '%s\\n' ${values.map(fq).join(' ')}`;
  const options = new Map(
    [...data.options].map(([path, flags]) => [
      path,
      flags.map((option) => ({ name: option.flag, description: option.description })),
    ]),
  );
  return `# fish completion for ${name}. Save it as ~/.config/fish/completions/${name}.fish
${switchFn(`${fn}_commands`, grouped(data.commands, described))}
${switchFn(`${fn}_options`, grouped(options, described))}
${switchFn(`${fn}_valued`, data.valued.length > 0 ? [{ keys: data.valued, body: 'return 0' }] : [], 'return 1')}
${switchFn(`${fn}_values`, grouped(data.values, words))}
${switchFn(
  `${fn}_depends`,
  grouped(data.depends, (on) => `echo ${fq(on)}`),
)}
${switchFn(`${fn}_args`, grouped(data.args, words))}
function ${fn}_narrowed --argument-names cmdpath option
  # --subcategory after --category fee: fee's sub-categories.
  set -l depends (${fn}_depends $option)
  set -l given
  if test -n "$depends"
    set -l tokens (commandline -opc)
    for i in (seq 2 (count $tokens))
      if test "$tokens[$i]" = "$depends"; and test $i -lt (count $tokens)
        set given $tokens[(math $i + 1)]
      else if string match -q -- "$depends=*" $tokens[$i]
        set given (string replace -- "$depends=" '' $tokens[$i])
      end
    end
  end
  set -l values
  if test -n "$given"
    set values (${fn}_values "$cmdpath $option $given")
  end
  if test (count $values) -eq 0
    set values (${fn}_values "$cmdpath $option")
  end
  printf '%s\\n' $values
end
function ${fn}_complete
  set -l tokens (commandline -opc)
  set -l cur (commandline -ct)
  set -l cmdpath ''
  set -l nargs 0
  set -l i 2
  # The command the words so far lead to, skipping options and their values.
  while test $i -le (count $tokens)
    set -l word $tokens[$i]
    if string match -q -- '-*' $word
      if not string match -q -- '*=*' $word; and ${fn}_valued "$cmdpath $word"
        set i (math $i + 1)
      end
    else if test $nargs -eq 0; and contains -- $word (${fn}_commands "$cmdpath" | string replace -r '\\t.*' '')
      set cmdpath (string trim -- "$cmdpath $word")
    else
      set nargs (math $nargs + 1)
    end
    set i (math $i + 1)
  end
  set -l prev $tokens[-1]
  if string match -q -- '-*=*' $cur
    set -l option (string replace -r '=.*' '' -- $cur)
    for value in (${fn}_narrowed "$cmdpath" $option)
      echo "$option=$value"
    end
  else if test (count $tokens) -gt 1; and string match -q -- '-*' $prev; and not string match -q -- '*=*' $prev; and ${fn}_valued "$cmdpath $prev"
    set -l values (${fn}_narrowed "$cmdpath" $prev)
    if test (count $values) -gt 0
      printf '%s\\n' $values
    else
      __fish_complete_path $cur
    end
  else if string match -q -- '-*' $cur
    ${fn}_options "$cmdpath"
  else
    set -l commands (${fn}_commands "$cmdpath")
    set -l values (${fn}_args "$cmdpath $nargs")
    if test $nargs -eq 0; and test (count $commands) -gt 0
      printf '%s\\n' $commands
    else if test (count $values) -gt 0
      printf '%s\\n' $values
    else
      __fish_complete_path $cur
    end
  end
end
complete -c ${name} -f -a '(${fn}_complete)'
`;
}
