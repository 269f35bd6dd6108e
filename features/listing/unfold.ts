/**
 * A chosen badge's unfolding: the entry looked up (and converted to 繁體 where the reader
 * reads it), in a host of its own below the entry's title and abstract; the badge stays on the
 * id line.
 */
import { unfoldBadge } from '../../components/Badge';
import { UNFOLD_CSS } from '../../components/badge-styles';
import { converterFor, convertHit, resolveScript, zhLang } from '../../components/zh-script';
import { listedUnfoldAnchorOf } from '../../lib/arxiv/dom';
import type { Settings } from '../../storage/settings';
import { pageTone } from '../host';
import { createUiHost } from '../ui-host';
import { ask } from '../messages';
import type { Placed, Unfolding } from './badges';
import { UNFOLD_TAG } from './tags';

let failureLogged = false;
let scriptFailureLogged = false;

export function unfoldingOf(p: Placed, settings: () => Settings): Unfolding {
  const button = p.host.mount.querySelector('button')!;
  return unfoldBadge({
    button,
    brief: p.hit,
    load: async () => {
      // 繁體: the entry converted before it unfolds (the tables load on the first one).
      const script = resolveScript(settings().zhScript);
      // A failed look-up rejects (the badge then says so, and stays folded), logged once a page.
      const hit = await ask('lookup', { id: p.hit.arxivId }).catch((err: unknown) => {
        if (!failureLogged) {
          failureLogged = true;
          console.warn(`[arxiv-digest] the look-up of ${p.hit.arxivId} failed (${(err as { code?: string }).code ?? 'no-answer'}):`, (err as Error)?.message ?? err);
        }
        throw err;
      });
      if (!hit) return null;
      // The 繁體 tables that do not load leave the entry in 简体: shown, and said in the console once.
      const convert = await converterFor(script).catch((err: unknown) => {
        if (!scriptFailureLogged) {
          scriptFailureLogged = true;
          console.warn(`[arxiv-digest] the 繁體 tables could not be loaded; shown in 简体:`, (err as Error)?.message ?? err);
        }
        return null;
      });
      return convertHit(hit, convert);
    },
    place: () => {
      const unfold = createUiHost(UNFOLD_TAG, p.hit.arxivId, UNFOLD_CSS);
      unfold.el.setAttribute('data-theme', pageTone(document));
      (listedUnfoldAnchorOf(p.paper) ?? p.paper.anchor).after(unfold.el);
      return unfold;
    },
    view: () => ({ showKeyNumbers: settings().showKeyNumbers, lang: zhLang(resolveScript(settings().zhScript)) }),
  });
}
