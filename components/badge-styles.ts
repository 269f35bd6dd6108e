import { FONT_STACK, PANEL_CSS } from './panel-styles';

/**
 * The badge reuses the panel's palette and type; it sits inline, in the listing's own text size,
 * and fits the line box it goes into (inserting it moves nothing below): the host takes the
 * line's own font and line height, so its inline box is the line's strut, and the button, shorter
 * than the line's text (.75em × 1.25 + its border), hangs from the bottom of the text.
 */
export const BADGE_CSS =
  PANEL_CSS +
  `
:host { display: inline; margin: 0 0 0 6px; font-size: inherit; font-family: inherit; line-height: inherit; }
.badge { font-family: ${FONT_STACK}; font-size: .75em; line-height: 1.25; padding: 0 .5em; margin: 0; border-radius: 1em; border-color: var(--accent); color: var(--accent); background: var(--bg); vertical-align: text-bottom; }
.badge[aria-expanded="true"] { background: var(--accent); color: var(--on-accent); }
.unfold { display: block; margin: 6px 0 10px; font-weight: normal; }
.unfold .title-zh { font-size: 1.067em; margin: 2px 0 4px; }
`;

/** The unfolded summary, a block below the entry's title and abstract. */
export const UNFOLD_CSS =
  PANEL_CSS +
  `
:host { display: block; margin: 4px 0 10px; font-size: inherit; }
.unfold { display: block; font-weight: normal; }
.unfold.failure { color: var(--muted); }
.unfold.failure .link { margin-left: .5em; font-size: 1em; }
.unfold .title-zh { font-size: 1.067em; margin: 2px 0 4px; }
`;
