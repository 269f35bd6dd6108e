import { useEffect, useState } from 'preact/hooks';
import { t, type MessageKey } from '../i18n';

export interface Held {
  permissions?: string[];
  origins?: string[];
}

const WHY: Record<string, MessageKey> = {
  storage: 'perm_storage',
  scripting: 'perm_scripting',
  alarms: 'perm_alarms',
  sidePanel: 'perm_sidePanel',
};

const ARXIV_ORIGIN = /^\*:\/\/(www\.|export\.)?arxiv\.org\/\*$/;

/** Version, the permissions actually held (asked of the browser) and why, and what leaves the browser. */
export function AboutSection({ version, held }: { version: string; held: () => Promise<Held> }) {
  const [perms, setPerms] = useState<Held | null>(null);
  useEffect(() => void held().then(setPerms, () => setPerms({})), []);
  const arxiv = perms?.origins?.filter((o) => ARXIV_ORIGIN.test(o)) ?? [];
  const others = perms?.origins?.filter((o) => !ARXIV_ORIGIN.test(o)) ?? [];
  return (
    <section id="about" class="card opt-section" aria-labelledby="about-h">
      <h2 id="about-h">{t('optSecAbout')}</h2>
      <p>
        {t('appTitle')} · {t('optVersion', version)}
      </p>
      <h3>{t('optPermissions')}</h3>
      {perms && (
        <table class="perms">
          <thead>
            <tr>
              <th scope="col">{t('optPermission')}</th>
              <th scope="col">{t('optWhy')}</th>
            </tr>
          </thead>
          <tbody>
            {arxiv.length > 0 && (
              <tr>
                <td>
                  <code>{arxiv.join(' ')}</code>
                </td>
                <td>{t('perm_arxiv')}</td>
              </tr>
            )}
            {perms.permissions?.map((p) => (
              <tr key={p}>
                <td>
                  <code>{p}</code>
                </td>
                <td>{t(WHY[p] ?? 'perm_other')}</td>
              </tr>
            ))}
            {others.map((o) => (
              <tr key={o}>
                <td>
                  <code>{o}</code>
                </td>
                <td>{t('perm_origin')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="privacy">{t('optPrivacy')}</p>
    </section>
  );
}
