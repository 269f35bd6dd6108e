/**
 * 简体 / 繁體 in the extension's own pages (popup, options preview, side panel): the converter
 * for the reader's setting, loaded the first time 繁體 is chosen. Until it is in, `convert` is
 * null and `ready` false, so a view can wait rather than flash the Simplified text.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { LookupHit } from '../lib/messaging';
import type { ZhScriptSetting } from '../storage/settings';
import { converterFor, convertHit, resolveScript, zhLang, type Convert, type ZhScript } from './zh-script';

export interface ZhView {
  script: ZhScript;
  /** `lang` for the Chinese text. */
  lang: string;
  /** Null for 简体 (nothing to do) or while the tables load. */
  convert: Convert | null;
  ready: boolean;
}

let loadFailureLogged = false;

export function useZhScript(setting: ZhScriptSetting | undefined): ZhView {
  const script = resolveScript(setting ?? 'auto');
  const [loaded, setLoaded] = useState<{ script: ZhScript; convert: Convert | null } | null>(null);
  useEffect(() => {
    if (script === 'hans') return;
    let live = true;
    converterFor(script).then(
      (convert) => live && setLoaded({ script, convert }),
      (err: unknown) => {
        // The tables could not be loaded: the Simplified text rather than none.
        if (!loadFailureLogged) {
          loadFailureLogged = true;
          console.warn('[arxiv-digest] the 繁體 converter did not load:', err);
        }
        if (live) setLoaded({ script, convert: (s) => s });
      },
    );
    return () => {
      live = false;
    };
  }, [script]);
  if (script === 'hans') return { script, lang: zhLang(script), convert: null, ready: true };
  const convert = loaded?.script === script ? loaded.convert : null;
  return { script, lang: zhLang(script), convert, ready: !!convert };
}

/** A hit in the view's script (as it is while the tables load), converted once per hit. */
export function useHitIn<H extends LookupHit | null | undefined>(view: ZhView, hit: H): H {
  return useMemo(() => (hit ? (convertHit(hit, view.convert) as H) : hit), [hit, view.convert]);
}

/** A piece of digest text (a title) in the view's script. */
export function textIn(view: ZhView, text: string): string {
  return view.convert ? view.convert(text) : text;
}
