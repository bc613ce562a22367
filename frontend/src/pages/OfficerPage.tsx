import { ComingSoon, Page, SignedInAs } from '../components/Page';

export function OfficerPage() {
  return (
    <Page title="Officer tablet">
      <p class="lead">Verdicts on the containers and vehicles scanned at your site.</p>
      <SignedInAs />
      <ComingSoon>
        <p>
          A live list of scans from your site with their status, the analyst's verdict and marked
          regions as soon as they are ready, and a form to report what the physical inspection found.
        </p>
      </ComingSoon>
    </Page>
  );
}
