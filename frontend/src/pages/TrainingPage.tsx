// Training for candidates (trainees, analysts, experts): the exams and
// certificates at /trainee, one attempt at /trainee/attempts/<id> and its
// results at /trainee/attempts/<id>/review.

import { useLocation } from '../router';
import { AttemptPage } from './trainee/AttemptPage';
import { ResultsPage } from './trainee/ResultsPage';
import { TraineeHome } from './trainee/TraineeHome';

export function TrainingPage() {
  const { path } = useLocation();
  const m = /^\/trainee\/attempts\/(\d+)(\/review)?$/.exec(path);
  if (m?.[2]) return <ResultsPage key={m[1]} id={m[1]} />;
  if (m) return <AttemptPage key={m[1]} id={m[1]} />;
  return <TraineeHome />;
}
