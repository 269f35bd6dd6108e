/**
 * The other digests that cover the panel's paper: named, each a button that shows that digest's
 * entry for this paper instead (the look-up by `sourceId`), and one back to the first.
 */
import type { LookupHit } from '../lib/messaging';
import { t } from './i18n';

export function AlsoIn({ hit, onSwitch }: { hit: LookupHit; onSwitch?: (sourceId: number) => void }) {
  if (hit.alsoIn.length === 0) return null;
  return (
    <span class="also" data-testid="also-in">
      {t('subAlsoIn')}
      {hit.alsoIn.map((s, i) => (
        <span key={s.id}>
          {i > 0 && t('subAlsoInSeparator')}
          {onSwitch ? (
            <button type="button" class="link also-source" title={t('subAlsoInSwitch', s.name)} onClick={() => onSwitch(s.id)}>
              {s.name}
            </button>
          ) : (
            s.name
          )}
        </span>
      ))}
    </span>
  );
}
