// Bundles the CLI into one CommonJS file, dist/complaint.cjs: one file starts faster than
// hundreds of modules, and CommonJS skips the ESM loader's own start-up (~4 ms on Node 20).
// better-sqlite3's JavaScript is bundled too (its native addon is loaded by path, see src/store/sqlite/open.ts);
// the prompt library is left outside, loaded only when a question is asked. bin/ holds a package.json of type commonjs so bin/complaint can require it.
// `--bench` also bundles bench/bench.ts into dist/bench.cjs.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';

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

// string-width makes its grapheme segmenter when loaded, and an Intl.Segmenter's first construction
// loads ICU's break rules: 9–18 ms, a third of what the bundle adds to Node's own start-up, for every
// command. src/ui/table.ts measures plain text without it, so most commands never segment: the
// bundle makes the segmenter on first use instead.
const lazyGraphemeSegmenter = {
  name: 'lazy-grapheme-segmenter',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const made = 'const segmenter = new Intl.Segmenter();';
      const used = 'segmenter.segment(';
      if (!source.includes(made) || source.split(used).length !== 2)
        throw new Error(`${args.path} no longer has "${made}" used once as "${used}": see scripts/build.mjs`);
      return {
        contents: source.replace(made, 'let segmenter;').replace(used, '(segmenter ??= new Intl.Segmenter()).segment('),
        loader: 'js',
      };
    });
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
// In the bundle, connect.ts's ./client.js (where pg is imported) is taken from dist/postgres.cjs too.
const postgresClientLoader = {
  name: 'postgres-client-loader',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/client\.js$/ }, (args) =>
      /[\\/]src[\\/]store[\\/]postgres[\\/]connect\.ts$/.test(args.importer)
        ? { path: new URL('../src/store/postgres/store-bundled.ts', import.meta.url).pathname }
        : undefined,
    );
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

// pg, bundled into dist/postgres.cjs, without what a Node program that makes one connection never
// uses: the native binding (pg-native, an optional package), the pool, and the Cloudflare Workers
// socket, whose check for a Worker builds a fetch Response on Node 20 and so loads Node's fetch
// implementation (undici) at every start. Its SCRAM exchange computes with node:crypto rather than
// WebCrypto, whose loading costs more than the exchange (src/store/postgres/pg-crypto.ts).
const pgClientOnly = {
  name: 'pg-client-only',
  setup(builder) {
    const inPg = /[\\/]node_modules[\\/]pg[\\/]lib[\\/]/;
    const left = (what) => `throw new Error(${JSON.stringify(`${what} is not part of this build`)});`;
    builder.onResolve({ filter: /^(pg-native|pg-cloudflare|pg-pool)$/ }, (args) => ({
      path: args.path,
      namespace: 'pg-left-out',
    }));
    builder.onResolve({ filter: /^\.\/native$/ }, (args) =>
      inPg.test(args.importer) ? { path: 'pg-native', namespace: 'pg-left-out' } : undefined,
    );
    // (pg's index.js extends the pool's class when loaded: a class it is, and it refuses to be made.)
    builder.onLoad({ filter: /.*/, namespace: 'pg-left-out' }, (args) => ({
      contents:
        args.path === 'pg-pool'
          ? `module.exports = class Pool { constructor() { ${left('pg-pool')} } };`
          : left(args.path),
      loader: 'js',
    }));
    builder.onResolve({ filter: /^\.\/(crypto\/)?utils$/ }, (args) =>
      inPg.test(args.importer) && (args.path === './crypto/utils' || /[\\/]crypto[\\/][^\\/]+$/.test(args.importer))
        ? { path: new URL('../src/store/postgres/pg-crypto.ts', import.meta.url).pathname }
        : undefined,
    );
    builder.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const check = 'if (isCloudflareRuntime()) {';
      if (!source.includes(check)) throw new Error(`${args.path} no longer has "${check}": see scripts/build.mjs`);
      return { contents: source.replace(check, 'if (false) {'), loader: 'js' };
    });
  },
};

/**
 * Rewrites a bundle as ASCII. esbuild escapes the Chinese of strings and templates as \uXXXX but
 * leaves it as it is in regular expressions (a unit's 号楼, a date's 年月日), and one such character
 * makes V8 hold the whole file as a string of two-byte characters: decoding dist/complaint.cjs's
 * 780 KB of UTF-8 into one took 15M instructions at every start (callgrind), and lazily compiled
 * functions are scanned from it. In a regular expression, with or without the u flag, \uXXXX means
 * its character (an astral one is two such escapes, a surrogate pair, which is what it is without
 * the flag and what the flag reads them as); a backslash before a non-ASCII character only said "this
 * character" and is dropped with it. The file is then checked to be ASCII.
 */
async function asciiOnly(file) {
  const text = await readFile(file, 'utf8');
  const ascii = text.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, character) => {
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    return `${kept}\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  if (!/^[\x00-\x7f]*$/.test(ascii)) throw new Error(`${file} is not ASCII after escaping`);
  if (ascii !== text) await writeFile(file, ascii);
}

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
  plugins: [
    rawText,
    lazyChildProcess,
    chalkWithoutDetection,
    lazyGraphemeSegmenter,
    chartLibraryLoader,
    postgresStoreLoader,
    postgresClientLoader,
  ],
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
// The PostgreSQL store and its client library (pg).
await build({
  ...options,
  entryPoints: ['src/store/postgres/store.ts'],
  outfile: 'dist/postgres.cjs',
  external: [],
  plugins: [rawText, lentErrors, pgClientOnly],
});
// Each file the program loads, ASCII alone (see asciiOnly).
for (const file of ['dist/complaint.cjs', 'dist/charts.cjs', 'dist/postgres.cjs']) await asciiOnly(file);
// The warm-ups' own words (the notice of the database they create) are shown only when they fail.
for (const warmUp of [
  'scripts/code-cache.cjs',
  'scripts/report-cache.cjs',
  'scripts/charts-cache.cjs',
  'scripts/postgres-cache.cjs',
])
  try {
    execFileSync(process.execPath, [warmUp], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    process.stderr.write(error.stderr ?? '');
    throw error;
  }
if (process.argv.includes('--bench'))
  await build({ ...options, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.cjs' });
