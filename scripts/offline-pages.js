// Saved real arXiv pages, served in place of arxiv.org when it cannot (or must not) be reached:
// the content script sees the real URL, so its match patterns apply as on the live site.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const FIXTURES = resolve(import.meta.dirname, '../tests/fixtures');

export const PAGES = {
  abs2020: { file: 'arxiv-pages/abs_2004.10162v1_2020-layout.html', id: '2004.10162' },
  abs2021: { file: 'arxiv-pages/abs_2106.09608v2_2021-layout.html', id: '2106.09608' },
  html: { file: 'arxiv-pages/html_2407.16314v1_latexml.html', id: '2407.16314' },
  search: { file: 'arxiv-pages/search_abstract-distributed-systems_size200_2025-12.html' },
};

export function readPage(name) {
  return readFileSync(resolve(FIXTURES, PAGES[name].file), 'utf8');
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

/** The English title, abstract, authors and submission time of a paper of the reference digest's week (hf-daily/). */
export function hfPaper(id) {
  for (const day of ['2024-09-30', '2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04']) {
    const records = JSON.parse(readFileSync(resolve(FIXTURES, `hf-daily/${day}.json`), 'utf8'));
    const rec = records.find((r) => r.paper?.id === id);
    if (rec)
      return {
        title: rec.paper.title.replace(/\s+/g, ' ').trim(),
        abstract: rec.paper.summary.replace(/\s+/g, ' ').trim(),
        authors: (rec.paper.authors ?? []).map((a) => a.name).filter(Boolean),
        publishedAt: rec.paper.publishedAt ? new Date(rec.paper.publishedAt) : null,
      };
  }
  return null;
}

/**
 * arXiv's stylesheets are not bundled (they live on static.arxiv.org); this small approximation
 * of their look makes an offline copy read like the real page. Offline copies only.
 */
const OFFLINE_CSS = `<style id="offline-approximation-of-arxiv-css">
body { font-family: "Lucida Grande", Helvetica, Arial, sans-serif; font-size: 15px; margin: 0; color: #000; }
a { color: #0068ac; text-decoration: none; }
.extra-services .browse, .extra-services .dblp, .extra-services .bookmarks, .extra-services .extra-ref-cite, .is-sr-only, .mobile-header, .slider-wrapper, #cu-logo img, .search-block .help, .search-block select, footer, .descriptor, .is-hidden-desktop { display: none !important; }
#cu-identity { background: #b31b1b; color: #fff; padding: 6px 24px; display: flex; justify-content: space-between; font-size: 13px; }
#cu-identity a { color: #fff; }
#cu-logo a::before { content: "Cornell University"; font-weight: bold; font-size: 16px; }
#header { background: #b31b1b; color: #fff; padding: 10px 24px 12px; display: flex; justify-content: space-between; align-items: center; }
#header a { color: #fff; }
.header-breadcrumbs { font-size: 18px; }
.search-block form, .search-block .field { display: flex; gap: 6px; margin: 0; }
#content { padding: 0 24px; }
#abs-outer { display: flex; flex-wrap: wrap; gap: 0 32px; }
/* Narrower than the text column and the side links together, the links go below (as arXiv's own narrow layout does). */
.leftcolumn { flex: 1 1 480px; min-width: 0; max-width: 920px; }
.extra-services { flex: 0 0 230px; font-size: 13px; }
#labstabs, .endorsers { flex: 1 0 100%; }
#labstabs { display: none; }
.extra-services ul { padding-left: 18px; }
.subheader h1 { font-size: 15px; font-weight: normal; margin: 12px 0 4px; }
.dateline { font-style: italic; font-size: 13px; color: #555; margin: 6px 0; }
h1.title { font-size: 24px; line-height: 1.3; margin: 14px 0 8px; }
.authors { font-size: 15px; margin: 0 0 12px; }
blockquote.abstract { font-size: 15.5px; line-height: 1.55; margin: 16px 0 16px 28px; }
.metatable { font-size: 14px; margin-top: 12px; }
.submission-history { font-size: 13px; margin-top: 16px; }
</style>`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * The saved 2021 abstract page carrying another paper's own title, authors, submission date and
 * abstract (from hf-daily/), marked in the page as an offline copy. What hf-daily does not know
 * (comments, subjects, the submitter) is left out rather than left as the saved paper's.
 * `paper` may be given instead (a feed's record: title, summary, authors if any).
 */
export function demoAbstractPage(id = '2409.18869', paper = hfPaper(id)) {
  if (!paper) throw new Error(`no English record for ${id} in tests/fixtures/hf-daily`);
  const at = paper.publishedAt;
  const submitted = at && {
    day: `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()}`,
    full: `${DAYS[at.getUTCDay()]}, ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} ${at.toISOString().slice(11, 19)}`,
  };
  const banner =
    '<div style="background:#fff4ce;border:1px solid #e0c36b;padding:6px 12px;margin:8px 0;font:14px sans-serif">' +
    `Offline copy · 离线副本: arXiv could not be reached, so this is a saved arXiv page (2021 layout) showing ${id}'s own title, authors, date and abstract.</div>`;
  return readPage('abs2021')
    .replaceAll('2106.09608v2', id)
    .replaceAll('2106.09608', id)
    .replace(/(<h1 class="title mathjax"><span class="descriptor">Title:<\/span>)[\s\S]*?(<\/h1>)/, `$1${escapeHtml(paper.title)}$2`)
    .replace(/(<blockquote class="abstract mathjax">\s*<span class="descriptor">Abstract:<\/span>)[\s\S]*?(<\/blockquote>)/, `$1${escapeHtml(paper.abstract)}\n$2`)
    .replace(/<title>[\s\S]*?<\/title>/, `<title>[${id}] ${escapeHtml(paper.title)} (offline copy)</title>`)
    .replace(/<div class="authors">[\s\S]*?<\/div>/, `<div class="authors"><span class="descriptor">Authors:</span>${escapeHtml((paper.authors ?? []).join(', '))}</div>`)
    // The saved paper's citation tags, and its sidebar's per-paper links (hidden by OFFLINE_CSS).
    .replace(/\s*<meta name="citation_[^>]*>/g, '')
    .replace(/(<div class="subheader">\s*<h1>Computer Science) > Machine Learning/, '$1')
    .replace(/\[Submitted on [^\]]*\]/, submitted ? `[Submitted on ${submitted.day}]` : '')
    .replace(/\s*<tr>\s*<td class="tablecell label">Comments:[\s\S]*?<\/tr>/, '')
    .replace(/<tr>\s*<td class="tablecell label">Subjects:[\s\S]*?<\/tr>/, '')
    .replace(/ \[cs\.LG\]/g, '')
    .replace(/(<h2>Submission history<\/h2>)[\s\S]*?(<\/div>)/, submitted ? `$1<strong>[v1]</strong> ${submitted.full} UTC<br/>$2` : '$1$2')
    .replace('(this version, v2)', '(this version, v1)')
    .replace(/<div class="dateline">/, `${banner}<div class="dateline">`)
    .replace('</head>', `${OFFLINE_CSS}</head>`);
}

const WORDS = 'learning language models neural diffusion graph reinforcement transformer attention robust efficient scalable multimodal reasoning agents benchmark optimization generalization representation contrastive self-supervised federated sparse adaptive retrieval augmented generation vision policy offline causal inference uncertainty calibration distillation quantization pruning alignment preference safety evaluation'.split(' ');
const FIRST = 'Wei Jing Alice Omar Maria Yuki Rahul Chen Sofia Liam Zhang Anna Ivan Fatima Lucas Mei Daniel Priya Hao Elena'.split(' ');
const LAST = 'Wang Li Zhang Liu Chen Smith Müller Garcia Kumar Tanaka Rossi Kim Nguyen Ivanova Brown Zhao Huang Singh Lopez Yang'.split(' ');
const SUBJECTS = ['Machine Learning (cs.LG)', 'Artificial Intelligence (cs.AI)', 'Computation and Language (cs.CL)', 'Computer Vision and Pattern Recognition (cs.CV)', 'Machine Learning (stat.ML)', 'Robotics (cs.RO)'];

/**
 * One listing entry as arXiv's template of 2024–2026 prints it (its whitespace, single-quoted
 * classes, every author a link, comments on most entries, the subjects line): what a reader's
 * listing holds, ~400 characters of text an entry — the figure of listing.uncovered depends on it.
 * `n` numbers the entry and seeds its made-up title, authors and comments.
 */
function fullListingEntry(id, n) {
  let seed = n * 2654435761;
  const next = (k) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % k;
  const title = Array.from({ length: 7 + next(8) }, () => WORDS[next(WORDS.length)]).join(' ');
  const authors = Array.from({ length: 1 + next(8) }, () => {
    const first = FIRST[next(FIRST.length)];
    const last = LAST[next(LAST.length)];
    return `<a href="https://arxiv.org/a/${last.toLowerCase()}_${first[0].toLowerCase()}_1">${first} ${last}</a>`;
  }).join(', ');
  const comments = next(10) < 6 ? `\n    <div class='list-comments mathjax'><span class='descriptor'>Comments:</span>\n      ${8 + next(30)} pages, ${1 + next(12)} figures${next(3) ? '' : ', accepted to a conference'}\n    </div>\n` : '';
  const subjects = [SUBJECTS[next(SUBJECTS.length)], ...(next(2) ? [SUBJECTS[next(SUBJECTS.length)]] : [])];
  return `<dt>
  <a name='item${n}'>[${n}]</a>
  <a href ="/abs/${id}" title="Abstract" id="${id}">
    arXiv:${id}
  </a>
    [<a href="/pdf/${id}" title="Download PDF" id="pdf-${id}" aria-labelledby="pdf-${id}">pdf</a>, <a href="https://arxiv.org/html/${id}v1" title="View HTML" id="html-${id}" aria-labelledby="html-${id}" rel="noopener noreferrer" target="_blank">html</a>, <a href="/format/${id}" title="Other formats" id="oth-${id}" aria-labelledby="oth-${id}">other</a>]
</dt>
<dd>
  <div class='meta'>
    <div class='list-title mathjax'><span class='descriptor'>Title:</span>
      ${title[0].toUpperCase()}${title.slice(1)}
    </div>
    <div class='list-authors'>${authors}</div>
${comments}
    <div class='list-subjects'><span class='descriptor'>Subjects:</span>
      <span class="primary-subject">${subjects[0]}</span>${subjects.slice(1).map((s) => `; ${s}`).join('')}
    </div>
  </div>
</dd>`;
}

/**
 * A listing page built from the documented structure (docs/arxiv.md): one `dl#articles`
 * per section, `dt` with `a[title="Abstract"]`, `dd` with `.list-title`. `full`: entries as
 * arXiv prints them (fullListingEntry); otherwise short ones, for tests that read them.
 */
export function listingPage(ids, { sections = 2, full = false } = {}) {
  const per = Math.ceil(ids.length / sections);
  let n = 0;
  const section = (chunk, heading) =>
    `<h3>${heading}</h3>\n<dl id="articles">\n` +
    chunk
      .map((id) => {
        n++;
        if (full) return fullListingEntry(id, n);
        return `<dt><a name="item${n}">[${n}]</a>&nbsp; <span class="list-identifier"><a href="/abs/${id}" title="Abstract" id="${id}">arXiv:${id}</a> [<a href="/pdf/${id}" title="Download PDF" id="pdf-${id}">pdf</a>]</span></dt>
<dd><div class="meta"><div class="list-title mathjax"><span class="descriptor">Title:</span> Paper ${escapeHtml(id)}</div>
<div class="list-authors"><a href="/a/someone">Some One</a></div><p class="mathjax">Abstract of ${escapeHtml(id)}.</p></div></dd>`;
      })
      .join('\n') +
    '\n</dl>';
  const chunks = [];
  for (let i = 0; i < ids.length; i += per) chunks.push(ids.slice(i, i + per));
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Computation and Language (new)</title></head>
<body><div id="content"><h1>Computation and Language</h1><div id="dlpage">
${chunks.map((c, i) => section(c, i === 0 ? 'New submissions' : i === 1 ? 'Cross-lists' : 'Replacements')).join('\n')}
</div></div></body></html>`;
}

/** Serves `pages` (URL → HTML) in the context; every other outside request is aborted. */
export async function serveOffline(context, pages) {
  await context.route(/^https?:\/\//, (route) => {
    const url = route.request().url();
    const html = pages[url] ?? pages[url.replace(/#.*$/, '')];
    if (html !== undefined) return route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' });
    return route.abort('internetdisconnected');
  });
}
