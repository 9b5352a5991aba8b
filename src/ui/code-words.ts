// The words on the screen accepted as input: a code-valued flag takes the code (`--channel phone`)
// or any label the interface shows for it, in either language (`--channel 电话`, `--status 已存档`),
// and the synonyms an import reads — the same vocabulary as `import` (ui/ledger-words.ts).
import { wordKey } from '../domain/ledger.js';
import { ledgerVocabulary } from './ledger-words.js';

export type CodeKind = 'channel' | 'category' | 'subcategory' | 'status' | 'cause' | 'satisfaction' | 'method';

/**
 * The code a flag's value names, or the value as it is (for the domain's parser to accept or
 * refuse). A value that already looks like a code is returned without building the vocabulary:
 * scripts pay nothing at start-up for the clerk's convenience.
 */
export function codeOf(kind: CodeKind, value: string): string;
export function codeOf(kind: CodeKind, value: string | undefined): string | undefined;
export function codeOf(kind: CodeKind, value: string | undefined): string | undefined {
  if (value === undefined || /^\s*[a-z-]*\s*$/.test(value)) return value;
  const code = ledgerVocabulary()[kind].get(wordKey(value));
  return code ?? value;
}

/** The accepted word nearest to `value` (a typo: at most a third of its letters wrong), or undefined. */
export function nearest(value: string, accepted: readonly string[]): string | undefined {
  const typed = value.trim().toLowerCase();
  if (typed === '' || typed.length > 64) return undefined;
  let best: { word: string; distance: number } | undefined;
  for (const word of accepted) {
    const distance = editDistance(typed, word.toLowerCase());
    if (distance > 0 && (best === undefined || distance < best.distance)) best = { word, distance };
  }
  return best !== undefined && best.distance <= Math.max(1, Math.floor(best.word.length / 3)) ? best.word : undefined;
}

/** Levenshtein distance, a transposition counting as one (servcie → service). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
