// /trainee: the exams to sit, the candidate's certificates and past attempts.

import { useEffect, useState } from 'preact/hooks';
import { useUser } from '../../auth';
import { Page } from '../../components/Page';
import { Link } from '../../router';
import { fetchAttempts, fetchExams, fetchMyCertificates } from '../../training';
import type { Attempt, Certificate, Exam, LiveWork } from '../../training';
import { errorText } from '../../workflow';
import { AttemptHistory } from './AttemptHistory';
import { ExamList } from './ExamList';
import { MyCertificates } from './MyCertificates';
import { RetryError } from '../../components/RetryError';
import { t } from '../../i18n';

interface Data {
  exams: Exam[];
  attempts: Attempt[];
  certificates: Certificate[];
  liveWork: LiveWork | null;
}

export function TraineeHome() {
  const user = useUser();
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      const [exams, attempts, mine] = await Promise.all([fetchExams(), fetchAttempts(), fetchMyCertificates()]);
      setData({ exams, attempts, certificates: mine.certificates ?? [], liveWork: mine.live_work ?? null });
      setError(null);
    } catch (err) {
      setError(errorText(err, t('training:home.loadFailed')));
    }
  };
  useEffect(() => void load(), []);

  const live = user.roles.includes('analyst') || user.roles.includes('expert');
  return (
    <Page title={t('training:home.title')}>
      <p class="lead">
        {t('training:home.lead')} <Link href="/library">{t('training:home.libraryLink')}</Link>
      </p>
      {error && <RetryError message={error} onRetry={() => void load()} buttonClass="chip" />}
      {!data && !error && (
        <p class="muted" role="status">
          {t('training:loading')}
        </p>
      )}
      {data && (
        <>
          <ExamList exams={data.exams} />
          <MyCertificates certificates={data.certificates} liveWork={data.liveWork} showLiveWork={live} />
          <AttemptHistory attempts={data.attempts} />
        </>
      )}
    </Page>
  );
}
