// Administration: people, the organisation (centres and sites), scanners and
// their tokens, integration tokens, runtime settings, deliveries to the customs
// system and material calibration, one tab each (/admin/<tab>). Supervisors see
// the people of their centre only (the API scopes the list) and may end their
// sessions; every other tab is for administrators.

import type { FunctionComponent } from 'preact';
import { useUser } from '../auth';
import { Page } from '../components/Page';
import { Link, useLocation } from '../router';
import { Calibration } from './admin/Calibration';
import { Deliveries } from './admin/Deliveries';
import { Organisation } from './admin/Organisation';
import { People } from './admin/People';
import { Scanners } from './admin/Scanners';
import { Settings } from './admin/Settings';
import { Tokens } from './admin/Tokens';
import '../components/dialogs.css';
import './admin/admin.css';
import { t } from '../i18n';

type Tab = 'people' | 'organisation' | 'scanners' | 'tokens' | 'settings' | 'deliveries' | 'calibration';

const TABS: { key: Tab; view: FunctionComponent; supervisor?: boolean }[] = [
  { key: 'people', view: People, supervisor: true },
  { key: 'organisation', view: Organisation },
  { key: 'scanners', view: Scanners },
  { key: 'tokens', view: Tokens },
  { key: 'settings', view: Settings },
  { key: 'deliveries', view: Deliveries },
  { key: 'calibration', view: Calibration },
];

export function AdminPage() {
  const user = useUser();
  const { path } = useLocation();
  const isAdmin = user.roles.includes('admin');
  const tabs = TABS.filter((x) => isAdmin || x.supervisor);
  const wanted = /^\/admin\/(\w+)$/.exec(path)?.[1];
  const tab = tabs.find((x) => x.key === wanted) ?? tabs[0];
  const View = tab.view;
  return (
    <Page title={t('common:page.admin')}>
      {tabs.length > 1 && (
        <nav class="tabs" aria-label={t('common:page.admin')}>
          {tabs.map((x) => (
            <Link
              key={x.key}
              href={`/admin/${x.key}`}
              class="tabs__tab"
              aria-current={x.key === tab.key ? 'page' : undefined}
            >
              {t(`admin:tab.${x.key}`)}
            </Link>
          ))}
        </nav>
      )}
      <View key={tab.key} />
    </Page>
  );
}
