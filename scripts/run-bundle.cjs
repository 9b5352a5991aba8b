// What the code-cache scripts share: running the bundle in their own process, as bin/complaint does
// (one command, or several one after another), keeping the vm.Script that the bundle's loader
// compiles for a file of its own (the chart library, the PostgreSQL store), to take that file's cache
// from, and a warm-up database for the reports.
'use strict';
const { execFileSync } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

/** The bundle compiled as bin/complaint compiles it. */
function bundleScript(bundle) {
  return new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle });
}

/** Runs the compiled bundle as the program, with process.argv as it finds it. */
function runBundle(bundle, script = bundleScript(bundle)) {
  const bundleModule = { exports: {} };
  script
    .runInThisContext()
    .call(
      bundleModule.exports,
      bundleModule.exports,
      Module.createRequire(bundle),
      bundleModule,
      bundle,
      dirname(bundle),
    );
}

/**
 * Runs the compiled bundle once for each command line of `commands` (the arguments after the
 * program's name), one after another in this process, so that a cache taken at the end holds what
 * all of them compiled. The next starts when the one before has left nothing to do; each run
 * evaluates the bundle anew, as a new process would. (The cache is taken in an 'exit' listener.)
 */
function runCommands(bundle, script, commands) {
  // The program ends itself once a command is over (src/main.ts): here that only records the code.
  process.exit = (code) => {
    process.exitCode = code;
  };
  let next = 0;
  const runNext = () => {
    process.argv = [process.argv[0], bundle, ...commands[next++]];
    runBundle(bundle, script);
  };
  process.on('beforeExit', () => {
    // Work of its own keeps the loop going: without it, Node exits after this event.
    if (next < commands.length && !process.exitCode) setImmediate(runNext);
  });
  runNext();
}

/**
 * A ledger of two months (2025-10 and 2025-11) with something for every section of a report and
 * every chart of its page: categories and sub-categories, channels, clerks, replies on time and late,
 * causes, a closed complaint rated, an escalation, a repeat complaint, buildings in their usual forms,
 * locations, and complaints still unanswered (overdue now), imported by the program (bin/complaint)
 * into a database in `folder`; its path.
 */
function warmUpDatabase(folder) {
  const header =
    '受理时间,渠道,类别,子类,业主,房号,电话,投诉内容,地点,回复时间,处理结果,原因,受理人,满意度,结案时间,上报部门,上报时间,承诺期限,二次投诉';
  const rows = [
    '2025-10-09 09:00,电话,设备设施,运行故障,王先生,3-2-1201,13800000001,电梯停运,电梯厅,2025-10-09 15:00,已修复,服务设备,客服甲,非常满意,2025-10-12 10:00,,,,0',
    '2025-10-20 14:00,网络,突发事件,漏水,赵女士,3-2-1201,13800000004,楼上漏水,楼道,2025-10-27 09:00,已联系楼上,非我方责任,客服乙,一般,,,,,1',
    '2025-11-03 09:00,电话,设备设施,运行故障,王先生,3-2-1201,13800000001,电梯又停运,电梯厅,2025-11-03 15:00,已修复,服务设备,客服甲,,,,,,1',
    '2025-11-04 10:00,来访,管理服务,态度,李女士,5栋1单元302,13800000002,保安态度差,门岗,2025-11-10 10:00,已道歉,服务态度,客服乙,不满,2025-11-12 10:00,,,,0',
    '2025-11-05 11:00,来函,收费,分摊费,张先生,7号楼501,13800000003,公摊电费偏高,,,,,客服甲,,,,,,0',
    '2025-11-06 16:00,电话,管理服务,安全,陈先生,9-1-101,13800000005,车库门未关,地下车库,,,,客服丙,,,工程部,2025-11-07 09:00,2025-11-20 18:00,0',
    '2025-11-18 08:30,网络,设备设施,设计/质量缺陷,周女士,12栋3单元1502,13800000006,外墙渗水,外墙,,,,客服丙,,,,,,0',
  ];
  const ledger = join(folder, 'warm-up.csv');
  const db = join(folder, 'warm-up.db');
  writeFileSync(ledger, [header, ...rows, ''].join('\n'));
  execFileSync(
    process.execPath,
    [join(__dirname, '..', 'bin', 'complaint'), '--db', db, 'import', ledger, '--commit'],
    {
      stdio: 'ignore',
    },
  );
  return db;
}

/** From now on, keeps the Script compiled for `library`: call the result for it (undefined until then). */
function keepScriptOf(library) {
  let compiled;
  const { Script } = vm;
  vm.Script = new Proxy(Script, {
    construct(target, args) {
      const script = Reflect.construct(target, args);
      if (args[1]?.filename === library) compiled = script;
      return script;
    },
  });
  return () => compiled;
}

module.exports = { bundleScript, runBundle, runCommands, keepScriptOf, warmUpDatabase };
