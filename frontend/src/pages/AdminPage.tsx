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

type Tab = 'people' | 'organisation' | 'scanners' | 'tokens' | 'settings' | 'deliveries' | 'calibration';

const TABS: { key: Tab; label: string; view: FunctionComponent; supervisor?: boolean }[] = [
  { key: 'people', label: 'People', view: People, supervisor: true },
  { key: 'organisation', label: 'Organisation', view: Organisation },
  { key: 'scanners', label: 'Scanners', view: Scanners },
  { key: 'tokens', label: 'Integration tokens', view: Tokens },
  { key: 'settings', label: 'Settings', view: Settings },
  { key: 'deliveries', label: 'Deliveries', view: Deliveries },
  { key: 'calibration', label: 'Calibration', view: Calibration },
];

export function AdminPage() {
  const user = useUser();
  const { path } = useLocation();
  const isAdmin = user.roles.includes('admin');
  const tabs = TABS.filter((t) => isAdmin || t.supervisor);
  const wanted = /^\/admin\/(\w+)$/.exec(path)?.[1];
  const tab = tabs.find((t) => t.key === wanted) ?? tabs[0];
  const View = tab.view;
  return (
    <Page title="Administration">
      {tabs.length > 1 && (
        <nav class="tabs" aria-label="Administration">
          {tabs.map((t) => (
            <Link key={t.key} href={`/admin/${t.key}`} class="tabs__tab" aria-current={t.key === tab.key ? 'page' : undefined}>
              {t.label}
            </Link>
          ))}
        </nav>
      )}
      <View key={tab.key} />
    </Page>
  );
}
