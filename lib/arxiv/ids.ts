/**
 * arXiv identifiers: every form a reader or a digest may use, down to one bare id.
 * Pure: no browser API, shared by the extension, the CLI and the tests.
 */

export interface ArxivRef {
  /** Bare id: `2409.18869`, `hep-th/9901001` (archive lower-case, subject class dropped). */
  id: string;
  /** The `vN` a text or URL names, or null when it names none. */
  version: number | null;
}

/**
 * The archives of old-style ids (before April 2007). Listing them keeps `and/0102030` or
 * `foo/9901001` from being read as an id: text that holds no id gives nothing, never a guess.
 */
const OLD_ARCHIVES = [
  'acc-phys', 'adap-org', 'alg-geom', 'ao-sci', 'astro-ph', 'atom-ph', 'bayes-an', 'chao-dyn',
  'chem-ph', 'cmp-lg', 'comp-gas', 'cond-mat', 'cs', 'dg-ga', 'funct-an', 'gr-qc', 'hep-ex',
  'hep-lat', 'hep-ph', 'hep-th', 'math', 'math-ph', 'mtrl-th', 'nlin', 'nucl-ex', 'nucl-th',
  'patt-sol', 'physics', 'plasm-ph', 'q-alg', 'q-bio', 'quant-ph', 'solv-int', 'supr-con',
];

// Longest names first so that `math-ph` is not read as `math`.
const ARCHIVE_ALT = [...OLD_ARCHIVES].sort((a, b) => b.length - a.length).join('|');

// New style: YYMM.NNNN (2007–2014) or YYMM.NNNNN (2015 on). Never preceded by a digit or a dot
// (a longer number), never followed by a digit.
/** arXiv versions start at 1: `v0` (or a number too large to be one) names no version. */
function versionOf(v: string | undefined): number | null {
  const n = v ? Number(v) : 0;
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}

const NEW_ID = /(?<![\d.])(\d{2})(\d{2})\.(\d{4,5})(?!\d)(?:v(\d+))?/g;
const BARE_NEW = /^(\d{2})(\d{2})\.(\d{4,5})(?:v(\d+))?$/;
// Old style: archive[.SC]/YYMMNNN. The archive may contain a `v` (`solv-int`): the version is
// only ever the `v` after the seven digits.
const OLD_ID = new RegExp(
  `(?<![A-Za-z-])(${ARCHIVE_ALT})(?:\\.[A-Za-z]{2}(?:-[A-Za-z]{2})?)?/(\\d{2})(\\d{2})(\\d{3})(?!\\d)(?:v(\\d+))?`,
  'gi',
);

interface Found extends ArxivRef {
  index: number;
}

function validNew(m: RegExpExecArray): Found | null {
  const [, yy, mm, num, v] = m;
  const year = Number(yy);
  const month = Number(mm);
  if (month < 1 || month > 12 || year < 7) return null;
  if (year === 7 && month < 4) return null; // new-style ids start with 0704
  const fiveDigits = year > 14; // 1501 onwards
  if (fiveDigits !== (num.length === 5)) return null;
  return { id: `${yy}${mm}.${num}`, version: versionOf(v), index: m.index };
}

function validOld(m: RegExpExecArray): Found | null {
  const [, archive, yy, mm, num, v] = m;
  const year = Number(yy);
  const month = Number(mm);
  if (month < 1 || month > 12) return null;
  if (year > 7 && year < 91) return null; // old ids run from 9108 to 0703
  return { id: `${archive.toLowerCase()}/${yy}${mm}${num}`, version: versionOf(v), index: m.index };
}

function firstMatch(text: string): Found | null {
  let best: Found | null = null;
  for (const [re, check] of [[NEW_ID, validNew], [OLD_ID, validOld]] as const) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const found = check(m);
      if (found) {
        if (!best || found.index < best.index) best = found;
        break;
      }
    }
  }
  return best;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Any text or URL to `{ id, version }`, or null when it holds no arXiv id.
 * `arXiv:2410.00531v2`, `https://export.arxiv.org/pdf/2409.18869.pdf`, `math.GT/0309136`,
 * `https://huggingface.co/papers/2409.18869`, `/abs?id=hep-th%2F9901001` …
 */
/**
 * Whether a text is already a bare new-style id, checked without building anything: a
 * listing's 2,000 ids are asked about in one message (npm run bench).
 */
export function isBareNewId(text: string): boolean {
  if (text.length !== 9 && text.length !== 10) return false;
  const m = BARE_NEW.exec(text);
  return !!m && !m[4] && validNew(m) !== null;
}

export function parseArxivId(text: string): ArxivRef | null {
  if (!text) return null;
  // Most texts asked about are bare new-style ids (a listing's 2,000 links): no search needed.
  const bare = BARE_NEW.exec(text);
  if (bare) {
    const found = validNew(bare);
    if (found) return { id: found.id, version: found.version };
  }
  // `%2F` in a legacy `/abs?id=` query hides an old id's slash.
  const found = firstMatch(text) ?? (text.includes('%') ? firstMatch(decode(text)) : null);
  return found ? { id: found.id, version: found.version } : null;
}

/** Every distinct bare id in a text, in order of appearance. */
export function findArxivIds(text: string): ArxivRef[] {
  const out: Found[] = [];
  for (const [re, check] of [[NEW_ID, validNew], [OLD_ID, validOld]] as const) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const found = check(m);
      if (found) out.push(found);
    }
  }
  out.sort((a, b) => a.index - b.index);
  const seen = new Set<string>();
  return out
    .filter((f) => !seen.has(f.id) && seen.add(f.id))
    .map(({ id, version }) => ({ id, version }));
}

/** `2409.18869` + 2 → `2409.18869v2`. */
export function formatArxivId(ref: ArxivRef): string {
  return ref.version ? `${ref.id}v${ref.version}` : ref.id;
}

export function absUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

/** `YYMM` of a bare id: `2409` for 2409.18869, `9901` for hep-th/9901001. */
export function monthOf(arxivId: string): string {
  const slash = arxivId.indexOf('/');
  return arxivId.slice(slash + 1, slash + 5);
}
