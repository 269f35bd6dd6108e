import { render, type ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';

/**
 * Renders its children in an open shadow root with `css`: the side panel shows the very
 * panel of arXiv's pages, whose styles are written for a shadow host (`:host`, px units).
 */
export function ShadowFrame({ css, children }: { css: string; children: ComponentChildren }) {
  const host = useRef<HTMLDivElement>(null);
  const mount = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (!mount.current) {
      const shadow = host.current!.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = css;
      const el = document.createElement('div');
      el.style.display = 'contents';
      shadow.append(style, el);
      mount.current = el;
    }
    render(<>{children}</>, mount.current);
  });
  useEffect(() => () => mount.current && render(null, mount.current), []);
  return <div ref={host} class="panel-frame" />;
}
