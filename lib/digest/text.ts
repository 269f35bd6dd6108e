import { texToText } from './tex';
/** Small text helpers shared by the digest formats. */

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const CJK_G = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

export function cjkCount(text: string): number {
  return text.match(CJK_G)?.length ?? 0;
}

/**
 * Folds the line breaks and runs of spaces that wrapping leaves: a break between two Chinese
 * characters disappears, any other becomes one space.
 */
export function normalizeSpace(text: string): string {
  return text
    .replace(/([\u3000-\u303f\u3400-\u9fff\uff00-\uffef])[ \t]*\r?\n[ \t]*(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `Title.` → `Title` (cn-chat-arxiv appends a period to English titles). */
export function tidyTitle(text: string): string {
  return normalizeSpace(text).replace(/(?<![.\s])[.。]$/, '').trim();
}

/** Inline TeX as readable text (lib/digest/tex.ts): `$\sim$` → `∼`, `na\"ive` → `naive`. */
export function untex(text: string): string {
  return texToText(text);
}
