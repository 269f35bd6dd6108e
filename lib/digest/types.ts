export interface KeyNumber {
  /** Exactly `summaryZh.slice(start, end)`: the number with its unit, as written. */
  text: string;
  start: number;
  end: number;
  /** The number as written, sign kept, thousands separators removed: `1,400` → 1400. */
  value: number;
  /** `%`, `GB`, `B`, `k`, `秒`, `倍`, `x` …, or '' for a plain number or a count. */
  unit: string;
  /** What it measures, from its own clause: `PM 平均增益`. */
  label: string;
  /** The whole sentence it stands in, so a reader can check it. */
  sentence: string;
  /**
   * What its chip shows when that differs from `text`: a qualifier kept with the number
   * (`80% 以上` → `>80%`), or a baseline and its result as one change (`58.8% → 90.0%`, where
   * `text` is the whole span `58.8%提高到90.0%`).
   */
  display?: string;
}

export interface DigestEntry {
  /** Bare arXiv id, the key everything is found by. */
  arxivId: string;
  /** The version the digest wrote about, or null when it names none. */
  version: number | null;
  titleEn: string;
  titleZh: string;
  /** Paragraphs joined by a blank line. Plain text: never markup. */
  summaryZh: string;
  keyNumbers: KeyNumber[];
}

/**
 * Why a part of a digest was skipped or changed. The UI words code X as the locale key `warn_X`
 * with `params`; `message` is the English sentence the CLI prints.
 */
export const WARNING_CODES = [
  'no-id', // item: the record's number
  'no-chinese', // id
  'bad-json-line',
  'export-no-entries',
  'duplicate', // id, first: the line it first appears on
  'section-no-chinese', // name, id
  'section-empty-link', // name
  'section-no-link', // name
  'nesting-too-deep', // depth, max
  'section-unreadable', // error
  'bad-version', // id, version
  'summary-truncated', // id, chars, max
  'markup-too-dense', // count, max
  'block-too-long', // chars, max
  'too-many-lines', // max
  'more-warnings', // count
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface DigestWarning {
  /** 1-based line in the digest file. */
  line: number;
  code: WarningCode;
  params?: Record<string, string | number>;
  message: string;
}

export type DigestFormat =
  | 'markdown'
  | 'arxiv-digest-json'
  | 'daily-arxiv-jsonl'
  | 'hf-daily-json'
  | 'cn-chat-arxiv-paper-json'
  | 'arxiv-daily-scroll-json'
  | 'huggingarxiv-markdown';

export interface ParsedDigest {
  format: DigestFormat;
  entries: DigestEntry[];
  warnings: DigestWarning[];
  /** Sections or records that repeated a paper of the same file and were merged into its entry. */
  merged?: number;
}

/** What one format parser produces before merging and key numbers. */
export interface RawEntry {
  line: number;
  arxivId: string;
  version: number | null;
  titleEn: string;
  titleZh: string;
  paragraphs: string[];
}
