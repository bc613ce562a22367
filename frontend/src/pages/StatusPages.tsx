// Pages that are not features: not found, not allowed, machine account.

import type { PageInfo } from '../access';
import { formatRoles } from '../access';
import type { User } from '../api';
import { Page } from '../components/Page';
import { Link } from '../router';

export function NotFoundPage({ signedIn }: { signedIn: boolean }) {
  return (
    <Page title="Page not found">
      <p class="lead">There is no page at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <Link href={signedIn ? '/' : '/login'} class="button button--primary">
          {signedIn ? 'Go to your home page' : 'Go to sign in'}
        </Link>
      </p>
    </Page>
  );
}

export function NotAllowedPage({ page, user }: { page: PageInfo; user: User }) {
  return (
    <Page title="Not allowed">
      <p class="message message--warning" role="status">
        The page “{page.title}” is not allowed for your role.
      </p>
      <p>Your roles: {formatRoles(user)}. If you need access, ask an administrator.</p>
      <p>
        <Link href="/" class="button button--primary">
          Go to your home page
        </Link>
      </p>
    </Page>
  );
}

export function MachineAccountPage() {
  return (
    <Page title="Machine client account">
      <p class="lead">
        This account is for machine clients (API tokens), such as scanners and other systems that talk to CIPS through
        its API. It has no pages in the web application.
      </p>
      <p>Use the “Sign out” button at the top of the page, then sign in with a personal account.</p>
    </Page>
  );
}
