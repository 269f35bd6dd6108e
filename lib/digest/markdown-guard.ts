/**
 * What the markdown parser is handed, bounded before it sees it. micromark and its GFM extensions
 * are superlinear on some shapes (measured in bench/core-fuzz.ts): emphasis or link openers
 * resolved against many closers (`*a ` ×n then ` a*` ×n, `[` ×n then `](x)` ×n), setext headings
 * (every one costs time in proportion to the ones before it), long tables, and a paragraph of
 * many lines. So the file is read in chunks cut where markdown cannot join across the cut, a
 * table is cut by rows (its header repeated), a paragraph holding too many markers has them read
 * as plain text, and a block longer than any summary could use is cut — each with a warning and
 * its line. One linear pass over the lines.
 */
import type { DigestWarning } from './types';

/** A chunk grows to about this many characters before it is cut at the next safe line. */
export const CHUNK_CHARS = 8 * 1024;
/** …or to this many setext headings (`Title` over `=====`), whose cost grows with their number. */
export const CHUNK_SETEXT = 32;
/**
 * …or to this many lines: the parser's cost is mostly per line, and a chunk is also the longest
 * the worker is held without a turn (background/parse-slices.ts).
 */
export const CHUNK_LINES = 400;
/** A table is handed to the parser this many rows at a time, its header repeated. */
export const CHUNK_TABLE_ROWS = 100;
/** More emphasis or link markers (`* _ ~ [ ]`) than this in one paragraph (or table row): read as text. */
export const MAX_MARKERS = 256;
/** A paragraph or table row longer than this is cut: a summary keeps at most 6,000 characters. */
export const MAX_BLOCK_CHARS = 64 * 1024;
/**
 * The parser's cost is mostly per line (each a construct and its tree nodes), so a file of tiny
 * lines (`## x` ×2,000,000) reads many times slower per byte than a real digest. Real digests
 * have 110–380 bytes per non-blank line (a 20 MB one, under 200,000 lines); past this many, the
 * rest of the file is skipped with a warning.
 */
export const MAX_LINES = 500_000;

export interface Chunk {
  /** The chunk's lines, joined by `\n`. */
  text: string;
  /** For each line of `text`, its 0-based line in the file. */
  lines: number[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}#{1,6}(?:[ \t]|$)/;
/** A list item with content, at the margin: it ends the item or paragraph before it. */
const LIST_ITEM = /^(?:[*+-]|\d{1,9}[.)])[ \t]+\S/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
// The closing pipe and its spaces are one optional group: two `[ \t]*` side by side would
// backtrack quadratically over a long run of spaces that ends in something else.
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*(?:\|[ \t]*)?$/;

function countMarkers(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    // * _ ~ [ ]
    if (c === 42 || c === 95 || c === 126 || c === 91 || c === 93) n++;
  }
  return n;
}

/** `text` as a code span, its backtick fence longer than any run inside: the parser reads it as it is. */
function asCode(text: string): string {
  if (!/\S/.test(text)) return text;
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 96) longest = Math.max(longest, ++run);
    else run = 0;
  }
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text} ${fence}`;
}

/**
 * A table row whose cells, from the one where the row's markers pass MAX_MARKERS, are code spans
 * (the pipes between them kept): the cells before keep their markup, a paper link among them.
 */
function cellsAsCode(row: string): string {
  const cells: string[] = [];
  let from = 0;
  for (let i = 0; i < row.length; i++) {
    const c = row.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 124) {
      cells.push(row.slice(from, i));
      from = i + 1;
    }
  }
  cells.push(row.slice(from));
  let markers = 0;
  return cells.map((cell) => ((markers += countMarkers(cell)) > MAX_MARKERS && cell.trim() ? asCode(cell.trim()) : cell)).join('|');
}

/** At most `max` UTF-16 units of `line`, never half a surrogate pair. */
function cutLine(line: string, max: number): string {
  let end = max;
  const c = line.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return line.slice(0, end);
}

const isBlank = (line: string) => !/\S/.test(line);
/** A line that starts another block, so ends a table (GFM). */
const STARTS_BLOCK = /^ {0,3}(?:>|[*+-](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|`{3}|~{3}|#{1,6}(?:[ \t]|$)|<)/;
/** The cells of a table row, as GFM counts them (an escaped pipe is not a cell's end). */
function cellCount(row: string): number {
  const s = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  let n = 1;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 92) i++;
    else if (s.charCodeAt(i) === 124) n++;
  }
  return n;
}
const isIndented = (line: string) => line.startsWith(' ') || line.startsWith('\t');

/**
 * The file as chunks the parser reads one at a time, and the warnings for what was changed. A
 * chunk is cut only before a line that starts at the margin, outside fenced code and HTML
 * comments, and after a blank line, a setext underline or a thematic break, or before an ATX
 * heading or a list item: places where no block continues, or (a list item) where the parser
 * reads the same text whether the list goes on or a new one starts.
 */
export function guardMarkdown(lines: Iterable<string>, warnings: DigestWarning[]): Chunk[] {
  return [...guardChunks(lines, warnings)];
}

/** guardMarkdown a chunk at a time, each as soon as it is cut: a 20 MB file is never guarded in one go. */
export function* guardChunks(lines: Iterable<string>, warnings: DigestWarning[]): Generator<Chunk, void> {
  const chunks: Chunk[] = [];
  let out: string[] = [];
  let map: number[] = [];
  let chars = 0;
  let setext = 0;
  let tableRows = 0;
  const flush = () => {
    if (out.length) chunks.push({ text: out.join('\n'), lines: map });
    out = [];
    map = [];
    chars = 0;
    setext = 0;
    tableRows = 0;
  };
  const full = () => chars >= CHUNK_CHARS || setext >= CHUNK_SETEXT || out.length >= CHUNK_LINES;
  const push = (line: string, at: number) => {
    out.push(line);
    map.push(at);
    chars += line.length + 1;
  };

  // The paragraph being read: where it starts in `out`, its markers, its length.
  let blockStart = -1;
  let blockLine = 0;
  let blockMarkers = 0;
  let blockChars = 0;
  let blockCut = false;
  /** The 1-based line from which the paragraph is read as text (0: none). */
  let blockDense = 0;
  /** The header and delimiter rows of the table being read, with their lines. */
  let table: { rows: [string, string]; at: [number, number] } | null = null;
  const endBlock = () => {
    if (blockCut) warnings.push({ line: blockLine + 1, code: 'block-too-long', params: { chars: blockChars, max: MAX_BLOCK_CHARS }, message: `a paragraph of ${blockChars} characters (at most ${MAX_BLOCK_CHARS}); the rest was cut` });
    if (blockDense) warnings.push({ line: blockDense, code: 'markup-too-dense', params: { count: blockMarkers, max: MAX_MARKERS }, message: `a paragraph with ${blockMarkers} emphasis or link markers (at most ${MAX_MARKERS}); read as plain text from line ${blockDense}` });
    blockStart = -1;
    blockMarkers = 0;
    blockChars = 0;
    blockCut = false;
    blockDense = 0;
    table = null;
  };

  let fence: string | null = null;
  let comment = false;
  let nonBlank = 0;
  /** The line before ends every block: a new chunk may start at the next line at the margin. */
  let boundary = true;
  let i = -1;
  for (const line of lines) {
    i++;
    while (chunks.length) yield chunks.shift()!;
    if (!isBlank(line) && ++nonBlank > MAX_LINES) {
      warnings.push({ line: i + 1, code: 'too-many-lines', params: { max: MAX_LINES }, message: `more than ${MAX_LINES} lines; the rest of the file, from line ${i + 1}, was skipped` });
      break;
    }
    if (fence !== null) {
      push(line, i);
      const m = FENCE.exec(line);
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length && isBlank(line.slice(m[0].length))) {
        fence = null;
        boundary = true;
      }
      continue;
    }
    if (comment) {
      push(line, i);
      if (line.includes('-->')) {
        comment = false;
        boundary = true;
      }
      continue;
    }
    if (isBlank(line)) {
      endBlock();
      push(line, i);
      boundary = true;
      continue;
    }
    const atx = ATX.test(line);
    const atMargin = !isIndented(line);
    if (atMargin && (boundary || atx) && full()) {
      endBlock();
      flush();
    } else if (atMargin && !table && !blockCut && !blockDense && LIST_ITEM.test(line) && full()) {
      // Between two list items: two lists read as one would be (each item its own paragraphs).
      flush();
      if (blockStart >= 0) blockStart = 0;
    }
    if (atx) endBlock();
    boundary = false;

    // Table rows: a chunk holds at most CHUNK_TABLE_ROWS of them, and each chunk of a table
    // starts with its header, so the parser reads every part as the same table.
    if (table && STARTS_BLOCK.test(line)) endBlock();
    if (table) {
      if (tableRows >= CHUNK_TABLE_ROWS || chars >= CHUNK_CHARS) {
        const header = table;
        flush();
        push(header.rows[0], header.at[0]);
        push(header.rows[1], header.at[1]);
      }
      let row = line;
      if (row.length > MAX_BLOCK_CHARS) {
        warnings.push({ line: i + 1, code: 'block-too-long', params: { chars: row.length, max: MAX_BLOCK_CHARS }, message: `a table row of ${row.length} characters (at most ${MAX_BLOCK_CHARS}); the rest was cut` });
        row = cutLine(row, MAX_BLOCK_CHARS);
      }
      const markers = countMarkers(row);
      if (markers > MAX_MARKERS) {
        row = cellsAsCode(row);
        warnings.push({ line: i + 1, code: 'markup-too-dense', params: { count: markers, max: MAX_MARKERS }, message: `a table row with ${markers} emphasis or link markers (at most ${MAX_MARKERS}); read as plain text` });
      }
      push(row, i);
      tableRows++;
      continue;
    }
    const last = out.length - 1;
    if (blockStart >= 0 && !blockCut && last >= blockStart && out[last].includes('|') && line.includes('-') && TABLE_DELIMITER.test(line) && cellCount(out[last]) === cellCount(line)) {
      // The paragraph's last line was the table's header row (a table may interrupt a paragraph).
      table = { rows: [out[last], line], at: [map[last], i] };
      blockMarkers = 0;
      push(line, i);
      continue;
    }

    if (blockStart < 0) {
      blockStart = out.length;
      blockLine = i;
    }
    blockChars += line.length + 1;
    if (blockCut) continue; // the rest of an over-long paragraph
    let kept = line;
    if (blockChars > MAX_BLOCK_CHARS) {
      blockCut = true;
      const room = MAX_BLOCK_CHARS - (blockChars - line.length - 1);
      if (room <= 0) continue;
      kept = cutLine(line, room);
    }
    blockMarkers += countMarkers(kept);
    if (blockMarkers > MAX_MARKERS && !blockDense && !FENCE.test(kept)) blockDense = i + 1;
    // From the line that passes the limit on, the paragraph's lines are code spans: their
    // text exactly, which the parser reads in linear time (escaping each marker would not be).
    push(blockDense ? asCode(kept) : kept, i);
    if (blockDense) continue;

    if (FENCE.test(line)) {
      endBlock();
      fence = FENCE.exec(line)![1];
      continue;
    }
    if (/^ {0,3}<!--/.test(line) && !line.includes('-->', line.indexOf('<!--') + 4)) {
      endBlock();
      comment = true;
      continue;
    }
    if (atx) {
      endBlock();
      boundary = true;
    } else if (SETEXT_UNDERLINE.test(line) || /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/.test(line)) {
      // A setext heading's underline, or a thematic break: either ends the block above it.
      setext++;
      endBlock();
      boundary = true;
    }
  }
  endBlock();
  flush();
  yield* chunks;
}
