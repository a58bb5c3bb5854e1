import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

type Tree = { [key: string]: string | Tree };
const load = (lang: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'web', 'locales', `${lang}.json`), 'utf8')) as Tree;

/** Key path → the {{placeholders}} its texts use; plural forms folded into one key (English has one/other, Arabic zero…other). */
function texts(tree: Tree, prefix = '', out = new Map<string, Set<string>>()) {
  for (const [k, v] of Object.entries(tree)) {
    const path = `${prefix}${k}`;
    if (typeof v !== 'string') {
      texts(v, `${path}.`, out);
      continue;
    }
    const key = path.replace(/_(zero|one|two|few|many|other)$/, '');
    const names = out.get(key) ?? new Set<string>();
    for (const m of v.matchAll(/\{\{(\w+)\}\}/g)) names.add(m[1]!);
    out.set(key, names);
  }
  return out;
}

/**
 * Where Arabic words a count differently on purpose: its totals use the bare numbers (nLines,
 * nDocuments) in a sentence of their own, since the noun's form depends on the number, so the
 * English "N lines" / "N documents" pieces have no Arabic counterpart.
 */
const arabicOwnWording = new Set(['search.lines', 'search.documents', 'search.totals', 'search.totalsAtLeast']);

describe('UI texts', () => {
  const en = texts(load('en'));
  const ar = texts(load('ar'));

  it('has every English text in Arabic, and no Arabic text without an English one', () => {
    expect([...en.keys()].filter((k) => !ar.has(k) && !arabicOwnWording.has(k))).toEqual([]);
    // Server error codes are translated for Arabic only: English shows the server's own message.
    expect([...ar.keys()].filter((k) => !en.has(k) && !k.startsWith('apiErrors.'))).toEqual([]);
  });

  it('fills the same {{placeholders}} in both languages', () => {
    const differ = [...en]
      .filter(([k]) => ar.has(k) && !arabicOwnWording.has(k))
      .filter(([k, names]) => [...names].sort().join() !== [...ar.get(k)!].sort().join())
      .map(([k, names]) => `${k}: en {${[...names]}} ar {${[...ar.get(k)!]}}`);
    expect(differ).toEqual([]);
  });
});
