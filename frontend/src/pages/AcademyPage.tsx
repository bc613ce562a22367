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

type Tab = 'questions' | 'exams' | 'stats' | 'library' | 'cases' | 'certificates';

const TABS: { key: Tab; label: string }[] = [
  { key: 'questions', label: 'Question bank' },
  { key: 'exams', label: 'Exams' },
  { key: 'stats', label: 'Statistics' },
  { key: 'library', label: 'Library' },
  { key: 'cases', label: 'Cases' },
  { key: 'certificates', label: 'Certificates' },
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
    <Page title="Academy">
      <nav class="tabs" aria-label="Academy">
        {TABS.map((t) => (
          <Link
            key={t.key}
            href={`/academy/${t.key}`}
            class="tabs__tab"
            aria-current={t.key === tab ? 'page' : undefined}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      <View />
    </Page>
  );
}
