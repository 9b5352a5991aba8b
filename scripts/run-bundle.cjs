// What the code-cache scripts share: running the bundle in their own process, as bin/complaint does,
// and keeping the vm.Script that the bundle's loader compiles for a file of its own (the chart
// library, the PostgreSQL store), to take that file's cache from.
'use strict';
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
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

module.exports = { bundleScript, runBundle, keepScriptOf };
