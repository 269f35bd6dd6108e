/** The bundled default digest: imported on install and on update, again only if it changed. */
import type { ImportResult } from '../lib/messaging';
import type { DigestDb } from '../storage/db';
import { importDigest } from './cache';

export const BUNDLED_NAME = 'arXiv 中文摘要 · 默认摘要 (2024-09/10)';

export function seedBundled(db: DigestDb, text: string): Promise<ImportResult> {
  return importDigest(db, text, { name: BUNDLED_NAME, origin: 'bundled' });
}
