import type { KeyNumber } from '../lib/digest/types';

/**
 * Key numbers as chips; each reveals the sentence it came from on hover and on keyboard focus,
 * because numbers in machine-made summaries are what readers check.
 */
export function KeyNumberChips({ numbers, idPrefix }: { numbers: KeyNumber[]; idPrefix: string }) {
  // The same figure said twice (`70B 规模模型`) is one chip; both places stay marked.
  const seen = new Set<string>();
  const chips = numbers.filter((k) => !seen.has(`${k.text}\n${k.label}`) && !!seen.add(`${k.text}\n${k.label}`));
  if (!chips.length) return null;
  return (
    <ul class="chips" aria-label="关键数字">
      {chips.map((k, i) => (
        <li key={`${k.start}`}>
          <button type="button" class="chip" aria-describedby={`${idPrefix}-src-${i}`}>
            <span class="chip-value">{k.text}</span>
            {k.label && <span class="chip-label">{k.label}</span>}
          </button>
          <span role="tooltip" id={`${idPrefix}-src-${i}`} class="chip-source" lang="zh-CN">
            {k.sentence}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The summary's paragraphs with each key number marked where it stands. Text only. */
export function HighlightedSummary({ text, numbers, marks }: { text: string; numbers: KeyNumber[]; marks: boolean }) {
  const paragraphs: Array<Array<string | KeyNumber>> = [[]];
  let at = 0;
  const push = (chunk: string) => {
    const parts = chunk.split(/\n\s*\n/);
    parts.forEach((p, i) => {
      if (i > 0) paragraphs.push([]);
      if (p) paragraphs[paragraphs.length - 1].push(p);
    });
  };
  for (const k of marks ? numbers : []) {
    push(text.slice(at, k.start));
    paragraphs[paragraphs.length - 1].push(k);
    at = k.end;
  }
  push(text.slice(at));
  return (
    <div class="summary" lang="zh-CN">
      {paragraphs.map((p, i) => (
        <p key={i}>{p.map((part) => (typeof part === 'string' ? part : <mark title={part.sentence}>{part.text}</mark>))}</p>
      ))}
    </div>
  );
}
