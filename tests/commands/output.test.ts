// Long output written in pieces, and stopped when its reader goes away (`complaint list | head`).
import { describe, expect, it } from 'vitest';
import { ChunkedOutput } from '../../src/ui/chunked-output.js';
import { printJsonArray } from '../../src/ui/json.js';

describe('chunked output', () => {
  it('writes few big pieces that add up to everything', () => {
    const pieces: string[] = [];
    const output = new ChunkedOutput((text) => pieces.push(text));
    const lines = Array.from({ length: 20_000 }, (_, index) => `line ${index}\n`);
    for (const line of lines) expect(output.write(line)).toBe(true);
    output.end();
    expect(pieces.join('')).toBe(lines.join(''));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.length).toBeLessThan(10);
  });

  it('stops reading the rows once the reader has gone', async () => {
    let gone = false;
    const output = new ChunkedOutput(
      () => (gone = true),
      () => gone,
    );
    let read = 0;
    // Pages of ten, as a store gives them.
    async function* rows(): AsyncGenerator<number[]> {
      for (let index = 0; index < 1_000_000; index += 10) {
        read += 10;
        yield Array.from({ length: 10 }, (_, offset) => index + offset);
      }
    }
    await printJsonArray(output, rows(), (index) => ({ index, text: 'x'.repeat(100) }));
    expect(read).toBeLessThan(1_000);
  });

  it('lays out an array as JSON.stringify does, empty or not, whatever its pages', async () => {
    for (const items of [[], [1], [{ a: [1, { b: 'c\nd' }] }, null, 'e']] as unknown[][]) {
      async function* pages(size: number): AsyncGenerator<unknown[]> {
        for (let index = 0; index < items.length; index += size) yield items.slice(index, index + size);
      }
      for (const size of [1, 2, 10]) {
        const pieces: string[] = [];
        await printJsonArray(new ChunkedOutput((text) => pieces.push(text)), pages(size), (item) => item);
        expect(pieces.join('')).toBe(JSON.stringify(items, null, 2) + '\n');
      }
    }
  });
});
