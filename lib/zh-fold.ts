/**
 * Search folds case and script: a query in 繁體 finds entries stored in 简体 and the other way
 * round, because both sides are folded to one form before they are compared or indexed. The
 * fold is OpenCC's own character tables (Traditional → Simplified, after the Taiwan and Hong
 * Kong variants → OpenCC's standard Traditional), one character for one character. That is not
 * a conversion for reading (phrases, regional words: components/zh-script.ts does that, with the
 * full tables, for display), but for matching it is what is needed: 記憶體 and 记忆体 fold alike,
 * and so do 裡 / 裏 / 里. The tables are ~30 KB (22 KB gzip in the worker); the lookup table is built on first use.
 */
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';

/** Simplified for each UTF-16 unit, 0 where it stays (a table: faster than a Map per character). */
let folds: Uint16Array | undefined;

/** `source target|…` entries of one BMP character each (the first target when there are several). */
function load(map: Map<number, number>, dict: string, through?: Map<number, number>): void {
  for (const pair of dict.split('|')) {
    const [from, to] = pair.split(' ');
    if (!from || !to || from.length !== 1 || to.length !== 1) continue;
    const a = from.charCodeAt(0);
    const b = to.charCodeAt(0);
    map.set(a, through?.get(b) ?? b);
  }
}

function foldTable(): Uint16Array {
  if (folds) return folds;
  const ts = new Map<number, number>();
  load(ts, TSCharacters);
  const map = new Map(ts);
  // A regional variant goes to OpenCC's standard form first, then to Simplified.
  load(map, TWVariantsRev, ts);
  load(map, HKVariantsRev, ts);
  folds = new Uint16Array(65536);
  for (const [a, b] of map) folds[a] = b;
  return folds;
}

/** The table itself, for callers that fold char codes of text already lower-cased (the search index). */
export function foldUnits(): Uint16Array {
  return foldTable();
}

/** Lower case, and every character OpenCC maps from Traditional to Simplified mapped. */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  const table = foldTable();
  let out = '';
  let from = 0;
  for (let i = 0; i < lower.length; i++) {
    const to = table[lower.charCodeAt(i)];
    if (to === 0) continue;
    out += lower.slice(from, i) + String.fromCharCode(to);
    from = i + 1;
  }
  return from === 0 ? lower : out + lower.slice(from);
}
