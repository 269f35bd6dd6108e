/**
 * What the popup showed last time (settings and the digest list), kept in the extension's
 * localStorage: read synchronously, it lets the popup open with its content at once, where the
 * answers from storage and from a service worker Chrome may have stopped take ~10–100 ms more.
 * The fresh answers replace it as they arrive, and are kept for the next time.
 */
import type { SourceInfo } from '../../lib/messaging';
import { repairSettings, type Settings } from '../../storage/settings';

export interface Snapshot {
  settings: Settings;
  sources: SourceInfo[];
}

const KEY = 'arxiv-digest:popup-snapshot:v1';

function valid(v: unknown): v is Snapshot {
  const s = v as Snapshot | null;
  return !!s && typeof s === 'object' && Array.isArray(s.sources) && s.sources.every((x) => x && typeof x.id === 'number' && typeof x.name === 'string') && !!s.settings && typeof s.settings.overlayEnabled === 'boolean' && typeof s.settings.displayMode === 'string';
}

/** The last snapshot, or null (first opening, storage unavailable, or a damaged value). */
export function readSnapshot(store: Storage | undefined = globalThis.localStorage): Snapshot | null {
  try {
    const v: unknown = JSON.parse(store?.getItem(KEY) ?? 'null');
    // A snapshot from before a setting was added: that one reads as its default.
    return valid(v) ? { ...v, settings: repairSettings(v.settings as unknown as Record<string, unknown>) } : null;
  } catch {
    return null;
  }
}

/** What this popup has learned so far, per store (tests give each their own). */
const learnedIn = new WeakMap<object, Partial<Snapshot>>();

/** Keeps fresh settings or sources; both are written once this opening has seen both. */
export function keepSnapshot(part: Partial<Snapshot>, store: Storage | undefined = globalThis.localStorage): void {
  if (!store) return;
  const learned = { ...learnedIn.get(store), ...part };
  learnedIn.set(store, learned);
  const { settings, sources } = learned;
  if (!settings || !sources) return;
  try {
    // Warnings can be long, and the popup lists only names, counts and dates.
    store.setItem(KEY, JSON.stringify({ settings, sources: sources.map((s) => ({ ...s, warnings: [] })) }));
  } catch {
    // storage full or unavailable: the popup just waits for the answers next time
  }
}
