/** The bundled default digest: imported on install and on update, again only if it changed. */
import type { ImportResult } from '../lib/messaging';
import type { DigestDb } from '../storage/db';
import { BUNDLED_NAME } from './bundled-name';
import { importDigest } from './cache';

export { BUNDLED_NAME };

export function seedBundled(db: DigestDb, text: string): Promise<ImportResult> {
  return importDigest(db, text, { name: BUNDLED_NAME, origin: 'bundled' });
}
