/** Our elements in a listing page: all `arxiv-digest-…`, each in a shadow root of ours. */
export const BADGE_TAG = 'arxiv-digest-badge';
/** An unfolded badge's summary, below its entry's title (and abstract). */
export const UNFOLD_TAG = 'arxiv-digest-unfold';
/** Not `arxiv-digest-title`: that is the abstract page's title under the page's own. */
export const TITLE_TAG = 'arxiv-digest-listed-title';
export const TITLE_CLASS = 'arxiv-digest-title-zh';

export const OUR_TAGS: ReadonlySet<string> = new Set([BADGE_TAG, UNFOLD_TAG, TITLE_TAG]);
