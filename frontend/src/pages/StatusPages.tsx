// Pages that are not features: not found, not allowed, machine account.

import type { PageInfo } from '../access';
import { formatRoles } from '../access';
import type { User } from '../api';
import { Page } from '../components/Page';
import { Link } from '../router';
import { t } from '../i18n';

export function NotFoundPage({ signedIn }: { signedIn: boolean }) {
  return (
    <Page title={t('status:notFound.title')}>
      <p class="lead">{t('status:notFound.body')}</p>
      <p>
        <Link href={signedIn ? '/' : '/login'} class="button button--primary">
          {signedIn ? t('status:goHome') : t('status:goSignIn')}
        </Link>
      </p>
    </Page>
  );
}

export function NotAllowedPage({ page, user }: { page: PageInfo; user: User }) {
  return (
    <Page title={t('status:notAllowed.title')}>
      <p class="message message--warning" role="status">
        {t('status:notAllowed.body', { page: page.title })}
      </p>
      <p>{t('status:notAllowed.roles', { roles: formatRoles(user) })}</p>
      <p>
        <Link href="/" class="button button--primary">
          {t('status:goHome')}
        </Link>
      </p>
    </Page>
  );
}

export function MachineAccountPage() {
  return (
    <Page title={t('status:machine.title')}>
      <p class="lead">{t('status:machine.body')}</p>
      <p>{t('status:machine.signOut')}</p>
    </Page>
  );
}
