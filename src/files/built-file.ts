// Runs a file the build made on its own beside the bundle (dist/charts.cjs, dist/postgres.cjs: see
// scripts/build.mjs), so that a command that does not need it neither reads nor compiles it. It runs
// with V8's code cache the way bin/complaint runs the bundle: a missing or stale cache only makes the
// start slower. Used by the bundle's loaders, src/ui/chart-library-bundled.ts and
// src/store/postgres/store-bundled.ts.
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** The exports of `name`, run with the cache `cacheName`; both beside the bundle. */
export function runBuiltFile<Exports>(name: string, cacheName: string): Exports {
  // import.meta.url is the bundle's own address (the build defines it so): the file is beside it.
  const file = fileURLToPath(new URL(name, import.meta.url));
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(fileURLToPath(new URL(cacheName, import.meta.url)));
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const built = { exports: {} as Exports };
  (script.runInThisContext() as (...args: unknown[]) => void).call(
    built.exports,
    built.exports,
    createRequire(file),
    built,
    file,
    dirname(file),
  );
  return built.exports;
}
