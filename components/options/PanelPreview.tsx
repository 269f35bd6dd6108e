import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { LookupHit } from '../../lib/messaging';
import { displayMode, panelCollapsed, type Settings } from '../../storage/settings';
import { PANEL_CSS } from '../panel-styles';
import { SummaryPanel } from '../SummaryPanel';
import { useHitIn, useZhScript } from '../use-zh-script';

/**
 * The real panel, in a shadow root with the styles it has in arXiv's pages, so that what the
 * reader sets here is what they will see there. Its own buttons change the real settings.
 */
export function PanelPreview({ sample, settings }: { sample: LookupHit; settings: Settings }) {
  const host = useRef<HTMLDivElement>(null);
  const mount = useRef<HTMLElement | null>(null);
  const zh = useZhScript(settings.zhScript);
  const hit = useHitIn(zh, sample);
  useEffect(() => {
    // 繁體: the Simplified text stays until the tables are in, then the converted panel replaces it.
    if (!zh.ready && mount.current) return;
    const el = host.current!;
    const shadow = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    if (!mount.current) {
      const style = document.createElement('style');
      style.textContent = PANEL_CSS;
      mount.current = document.createElement('div');
      shadow.append(style, mount.current);
    }
    render(
      <SummaryPanel
        hit={zh.ready ? hit : sample}
        pageVersion={sample.entry.version}
        mode={settings.displayMode}
        collapsed={settings.panelCollapsed}
        showKeyNumbers={settings.showKeyNumbers}
        lang={zh.ready ? zh.lang : 'zh-CN'}
        onMode={(m) => void displayMode.setValue(m)}
        onCollapse={(c) => void panelCollapsed.setValue(c)}
      />,
      mount.current,
    );
  }, [hit, settings, zh.ready]);
  useEffect(() => () => void (mount.current && render(null, mount.current)), []);
  return <div ref={host} class="preview-host" data-testid="preview" />;
}
