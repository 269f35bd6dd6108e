import { PANEL_CSS } from './panel-styles';

/** The badge reuses the panel's palette and type; it sits inline, and unfolds as a block. */
export const BADGE_CSS =
  PANEL_CSS +
  `
:host { display: inline; margin: 0 0 0 6px; font-size: 14px; }
.badge { font-size: 11px; line-height: 16px; padding: 0 6px; border-radius: 9px; border-color: var(--accent); color: var(--accent); background: var(--bg); vertical-align: 1px; }
.badge[aria-expanded="true"] { background: var(--accent); color: var(--on-accent); }
.badge-wrap.open { display: block; }
.badge-wrap.open .badge { margin: 2px 0; }
.unfold { display: block; margin: 6px 0 10px; font-weight: normal; }
.unfold .title-zh { font-size: 15px; margin: 2px 0 4px; }
.unfold .summary p { font-size: 14px; }
`;
