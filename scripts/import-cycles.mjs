// Import circles in the source: files that import each other, directly or round a loop. Read from
// esbuild's metafile of the bundle (the imports the program really makes; type-only imports are
// erased by then). `node scripts/import-cycles.mjs` prints each circle and exits 1 if there is one;
// tests/commands/import-cycles.test.ts runs the same check in `npm test`.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** The source files of an entry point and what each imports (node_modules and raw text left out). */
export async function importGraph(entry) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    packages: 'external',
    plugins: [
      { name: 'raw', setup: (b) => b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: args.path, external: true })) },
    ],
  });
  const graph = new Map();
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    if (file.includes('node_modules')) continue;
    graph.set(
      file,
      input.imports
        .filter((target) => !target.external && !target.path.includes('node_modules'))
        .map((target) => target.path),
    );
  }
  return graph;
}

/** Every circle of the graph once, each as the files in it (Tarjan's strongly connected components). */
export function circles(graph) {
  let index = 0;
  const order = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (file) => {
    order.set(file, index);
    low.set(file, index);
    index += 1;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file), low.get(next)));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file), order.get(next)));
    }
    if (low.get(file) !== order.get(file)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    const selfImport = (graph.get(file) ?? []).includes(file);
    if (component.length > 1 || selfImport) found.push(component.reverse());
  };
  for (const file of graph.keys()) if (!order.has(file)) visit(file);
  return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const found = circles(await importGraph(process.argv[2] ?? 'src/main.ts'));
  for (const circle of found) console.log(`import circle among: ${circle.join(', ')}`);
  process.exitCode = found.length > 0 ? 1 : 0;
}
