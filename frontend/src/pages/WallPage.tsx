import { ComingSoon, Page, SignedInAs } from '../components/Page';

export function WallPage() {
  return (
    <Page title="Supervisor wall">
      <p class="lead">A live overview of scanning and interpretation across all ports.</p>
      <SignedInAs />
      <ComingSoon>
        <p>
          Queue lengths and waiting times per port, analyst workload, verdict rates, and alerts
          when a scan waits too long — updated live.
        </p>
      </ComingSoon>
    </Page>
  );
}
