// What the bundle (dist/complaint.cjs) holds in place of ./chart-library.js (see scripts/build.mjs):
// a loader of dist/charts.cjs, the chart library built on its own, run with V8's code cache
// (dist/charts.cache) the way bin/complaint runs the bundle, so that report --html neither compiles
// the library's ~300 KB nor makes any other command load it. A missing or stale cache only makes
// the page slower to draw.
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type * as ChartLibrary from './chart-library.js';

function load(): typeof ChartLibrary {
  // import.meta.url is the bundle's own address (the build defines it so): the library is beside it.
  const file = fileURLToPath(new URL('charts.cjs', import.meta.url));
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(fileURLToPath(new URL('charts.cache', import.meta.url)));
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const library = { exports: {} as typeof ChartLibrary };
  (script.runInThisContext() as (...args: unknown[]) => void).call(
    library.exports,
    library.exports,
    createRequire(file),
    library,
    file,
    dirname(file),
  );
  return library.exports;
}

export const { init } = load();
