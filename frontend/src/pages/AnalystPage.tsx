import { ComingSoon, Page, SignedInAs } from '../components/Page';

export function AnalystPage() {
  return (
    <Page title="Analyst workstation">
      <p class="lead">Judge X-ray scans sent in from the ports and return a verdict to the site.</p>
      <SignedInAs />
      <ComingSoon>
        <p>
          Your queue of scans waiting for interpretation, a deep-zoom image viewer with density and
          contrast tools, region marking, and the verdict form (clear, inspect, with reasons).
        </p>
      </ComingSoon>
    </Page>
  );
}
