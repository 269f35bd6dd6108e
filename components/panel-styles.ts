/**
 * Styles for UI inside arXiv's pages, in a shadow root: px units (the host's rem is not ours),
 * a CJK font stack, light and dark. `:host([data-theme])` follows an HTML page's own theme.
 */
export const PANEL_CSS = `
:host {
  all: initial;
  display: block;
  --bg: #fbfaf7; --fg: #1f1f1f; --muted: #5f5f5f; --border: #d9d4c7; --accent: #b31b1b;
  --mark: #fff1b8; --chip: #f1ede4; --chip-fg: #1f1f1f; --tip-bg: #2b2b2b; --tip-fg: #fff; --focus: #1a5fb4; --on-accent: #fff;
  font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, -apple-system, "Segoe UI", sans-serif;
  font-size: 15px; line-height: 1.7; color: var(--fg);
  margin: 12px 0 16px;
}
@media (prefers-color-scheme: dark) {
  :host(:not([data-theme="light"])) {
    --bg: #1f2124; --fg: #e6e6e6; --muted: #a8a8a8; --border: #3c3f44; --accent: #ff8a80;
    --mark: #5c4a00; --chip: #2c2f33; --chip-fg: #e6e6e6; --tip-bg: #f0f0f0; --tip-fg: #111; --focus: #8ab4f8; --on-accent: #1f2124;
  }
}
:host([data-theme="dark"]) {
  --bg: #1f2124; --fg: #e6e6e6; --muted: #a8a8a8; --border: #3c3f44; --accent: #ff8a80;
  --mark: #5c4a00; --chip: #2c2f33; --chip-fg: #e6e6e6; --tip-bg: #f0f0f0; --tip-fg: #111; --focus: #8ab4f8; --on-accent: #1f2124;
}
* { box-sizing: border-box; }
.panel { background: var(--bg); border: 1px solid var(--border); border-left: 4px solid var(--accent); border-radius: 6px; padding: 10px 14px 8px; }
header { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
.brand { display: inline-flex; align-items: center; gap: 6px; font-size: 13px; font-weight: 600; color: var(--accent); }
.icon { display: block; flex: none; }
.actions { margin-left: auto; display: inline-flex; gap: 4px; }
button { font: inherit; font-size: 12px; line-height: 18px; color: var(--fg); background: transparent; border: 1px solid var(--border); border-radius: 4px; padding: 2px 8px; cursor: pointer; }
button:hover { border-color: var(--muted); }
button:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
.action.off { color: var(--muted); }
.modes { display: inline-flex; border: 1px solid var(--border); border-radius: 4px; overflow: hidden; }
.mode { border: 0; border-radius: 0; padding: 2px 9px; }
.mode + .mode { border-left: 1px solid var(--border); }
.mode.on { background: var(--accent); color: var(--on-accent); }
.title-zh, .title-en { font-size: 17px; line-height: 1.5; margin: 8px 0 4px; font-weight: 600; }
.summary p, .abstract-en { margin: 6px 0; text-align: start; overflow-wrap: anywhere; }
.abstract-en { font-family: "Lucida Grande", Helvetica, Arial, sans-serif; font-size: 14px; line-height: 1.6; }
mark { background: var(--mark); color: inherit; padding: 0 2px; border-radius: 2px; }
.body.bilingual { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
@media (max-width: 720px) { .body.bilingual { grid-template-columns: 1fr; } }
.chips { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0 4px; padding: 0; }
.chips li { position: relative; }
.chip { display: inline-flex; align-items: baseline; gap: 6px; background: var(--chip); color: var(--chip-fg); border-color: transparent; border-radius: 12px; padding: 1px 10px; }
.chip-value { font-weight: 700; font-variant-numeric: tabular-nums; }
.chip-label { color: var(--muted); font-size: 12px; }
.chip-source { display: none; position: absolute; z-index: 10; left: 0; top: calc(100% + 4px); width: max-content; max-width: 420px; background: var(--tip-bg); color: var(--tip-fg); font-size: 13px; line-height: 1.6; padding: 6px 10px; border-radius: 6px; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
.chip:hover + .chip-source, .chip:focus + .chip-source { display: block; }
footer { margin-top: 4px; }
.source, .version-note, .collapsed-title { font-size: 12px; color: var(--muted); margin: 4px 0; }
.version-note { color: var(--accent); font-weight: 600; }
.collapsed-title { font-size: 14px; color: var(--fg); margin: 6px 0 2px; }
.handle { display: inline-flex; align-items: center; gap: 6px; font-size: 12px; }
.link { border: 0; padding: 0; color: var(--accent); text-decoration: underline; }
`;
