/**
 * Styles for UI inside arXiv's pages, in a shadow root. Sizes are in `em` of the host, whose
 * font size the feature sets to the page's own text size (a reader's larger default font grows
 * the panel with the page); the host page's `rem` never reaches us. A CJK font stack; light
 * and dark by `:host([data-theme])`, which follows the page's real background, not the OS.
 */
const LIGHT = `--bg: #fbfaf7; --fg: #1f1f1f; --muted: #5f5f5f; --border: #d9d4c7; --accent: #b31b1b;
  --mark: #fff1b8; --chip: #f1ede4; --chip-fg: #1f1f1f; --tip-bg: #2b2b2b; --tip-fg: #fff; --focus: #1a5fb4; --on-accent: #fff; --shadow: rgba(0,0,0,.25);`;
const DARK = `--bg: #1f2124; --fg: #e6e6e6; --muted: #a8a8a8; --border: #3c3f44; --accent: #ff8a80;
  --mark: #5c4a00; --chip: #2c2f33; --chip-fg: #e6e6e6; --tip-bg: #f0f0f0; --tip-fg: #111; --focus: #8ab4f8; --on-accent: #1f2124; --shadow: rgba(0,0,0,.6);`;

export const FONT_STACK = `"PingFang SC", "PingFang TC", "Hiragino Sans GB", "Microsoft YaHei", "Microsoft JhengHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, -apple-system, "Segoe UI", sans-serif`;

/** What every host shares: palette, font, buttons, focus ring. */
export const BASE_CSS = `
:host {
  all: initial;
  ${LIGHT}
  font-family: ${FONT_STACK};
  font-size: 15px; line-height: 1.7; color: var(--fg);
}
@media (prefers-color-scheme: dark) {
  :host(:not([data-theme])) { ${DARK} }
}
:host([data-theme="dark"]) { ${DARK} }
* { box-sizing: border-box; }
.icon { display: block; flex: none; }
button { font: inherit; font-size: .8em; line-height: 1.5; color: var(--fg); background: transparent; border: 1px solid var(--border); border-radius: 4px; padding: .15em .65em; cursor: pointer; }
button:hover { border-color: var(--muted); }
button:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
.link { border: 0; padding: 0; color: var(--accent); text-decoration: underline; }
`;

export const PANEL_CSS =
  BASE_CSS +
  `
:host { display: block; margin: 12px 0 16px; }
.panel { background: var(--bg); border: 1px solid var(--border); border-left: 4px solid var(--accent); border-radius: 6px; padding: .65em .95em .5em; }
header { display: flex; align-items: center; gap: .4em .65em; flex-wrap: wrap; }
.brand { display: inline-flex; align-items: center; gap: 6px; font-size: .867em; font-weight: 600; color: var(--accent); }
.actions { margin-left: auto; display: inline-flex; flex-wrap: wrap; gap: 4px; }
.action.off { color: var(--muted); }
.modes { display: inline-flex; border: 1px solid var(--border); border-radius: 4px; font-size: .8em; }
.mode { font-size: 1em; border: 0; border-radius: 0; padding: .15em .75em; position: relative; }
.mode:first-child { border-radius: 3px 0 0 3px; }
.mode:last-child { border-radius: 0 3px 3px 0; }
.mode + .mode { border-left: 1px solid var(--border); }
.mode.on { background: var(--accent); color: var(--on-accent); }
/* Drawn inside the button: the group's rounded frame never clips it. */
.mode:focus-visible { outline: 2px solid var(--focus); outline-offset: -4px; z-index: 1; }
.mode.on:focus-visible { outline-color: var(--on-accent); }
.menu-wrap { position: relative; display: inline-block; }
.menu { position: absolute; right: 0; top: calc(100% + 4px); z-index: 20; display: flex; flex-direction: column; min-width: max-content; background: var(--bg); border: 1px solid var(--border); border-radius: 6px; padding: 4px; box-shadow: 0 2px 8px var(--shadow); }
.menu-item { font-size: .8em; border: 0; text-align: start; padding: .35em .8em; white-space: nowrap; }
.menu-item:hover { background: var(--chip); }
.title-zh { font-size: 1.133em; line-height: 1.5; margin: .5em 0 .25em; font-weight: 600; }
.summary p { margin: .4em 0; text-align: start; overflow-wrap: anywhere; }
mark { background: var(--mark); color: inherit; padding: 0 2px; border-radius: 2px; }
.chips { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; margin: .5em 0 .25em; padding: 0; }
.chip { display: inline-flex; align-items: baseline; gap: .4em; background: var(--chip); color: var(--chip-fg); border: 1px solid transparent; border-radius: 1em; padding: .1em .75em; font-size: .867em; line-height: 1.5; }
span.chip { cursor: default; }
.chip-value { font-weight: 700; font-variant-numeric: tabular-nums; }
.chip-label { color: var(--muted); font-size: .92em; }
.chip-source { display: none; z-index: 2147483647; max-width: 420px; background: var(--tip-bg); color: var(--tip-fg); font-size: .867em; line-height: 1.6; padding: .4em .7em; border-radius: 6px; box-shadow: 0 2px 8px var(--shadow); overflow-wrap: anywhere; }
footer { margin-top: 4px; }
.source, .collapsed-title { font-size: .8em; color: var(--muted); margin: 4px 0; overflow-wrap: anywhere; }
/* First, at the summary's own size: a reader must see it before trusting the numbers. */
.version-note { margin: .4em 0; color: var(--accent); font-weight: 600; }
.collapsed-title { font-size: .933em; color: var(--fg); margin: 6px 0 2px; }
.handle { display: inline-flex; align-items: center; gap: 6px; font-size: .8em; }
.handle .link { font-size: 1em; }
.failure { color: var(--muted); flex-wrap: wrap; }
`;

/** 双语: the Chinese title under the page's English title, in the title's own size. */
export const TITLE_CSS =
  BASE_CSS +
  `
:host { display: block; margin: 0 0 .5em; }
.title-line { display: flex; align-items: center; gap: .4em; margin: 0; font-size: .8em; line-height: 1.45; font-weight: 600; color: var(--fg); }
.title-line .icon { width: .75em; height: .75em; }
`;

/** The short notice after 关闭, fixed at the bottom of the window. */
export const NOTICE_CSS =
  BASE_CSS +
  `
:host { position: fixed; z-index: 2147483647; left: 50%; bottom: 16px; transform: translateX(-50%); max-width: calc(100vw - 16px); }
.notice { display: flex; align-items: center; gap: 8px; background: var(--tip-bg); color: var(--tip-fg); border-radius: 8px; padding: 8px 10px 8px 12px; box-shadow: 0 4px 16px var(--shadow); font-size: 14px; line-height: 1.5; }
.notice button { color: var(--tip-fg); border-color: currentColor; font-size: 13px; }
.notice .dismiss { border: 0; padding: 0 4px; font-size: 16px; }
.notice-text { overflow-wrap: anywhere; }
`;
