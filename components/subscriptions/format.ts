/** Words and times for a subscription's row: pure, so that tests need no browser. */

// One formatter for every row: toLocaleString builds a new one per call.
let dateTime: Intl.DateTimeFormat | null = null;

export function when(ms: number | null | undefined): string {
  if (!ms) return '—';
  dateTime ??= new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  return dateTime.format(ms);
}

/** The days of a dated series: a number from 1 to 90 (7 when the field is empty or not a number). */
export function validDays(text: string): number {
  const n = Math.round(Number(text));
  if (!text.trim() || !Number.isFinite(n)) return 7;
  return Math.min(90, Math.max(1, n));
}

/** `owner/repo` of a daily-arXiv fork, or null when the text is not one. */
export function forkRepo(text: string): string | null {
  const m = /^\s*(?:https:\/\/github\.com\/)?([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100}?)(?:\.git)?\/?\s*$/.exec(text);
  return m ? `${m[1]}/${m[2]}` : null;
}
