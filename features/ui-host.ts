/** A host (host.ts) with a Preact root: the panel, the unfolded summaries, the notice. */
import { render, type ComponentChild } from 'preact';
import { createHost, type Host } from './host';

export interface UiHost extends Host {
  render(view: ComponentChild): void;
}

export function createUiHost(tag: `arxiv-digest-${string}`, id: string, css: string): UiHost {
  const host = createHost(tag, id, css);
  return {
    el: host.el,
    mount: host.mount,
    render: (view) => render(view, host.mount),
    remove: () => {
      // Unmounted first: its effects (a tooltip's scroll listeners) end with it.
      render(null, host.mount);
      host.remove();
    },
  };
}
