import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { formatAffiliation, formatRoles } from '../access';
import { useAuth } from '../auth';
import { t } from '../i18n';

/** Common page frame: sets the document title, renders the <h1>. */
export function Page({ title, children }: { title: string; children?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · CIPS`;
  }, [title]);
  return (
    <section class="page" aria-labelledby="page-title">
      <h1 id="page-title">{title}</h1>
      {children}
    </section>
  );
}

/** Who is signed in, for placeholder pages. */
export function SignedInAs() {
  const { user } = useAuth();
  if (!user) return null;
  return (
    <dl class="facts">
      <div>
        <dt>{t('common:signedInAs')}</dt>
        <dd>
          <span translate={false}>{user.display_name}</span>{' '}
          <span class="muted" translate={false}>
            ({user.username})
          </span>
        </dd>
      </div>
      <div>
        <dt>{t('common:affiliationLabel')}</dt>
        <dd>{formatAffiliation(user.affiliation)}</dd>
      </div>
      <div>
        <dt>{t('common:roles')}</dt>
        <dd>{formatRoles(user)}</dd>
      </div>
    </dl>
  );
}

/** Short "what will be here" note for pages still to be built. */
export function ComingSoon({ children }: { children: ComponentChildren }) {
  return (
    <div class="panel">
      <h2>Coming next</h2>
      {children}
    </div>
  );
}
