import { useState } from 'preact/hooks';
import { allowedPages, formatAffiliation } from '../access';
import { useAuth } from '../auth';
import { t } from '../i18n';
import { Link } from '../router';
import { LanguageSwitch } from './LanguageSwitch';

export function TopBar({ path }: { path: string }) {
  const { user, signOut } = useAuth();
  const [signingOut, setSigningOut] = useState(false);
  if (!user) return null;
  const pages = allowedPages(user);

  const onSignOut = async () => {
    setSigningOut(true);
    try {
      await signOut();
    } finally {
      setSigningOut(false);
    }
  };

  return (
    <header class="topbar">
      <Link href="/" class="topbar__brand" title={t('common:home')}>
        CIPS
      </Link>
      {pages.length > 0 && (
        <nav class="topbar__nav" aria-label={t('common:mainNav')}>
          <ul>
            {pages.map((page) => (
              <li key={page.key}>
                <Link
                  href={page.path}
                  class="topbar__link"
                  aria-current={path === page.path ? 'page' : page.subpaths?.test(path) ? 'true' : undefined}
                >
                  {page.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div class="topbar__user">
        <div class="topbar__identity">
          <span class="topbar__name" translate={false}>
            {user.display_name}
          </span>
          <span class="topbar__affiliation">{formatAffiliation(user.affiliation)}</span>
        </div>
        <LanguageSwitch />
        <button type="button" class="button" onClick={onSignOut} disabled={signingOut}>
          {t('common:signOut')}
        </button>
      </div>
    </header>
  );
}
