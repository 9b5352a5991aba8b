// Bundles the CLI into one CommonJS file, dist/complaint.cjs: one file starts faster than
// hundreds of modules, and CommonJS skips the ESM loader's own start-up (~4 ms on Node 20).
// better-sqlite3's JavaScript is bundled too (its native addon is loaded by path, see src/store/sqlite/open.ts);
// the prompt library is left outside, loaded only when a question is asked. bin/ holds a package.json of type commonjs so bin/complaint can require it.
// `--bench` also bundles bench/bench.ts into dist/bench.cjs.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';

const rawText = {
  name: 'raw-text',
  setup(builder) {
    // `import sql from '…/001_init.sql?raw'` — the same form Vite/Vitest read in tests.
    builder.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: new URL(args.path.replace(/\?raw$/, ''), `file://${args.resolveDir}/`).pathname,
      namespace: 'raw',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

// commander requires child_process for executable subcommands, which this CLI has none of;
// loading it (and dgram, net…) eagerly costs ~2 ms of every start. Load it on first use instead.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(builder) {
    builder.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents:
        "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

// chalk detects colour support when loaded, which loads tty (and with it net and stream). This CLI
// always tells chalk its level (src/cli/io.ts decides), so it gets chalk's detection-free variant.
const chalkWithoutDetection = {
  name: 'chalk-without-detection',
  setup(builder) {
    builder.onResolve({ filter: /^#supports-color$/ }, (args) => ({
      path: new URL('./vendor/supports-color/browser.js', `file://${args.importer}`).pathname,
    }));
  },
};

// The chart library is a file of its own (dist/charts.cjs), loaded by report --html alone: in the
// bundle, ./chart-library.js is its loader (src/ui/chart-library-bundled.ts).
const chartLibraryLoader = {
  name: 'chart-library-loader',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/chart-library\.js$/ }, (args) => ({
      path: new URL('./chart-library-bundled.ts', `file://${args.importer}`).pathname,
    }));
  },
};

// The PostgreSQL store is a file of its own (dist/postgres.cjs), loaded for a postgres:// database
// alone: in the bundle, ./store/postgres/store.js is its loader (src/store/postgres/store-bundled.ts);
// in the store's own file, the error classes are the bundle's (src/store/postgres/lent-errors.ts).
const postgresStoreLoader = {
  name: 'postgres-store-loader',
  setup(builder) {
    builder.onResolve({ filter: /^(\.\.?\/)+store\/postgres\/store\.js$/ }, () => ({
      path: new URL('../src/store/postgres/store-bundled.ts', import.meta.url).pathname,
    }));
  },
};
const lentErrors = {
  name: 'lent-errors',
  setup(builder) {
    builder.onResolve({ filter: /\/domain\/errors\.js$/ }, () => ({
      path: new URL('../src/store/postgres/lent-errors.ts', import.meta.url).pathname,
    }));
  },
};

const options = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Loaded only by the commands that need them (questions; Excel files; a progress bar, once one is
  // due; the charts of report --html; the PostgreSQL client, for a postgres:// database only). The
  // small CSV parser is bundled but initialised only on first import() (a Script run from a code
  // cache cannot import()).
  external: ['@inquirer/prompts', 'exceljs', 'cli-progress', 'echarts', 'pg'],
  plugins: [rawText, lazyChildProcess, chalkWithoutDetection, chartLibraryLoader, postgresStoreLoader],
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: 'none',
  logLevel: 'warning',
  minifySyntax: true,
  minifyWhitespace: true,
};

await rm('dist', { recursive: true, force: true });
await build({ ...options, entryPoints: ['src/main.ts'], outfile: 'dist/complaint.cjs' });
// ECharts' own modules, with its development-only checks and warnings left out as in its prebuilt files.
await build({
  ...options,
  entryPoints: ['src/ui/chart-library.ts'],
  outfile: 'dist/charts.cjs',
  external: [],
  define: { ...options.define, 'process.env.NODE_ENV': '"production"' },
  minifyIdentifiers: true,
});
// The PostgreSQL store, with the client library (pg) still left to load from node_modules.
await build({
  ...options,
  entryPoints: ['src/store/postgres/store.ts'],
  outfile: 'dist/postgres.cjs',
  external: ['pg'],
  plugins: [rawText, lentErrors],
});
// The warm-ups' own words (the notice of the database they create) are shown only when they fail.
for (const warmUp of ['scripts/code-cache.cjs', 'scripts/charts-cache.cjs'])
  try {
    execFileSync(process.execPath, [warmUp], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    process.stderr.write(error.stderr ?? '');
    throw error;
  }
if (process.argv.includes('--bench'))
  await build({ ...options, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.cjs' });
