/**
 * Key numbers: the quantities in a Chinese summary a reader wants at a glance (results,
 * efficiency, scale, durations), each with its unit, a label from its own clause and the
 * sentence it stands in. Digits that are part of a name (`GPT-4`, `Llama 2-70B`, `Emu3`), list
 * markers, years, dates, ids, versions and URLs are not key numbers (shared/docs/DIGEST.md).
 */
import type { KeyNumber } from './types';

const NUMBER = /([+＋±~～−-]?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)/g;

// Spans whose digits are never key numbers.
const MASKS = [
  /(?:https?:\/\/|www\.)[^\s，。；）)]+/gi, // URLs
  /arXiv:\s*\S+/gi,
  /(?<![\d.])\d{4}\.\d{4,5}(?:v\d+)?(?!\d)/g, // arXiv ids
  /[A-Za-z-]+\/\d{7}/g, // old-style ids
  /\d+\/\d+/g, // fractions and dates: 8/15, 10/01
  /\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]?(?:\s*\d{1,2}\s*日?)?/g, // dates
  /\d{1,2}\s*月\s*\d{1,2}\s*日/g,
  /\d+(?:\.\d+){2,}/g, // version-like 1.2.3
];

/** Units, longest first; a Latin unit must not run on into a word. */
const UNIT = new RegExp(
  '^(?:' +
    [
      '个百分点', '百分点', '%', '％', '倍', '×',
      'GiB(?![A-Za-z])', 'MiB(?![A-Za-z])', 'GB(?![A-Za-z])', 'MB(?![A-Za-z])', 'TB(?![A-Za-z])', 'KB(?![A-Za-z])',
      'ms(?![A-Za-z])', 'FPS(?![A-Za-z])', 'fps(?![A-Za-z])', 'dB(?![A-Za-z])', 'GHz(?![A-Za-z])', 'Hz(?![A-Za-z])',
      'tokens?(?![A-Za-z])', 'pp(?![A-Za-z])', 'g/m³', 'm/s(?![A-Za-z])', 'km(?![A-Za-z])', 'kg(?![A-Za-z])', 'cm(?![A-Za-z])', 'mm(?![A-Za-z])',
      'TFLOPS(?![A-Za-z])', 'FLOPs(?![A-Za-z])', 'kW(?![A-Za-z])', 'MHz(?![A-Za-z])', 'kHz(?![A-Za-z])',
      'x(?![A-Za-z\\d])', 'B(?![A-Za-z])', 'M(?![A-Za-z])', 'K(?![A-Za-z])', 'k(?![A-Za-z])', 'T(?![A-Za-z])',
      's(?![A-Za-z])', 'h(?![A-Za-z])',
      '毫秒', '秒', '分钟', '小时', '天', '周', '个月',
      '百万', '千万', '亿', '万', '千',
      '分(?![钟类析布别支割辨解数享配子散])', '点(?![云击])',
    ].join('|') +
    ')',
);
// Latin units are written either touching the number or after one space; CJK ones likewise.
const UNIT_GAP = /^[ \u00a0]?/;

/** Measure words that make a bare number a count (`1,400 个人工标注提示`). */
const CLASSIFIER = /^[ \u00a0]?(?:多|余)?(?:个|项|种|名|条|张|篇|份|次|轮|步|层|类|组|位|款|部|段|对|帧|幅|道|套|家|门|台|例|句|词|块|首|场|件|字|维|种|题|人)/;

/** Words before a bare number that mark it as a result: `平均增益为 27.97`. */
const RESULT_CUE = /(?:为|达到|达|提高了?|提升了?|降低了?|减少了?|增加了?|超过|高出|低于|高于|至|到|仅需|得分|分数|准确率|精度|仅)\s*$/;

const CLAUSE_DELIM = /[，,。！？!?；;：:\n、（）()]/;
const SENTENCE_END = /[。！？!?；;\n]/;

function isLatin(ch: string | undefined): boolean {
  return !!ch && /[A-Za-z]/.test(ch);
}
function isAlnum(ch: string | undefined): boolean {
  return !!ch && /[A-Za-z0-9]/.test(ch);
}

/**
 * Whether [s, e) overlaps a masked range, in log time: ranges sorted by start, with the furthest
 * end reached so far, so a summary with many names and numbers stays linear.
 */
function maskTest(ranges: Array<[number, number]>): (s: number, e: number) => boolean {
  ranges.sort((a, b) => a[0] - b[0]);
  const reach: number[] = [];
  ranges.forEach(([, end], i) => reach.push(Math.max(end, i ? reach[i - 1] : -1)));
  return (s, e) => {
    // The last range that starts before e.
    let lo = 0;
    let hi = ranges.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid][0] < e) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return last >= 0 && reach[last] > s;
  };
}

function maskedRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const re of MASKS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** Digits that belong to a name: `GPT-4`, `LLaVA-1.6`, `MM1.5`, `Emu3`, `Llama 2-70B`, `pass@1`. */
function isPartOfName(text: string, sign: string, start: number, end: number): boolean {
  const numStart = start + sign.length;
  const before = text[numStart - 1];
  const before2 = text[numStart - 2];
  if (isLatin(before) || before === '@' || before === '_') return true;
  if ((before === '-' || before === '.' || before === '−') && isAlnum(before2)) return true;
  const after = text[end];
  const after2 = text[end + 1];
  if ((after === '-' || after === '.') && isAlnum(after2)) return true;
  // `Llama 2` / `GPT 4` — a Latin word, one space, a small integer with nothing after it.
  if (before === ' ' && isLatin(before2) && /^\d{1,2}$/.test(text.slice(numStart, end)) && !UNIT.test(text.slice(end, end + 24).replace(UNIT_GAP, ''))) {
    return !CLASSIFIER.test(text.slice(end, end + 24));
  }
  return false;
}

function isListMarker(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 2), start).trimStart();
  const after = text[end];
  if (/[(（]$/.test(before) && (after === ')' || after === '）')) return true;
  // "1. " / "2、" at the start of a line
  // Only blanks back to the start of the line (scanned back over blanks only: bounded).
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return (i < 0 || text[i] === '\n') && /^[.、)）]/.test(text.slice(end, end + 1));
}

function isYearOrDate(text: string, value: string, end: number, start: number): boolean {
  const after = text.slice(end, end + 4).replace(UNIT_GAP, '');
  if (/^(?:年|月|日|号)/.test(after)) return true;
  if (/月\s*$/.test(text.slice(Math.max(0, start - 2), start))) return true;
  if (/^(19|20)\d\d$/.test(value) && !CLASSIFIER.test(text.slice(end, end + 24))) return true;
  return false;
}

/**
 * How far a clause or a sentence is looked for around a number: a label comes from a few words,
 * and without a bound one endless sentence of numbers costs its length for every number.
 */
const CLAUSE_REACH = 120;
const SENTENCE_REACH = 300;

function clauseBounds(text: string, start: number, end: number): [number, number] {
  let s = start;
  const sMin = Math.max(0, start - CLAUSE_REACH);
  while (s > sMin && !CLAUSE_DELIM.test(text[s - 1])) s--;
  let e = end;
  const eMax = Math.min(text.length, end + CLAUSE_REACH);
  while (e < eMax && !CLAUSE_DELIM.test(text[e])) e++;
  return [s, e];
}

function sentenceBounds(text: string, start: number): [number, number] {
  let s = start;
  const sMin = Math.max(0, start - SENTENCE_REACH);
  while (s > sMin && !SENTENCE_END.test(text[s - 1])) s--;
  let e = start;
  const eMax = Math.min(text.length, start + SENTENCE_REACH);
  while (e < eMax && !SENTENCE_END.test(text[e])) e++;
  if (e < text.length && text[e] !== '\n') e++; // keep the full stop
  return [s, e];
}

const LEADING = /^(?:\s|而且|而|并且|并|且|同时|此外|另外|其中|分别|使得|使|将|它将|它|其|我们的|我们|该方法|该模型|最终|最后|总体而言|具体而言|具体来说|结果显示|实验表明|通过|即使|即|在|仅|从|和|与|到|至)+/;
const TRAILING = /(?:\s|为|是|了|达到|达|约|至|到|仅需|仅|只需|高达|从|的|比|较|在|：|:|平均为)+$/;
const BARE_VERB = /^(?:提高|提升|降低|减少|增加|下降|上升|增长|和|与|或|及|到|至|分别)?$/;
const MAX_LABEL = 28;

function tidyLabel(raw: string): string {
  let label = raw
    // `在 HumanEvalFix 中的修复成功率` → `HumanEvalFix 修复成功率`; a long place phrase goes.
    .replace(/(^|\s)在\s*(.+?)\s*[中上里]的?\s*/, (_, pre: string, place: string) => (place.length > 14 || /\d/.test(place) ? pre : `${pre}${place} `))
    .replace(/相较于|相比于|相比|与(?=.{1,20}相比)/g, '较')
    .replace(/\s*的\s*/g, ' ')
    .replace(/\$/g, '')
    .replace(/从\s*(?=提高|提升|降低|增加|减少|下降|上升)/g, '')
    .replace(/\s+/g, ' ');
  for (let i = 0; i < 3; i++) label = label.replace(TRAILING, '').replace(LEADING, '');
  label = label.trim();
  if (label.length > MAX_LABEL) {
    let cut = label.length - MAX_LABEL;
    while (cut < label.length && isLatin(label[cut]) && isLatin(label[cut - 1])) cut++; // not mid-word
    label = label.slice(cut);
  }
  return label.trim();
}

/** The noun a count or size qualifies: `1,400 个人工标注提示的` → `人工标注提示`. */
function nounAfter(rest: string): string {
  const m = /^[ \u00a0]?(?:多|余)?(?:个|项|种|名|条|张|篇|份|次|轮|步|层|类|组|位|款|部|段|对|帧|幅|道|套|家|门|台|例|句|词|块|首|场|件|字|维|题|人)?\s*([^，,。！？!?；;：:\n、（）()的即可并和与及等上中下到至\d]{1,12})/.exec(rest);
  if (!m) return '';
  const noun = m[1].trim();
  // A verb right after the number (`减少了`, `提高`) is not what it qualifies.
  if (/^(?:以上|以下|左右|提高|提升|降低|减少|增加|是|为|在|对|比|或)/.test(noun)) return '';
  return noun;
}

interface Candidate {
  start: number;
  end: number;
  unit: string;
  counted: boolean;
}

const SCALE_UNIT = /^(?:B|M|K|k|T|GB|MB|TB|KB|GiB|MiB|tokens?|秒|毫秒|分钟|小时|天|周|个月|s|ms|h|亿|万|千|百万|千万)$/;

/** Labels from each number's own clause; a bare range end borrows its neighbour's. */
function labels(text: string, found: Candidate[]): string[] {
  const out: string[] = [];
  found.forEach((k, i) => {
    const [cs, ce] = clauseBounds(text, k.start, k.end);
    const prev = i > 0 && found[i - 1].end > cs ? found[i - 1] : null;
    const next = found[i + 1] && found[i + 1].start < ce ? found[i + 1] : null;
    let label = '';
    if (k.counted || SCALE_UNIT.test(k.unit)) label = tidyLabel(nounAfter(text.slice(k.end, next ? next.start : ce)));
    if (!label) {
      const before = tidyLabel(text.slice(prev ? prev.end : cs, k.start));
      if (!BARE_VERB.test(before)) label = before;
    }
    if (!label && prev) label = out[i - 1];
    if (!label && cs > 0) {
      // `(1B 和 3B)`: the clause before the bracket says what they are.
      const [ps] = clauseBounds(text, cs - 1, cs - 1);
      label = tidyLabel(text.slice(ps, cs - 1));
    }
    out.push(label);
  });
  // A range's first end (`1B 到 30B`) takes the label its second end found.
  return out.map((l, i) => l || out[i + 1] || '');
}

/** Key numbers of a summary, in order; `summary.slice(k.start, k.end) === k.text`. */
export function extractKeyNumbers(summary: string): KeyNumber[] {
  const masked = maskTest(maskedRanges(summary));
  const candidates: Array<Candidate & { value: number }> = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(summary); m; m = NUMBER.exec(summary)) {
    let sign = m[1];
    const digits = m[2];
    let start = m.index;
    const numEnd = start + m[0].length;
    // A hyphen touching a word is part of a name, not a minus sign.
    const lastEnd = candidates.length ? candidates[candidates.length - 1].end : -1;
    const rangeEnd = /[-−~～]/.test(sign) && start === lastEnd;
    if (rangeEnd) {
      // The second end of a range: `1%-10%`, `3B-70B`.
      start += sign.length;
      sign = '';
    } else if (/[-−]/.test(sign) && isAlnum(summary[start - 1])) continue;
    if (sign === '~' || sign === '～' || sign === '±') {
      start += sign.length;
      sign = '';
    }
    const numStart = start + sign.length;
    if (masked(numStart, numEnd)) continue;
    if (!rangeEnd && isPartOfName(summary, sign, start, numEnd)) continue;
    if (isListMarker(summary, numStart, numEnd)) continue;
    if (/第\s*$/.test(summary.slice(Math.max(0, numStart - 2), numStart))) continue;
    if (isYearOrDate(summary, digits, numEnd, numStart)) continue;

    // What follows the number, as far as a unit or a measure word can reach (not the whole rest).
    const rest = summary.slice(numEnd, numEnd + 24);
    const gap = UNIT_GAP.exec(rest)![0];
    const unitMatch = UNIT.exec(rest.slice(gap.length));
    let unit = unitMatch ? unitMatch[0] : '';
    const counted = !unit && CLASSIFIER.test(rest);
    const value = Number(digits.replace(/,/g, '')) * (sign === '-' || sign === '−' ? -1 : 1);
    if (!Number.isFinite(value)) continue;

    let keep: boolean;
    if (unit) keep = true;
    else if (counted) keep = Math.abs(value) >= 10 || digits.includes(',');
    else if (digits.includes('.')) keep = true;
    else keep = Math.abs(value) >= 10 && RESULT_CUE.test(summary.slice(Math.max(0, start - 8), start));
    if (!keep) continue;

    const end = unit ? numEnd + gap.length + unit.length : numEnd;
    if (unit === '％') unit = '%';
    candidates.push({ start, end, unit, counted, value });
  }
  const names = labels(summary, candidates);
  return candidates.map((k, i) => {
    const [ss, se] = sentenceBounds(summary, k.start);
    return {
      text: summary.slice(k.start, k.end),
      start: k.start,
      end: k.end,
      value: k.value,
      unit: k.unit,
      label: names[i],
      sentence: summary.slice(ss, se).trim(),
    };
  });
}
