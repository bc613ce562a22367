// Route table and guards: which view to show for the current path and user.

import type { ComponentChildren, FunctionComponent } from 'preact';
import { useEffect } from 'preact/hooks';
import { canSee, findPage, landingPath } from './access';
import type { PageKey } from './access';
import { useAuth } from './auth';
import { t, useLanguage } from './i18n';
import { lazyPage } from './components/LazyPage';
import { TopBar } from './components/TopBar';
import { AdminPage } from './pages/AdminPage';
import { AnalystPage } from './pages/AnalystPage';
import { EquipmentPage } from './pages/EquipmentPage';
import { LoginPage } from './pages/LoginPage';
import { OfficerPage } from './pages/OfficerPage';
import { OfficerAlerts } from './pages/officer/OfficerAlerts';
import { QueuePage } from './pages/QueuePage';
import { ReportsPage } from './pages/ReportsPage';
import { MachineAccountPage, NotAllowedPage, NotFoundPage } from './pages/StatusPages';
import { WallPage } from './pages/WallPage';
import { Redirect, useLocation } from './router';

// Training pages in chunks of their own, fetched on first visit.
const TrainingPage = lazyPage(() => import('./pages/TrainingPage').then((m) => m.TrainingPage));
const AcademyPage = lazyPage(() => import('./pages/AcademyPage').then((m) => m.AcademyPage));
const LibraryPage = lazyPage(() => import('./pages/LibraryPage').then((m) => m.LibraryPage));
// Public: integrators read the API before they hold an account.
const ApiReferencePage = lazyPage(() => import('./pages/ApiReferencePage').then((m) => m.ApiReferencePage));
const StoragePage = lazyPage(() => import('./pages/storage/StoragePage').then((m) => m.StoragePage));

const VIEWS: Record<PageKey, FunctionComponent> = {
  analyst: AnalystPage,
  officer: OfficerPage,
  trainee: TrainingPage,
  academy: AcademyPage,
  library: LibraryPage,
  wall: WallPage,
  queue: QueuePage,
  equipment: EquipmentPage,
  reports: ReportsPage,
  storage: StoragePage,
  admin: AdminPage,
};

interface ShellProps {
  path: string;
  theme?: string;
  /** Work views (e.g. the image viewer) use the whole window below the top bar. */
  fullBleed?: boolean;
  wide?: boolean;
  /** One screen high, no scrolling (wall screens). */
  screen?: boolean;
  children: ComponentChildren;
}

function Shell({ path, theme, fullBleed, wide, screen, children }: ShellProps) {
  // A site officer hears a new suspect and sends queued inspections on every page.
  const officer = useAuth().user?.roles.includes('site_officer') ?? false;
  const classes = [
    'shell',
    theme ? `theme-${theme}` : '',
    fullBleed ? 'shell--full' : '',
    wide ? 'shell--wide' : '',
    screen ? 'shell--screen' : '',
  ].filter(Boolean);
  return (
    <div class={classes.join(' ')}>
      <a class="skip-link" href="#main">
        {t('common:skipToContent')}
      </a>
      <TopBar path={path} />
      {officer && <OfficerAlerts />}
      <main id="main" class="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

export function App() {
  const { status, user, revalidate } = useAuth();
  // Reading the language here re-renders every page when it changes (state is kept).
  useLanguage();
  const { path, search } = useLocation();
  const signedIn = user !== null;

  // Each in-app navigation re-checks the session, so an expired one is
  // noticed (and the user sent to /login) without waiting for a page's call.
  useEffect(() => {
    if (signedIn && path !== '/login') void revalidate();
  }, [path, signedIn, revalidate]);

  if (status === 'loading') {
    return (
      <div class="splash" role="status">
        {t('common:loading')}
      </div>
    );
  }

  if (path === '/login') return <LoginPage search={search} />;
  if (path === '/api-docs') return <ApiReferencePage />;

  const page = findPage(path);

  if (!user) {
    if (path === '/') return <Redirect to="/login" />;
    if (page) return <Redirect to={`/login?next=${encodeURIComponent(path + search)}`} />;
    return (
      <div class="shell">
        <main id="main" class="main">
          <NotFoundPage signedIn={false} />
        </main>
      </div>
    );
  }

  if (path === '/') {
    const landing = landingPath(user);
    if (landing !== '/') return <Redirect to={landing} />;
    return (
      <Shell path={path}>
        <MachineAccountPage />
      </Shell>
    );
  }

  if (!page) {
    return (
      <Shell path={path}>
        <NotFoundPage signedIn />
      </Shell>
    );
  }

  if (!canSee(user, page)) {
    return (
      <Shell path={path}>
        <NotAllowedPage page={page} user={user} />
      </Shell>
    );
  }

  const View = VIEWS[page.key];
  return (
    <Shell
      path={path}
      theme={page.theme}
      fullBleed={page.fullBleed ? page.fullBleed.test(path) : path !== page.path}
      wide={page.wide}
      screen={page.screen}
    >
      <View />
    </Shell>
  );
}
