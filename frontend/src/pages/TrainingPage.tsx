import { ComingSoon, Page, SignedInAs } from '../components/Page';

export function TrainingPage() {
  return (
    <Page title="Training">
      <p class="lead">Practise image interpretation on known scans and take exams.</p>
      <SignedInAs />
      <ComingSoon>
        <p>
          Exercises built from scans with known contents, timed exams, your scores, and feedback
          showing what you missed.
        </p>
      </ComingSoon>
    </Page>
  );
}
