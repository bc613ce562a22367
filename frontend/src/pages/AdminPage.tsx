import { ComingSoon, Page, SignedInAs } from '../components/Page';
import { Calibration } from './admin/Calibration';
import { Deliveries } from './admin/Deliveries';

export function AdminPage() {
  return (
    <Page title="Administration">
      <p class="lead">Manage users, roles, sites, scanners and API tokens.</p>
      <SignedInAs />
      <Deliveries />
      <Calibration />
      <ComingSoon>
        <p>
          User accounts and their roles and affiliations, the list of sites and scanners, API tokens
          for machine clients, and the audit log.
        </p>
      </ComingSoon>
    </Page>
  );
}
