/**
 * The bundled default digest: imported on install, again at a worker start only if it changed,
 * and never again once the reader deleted it — until they restore it (the options page).
 */
import { storage } from 'wxt/utils/storage';
import type { ImportResult } from '../lib/messaging';
import type { DigestDb } from '../storage/db';
import { BUNDLED_NAME } from './bundled-name';
import { deleteSource, importDigest } from './cache';

export { BUNDLED_NAME };

/**
 * Set when the reader deletes the bundled digest, cleared when they restore it. In
 * browser.storage, beside the settings: a worker start reads it before it seeds.
 */
export const bundledDeleted = storage.defineItem<boolean>('local:bundledDeleted', { fallback: false, version: 1 });

/** The bundled digest, as the reader has it (they may have renamed it). */
function bundledSource(db: DigestDb) {
  return db.sources.filter((s) => s.origin === 'bundled').first();
}

/** Imports the bundled digest under the name the reader gave it (or its own): a rename is no new digest. */
export async function seedBundled(db: DigestDb, text: string): Promise<ImportResult> {
  const present = await bundledSource(db);
  return importDigest(db, text, { name: present?.name ?? BUNDLED_NAME, origin: 'bundled' });
}

/**
 * At every worker start: the bundled digest, unless the reader deleted it (null then). Cheap
 * when unchanged (one hash compare); it also covers a profile whose install event fired before
 * the worker could finish.
 */
export async function seedAtStart(db: DigestDb, text: string): Promise<ImportResult | null> {
  if ((await bundledDeleted.getValue()) === true) {
    // Remembered as deleted but still there (the delete did not finish): it is the reader's again.
    if (!(await bundledSource(db))) return null;
    await bundledDeleted.setValue(false);
  }
  const result = await seedBundled(db, text);
  // Deleted by the reader while this import ran (the flag is set before the delete): the
  // deletion wins, and the next start finds it remembered with nothing to bring back.
  if ((await bundledDeleted.getValue()) === true) {
    await deleteSource(db, result.source.id);
    return null;
  }
  return result;
}

/** Brings the bundled digest back after the reader deleted it, and forgets the deletion. */
export async function restoreBundled(db: DigestDb, text: string): Promise<ImportResult> {
  const result = await seedBundled(db, text);
  await bundledDeleted.setValue(false);
  return result;
}

/** Deletes a digest; the bundled one is remembered as deleted, so that no worker start brings it back. */
export async function deleteRemembering(db: DigestDb, id: number): Promise<{ removed: number }> {
  const source = await db.sources.get(id);
  if (source?.origin === 'bundled') await bundledDeleted.setValue(true);
  return deleteSource(db, id);
}
