// The academy for instructors, supervisors and administrators: the question
// bank (/academy, /academy/questions, one question in the viewer at
// /academy/questions/<id|new>), exams, statistics, the standard library,
// closed cases to promote to the typical-case library, and certificates
// about to expire.

import type { FunctionComponent } from 'preact';
import { Page } from '../components/Page';
import { Link, useLocation } from '../router';
import { AcademyCertificates } from './academy/AcademyCertificates';
import { Cases } from './academy/Cases';
import { Exams } from './academy/Exams';
import { LibraryAdmin } from './academy/LibraryAdmin';
import { QuestionBank } from './academy/QuestionBank';
import { QuestionEditor } from './academy/QuestionEditor';
import { Stats } from './academy/Stats';
import '../components/certificates.css';
import '../components/dialogs.css';
import './academy/academy.css';
import { t } from '../i18n';

type Tab = 'questions' | 'exams' | 'stats' | 'library' | 'cases' | 'certificates';

// Labels looked up while rendering: the language may change under the page.
const tabs = (): { key: Tab; label: string }[] => [
  { key: 'questions', label: t('academy:tabs.questions') },
  { key: 'exams', label: t('academy:tabs.exams') },
  { key: 'stats', label: t('academy:tabs.stats') },
  { key: 'library', label: t('academy:tabs.library') },
  { key: 'cases', label: t('academy:tabs.cases') },
  { key: 'certificates', label: t('academy:tabs.certificates') },
];

const VIEWS: Record<Tab, FunctionComponent> = {
  questions: QuestionBank,
  exams: Exams,
  stats: Stats,
  library: LibraryAdmin,
  cases: Cases,
  certificates: AcademyCertificates,
};

export function AcademyPage() {
  const { path, search } = useLocation();
  const editing = /^\/academy\/questions\/([^/]+)$/.exec(path);
  if (editing) return <QuestionEditor key={editing[1] + search} id={editing[1]} search={search} />;

  const tab = (/^\/academy\/(\w+)$/.exec(path)?.[1] ?? 'questions') as Tab;
  const View = VIEWS[tab] ?? QuestionBank;
  return (
    <Page title={t('academy:title')}>
      <nav class="tabs" aria-label={t('academy:title')}>
        {tabs().map((tb) => (
          <Link
            key={tb.key}
            href={`/academy/${tb.key}`}
            class="tabs__tab"
            aria-current={tb.key === tab ? 'page' : undefined}
          >
            {tb.label}
          </Link>
        ))}
      </nav>
      <View />
    </Page>
  );
}
