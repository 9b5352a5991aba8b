// No module of src/ imports one that imports it back (CONVENTIONS 11): checked on the real import
// graph the bundler sees, and the check itself on a small fixture with a circle.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain script of the build, without types
import { circles, importGraph } from '../../scripts/import-cycles.mjs';

const root = join(import.meta.dirname, '..', '..');
type Graph = Map<string, string[]>;
const find = async (entry: string): Promise<string[][]> =>
  (circles as (graph: Graph) => string[][])(await (importGraph as (entry: string) => Promise<Graph>)(entry));

describe('import circles', () => {
  it('src/ has none', async () => {
    expect(await find(join(root, 'src', 'main.ts'))).toEqual([]);
  });

  it('are found, whole, where there is one', async () => {
    const found = await find(join(root, 'tests', 'fixtures', 'cycle', 'main.ts'));
    expect(found).toHaveLength(1);
    expect(found[0]!.map((file) => file.replace(/.*\//, '')).sort()).toEqual(['a.ts', 'b.ts', 'c.ts']);
  });
});
