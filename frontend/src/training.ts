// Training and certification (docs/training-api.md): types and API calls for
// the library, the question bank, exams, attempts and certificates, and the
// adapter that shows a training image in the scan viewer.

import { ApiError, api } from './api';
import type { Schemas } from './api';
import type { paths } from './generated/api';
import { formatDate as formatDay, formatNumber } from './format';
import { t } from './i18n';
import type { Scan } from './scans';
import type { Decision, Region } from './workflow';

// --- Objects ------------------------------------------------------------------

// The shapes are the server's own models (app/blueprints/training/schemas.py), via
// docs/openapi.json. The server types regions as JSON objects (app.regions checks them);
// here they are the workflow's W3C annotations.
type Regioned<T> = Omit<T, 'regions'> & { regions: Region[] };

/** What the viewer needs to show one image, without anything identifying the live case. */
export type ImageView = Schemas['ImageView'];
export type LibraryKind = Schemas['LibraryItemOut']['kind'];
export type MaterialClass = NonNullable<Schemas['LibraryItemOut']['material_class']>;
export type Grade = Schemas['GradeBandOut']['grade'];
export type TypicalCase = Regioned<Schemas['TypicalCase']>;
/** `case`: a typical case's verdict and outcome (null: a standard item). */
export type LibraryItem = Omit<Schemas['LibraryItemOut'], 'case'> & { case: TypicalCase | null };
export type Question = Regioned<Schemas['QuestionOut']>;
export type GradeBand = Schemas['GradeBandOut'];
/** `available_questions` for staff, `mine` for candidates (null otherwise). */
export type Exam = Schemas['ExamOut'];
export type Answer = Regioned<Schemas['AnswerOut']>;
export type AttemptQuestion = Omit<Schemas['AttemptQuestion'], 'answer'> & { answer: Answer | null };
export type Certificate = Schemas['CertificateOut'];
export type Result = Schemas['Result'];
/** An attempt; `questions` absent from the list of attempts. */
export type Attempt = Schemas['AttemptOut'] & { questions?: AttemptQuestion[] };
export type ReviewedQuestion = Omit<Schemas['ReviewedQuestion'], 'answer' | 'expected'> & {
  answer: Answer | null;
  expected: Regioned<Schemas['Expected']>;
};
export type AttemptReview = Omit<Schemas['AttemptReview'], 'questions'> & { questions: ReviewedQuestion[] };
export type LiveWork = Schemas['LiveWork'];
export type QuestionStat = Schemas['QuestionStat'];
export type CandidateStat = Schemas['CandidateStat'];
export type PromotableCase = Schemas['PromotableCase'];
export type ScannerModel = Schemas['ScannerModel'];
export type TrainingImage = Schemas['TrainingImageStatus'];

// --- Calls --------------------------------------------------------------------

const id = (n: number | string) => encodeURIComponent(String(n));

/** A query string from the non-empty values (or ""). */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export type LibraryFilters = NonNullable<paths['/api/v1/library']['get']['parameters']['query']>;

export const fetchLibrary = async (f: LibraryFilters, signal?: AbortSignal) =>
  (await api.get<{ items: LibraryItem[] }>(`/library${query({ ...f })}`, { signal })).items ?? [];
export const fetchLibraryItem = (itemId: number | string) => api.get<LibraryItem>(`/library/${id(itemId)}`);
export type LibraryBody = Omit<Schemas['LibraryIn'], 'scan_id'>;

export const addLibraryItem = (body: Schemas['LibraryIn']) => api.post<LibraryItem>('/library', body);
export const patchLibraryItem = (itemId: number, body: Partial<Schemas['LibraryPatch']>) =>
  api.patch<LibraryItem>(`/library/${id(itemId)}`, body);
export const fetchScannerModels = async () =>
  (await api.get<Schemas['ScannerModels']>('/training/scanners')).scanners ?? [];
export const fetchTrainingImage = (scanId: number) => api.get<TrainingImage>(`/training/images/${id(scanId)}`);

/** Upload an image in the format of `scanner`; files by channel role (single, or high and low). */
export function uploadTrainingImage(scannerId: number, files: { role: string; file: File }[]) {
  const form = new FormData();
  form.append('metadata', JSON.stringify({ scanner_id: scannerId }));
  for (const { role, file } of files) form.append(role, file, file.name);
  return api.post<Schemas['TrainingImage']>('/training/images', form, { timeoutMs: 300_000 });
}

export const fetchCases = async () => (await api.get<Schemas['PromotableCases']>('/library/cases')).cases ?? [];
export const promoteCase = (body: Schemas['PromoteIn']) => api.post<LibraryItem>('/library/typical', body);

/** The question bank's filters as the page's fields hold them (text, as in the query string). */
export interface QuestionFilters {
  tag?: string;
  difficulty?: string;
  scanner_kind?: string;
  active?: string;
}

/** On a library item's image or on a ready scan: one of the two ids. */
export type QuestionBody = Regioned<Omit<Schemas['QuestionIn'], 'library_item_id' | 'scan_id'>> &
  Partial<Pick<Schemas['QuestionIn'], 'library_item_id' | 'scan_id'>>;

export const fetchQuestions = async (f: QuestionFilters) =>
  (await api.get<{ questions: Question[] }>(`/training/questions${query({ ...f })}`)).questions ?? [];
export const fetchQuestion = (qid: number | string) => api.get<Question>(`/training/questions/${id(qid)}`);
export const createQuestion = (body: QuestionBody) => api.post<Question>('/training/questions', body);
export const patchQuestion = (qid: number, body: Partial<Regioned<Schemas['QuestionPatch']>>) =>
  api.patch<Question>(`/training/questions/${id(qid)}`, body);

export type ExamBody = Schemas['ExamIn'];

export const fetchExams = async () => (await api.get<Schemas['Exams']>('/training/exams')).exams ?? [];
export const createExam = (body: ExamBody) => api.post<Exam>('/training/exams', body);
export const patchExam = (examId: number, body: Partial<Schemas['ExamPatch']>) =>
  api.patch<Exam>(`/training/exams/${id(examId)}`, body);

export const fetchQuestionStats = async () =>
  (await api.get<Schemas['QuestionStats']>('/training/stats/questions')).questions ?? [];
export const fetchCandidateStats = async () =>
  (await api.get<Schemas['CandidateStats']>('/training/stats/candidates')).candidates ?? [];

export const startAttempt = (examId: number) => api.post<Attempt>(`/training/exams/${id(examId)}/attempts`);
export const fetchAttempts = async () => (await api.get<{ attempts: Attempt[] }>('/training/attempts')).attempts ?? [];
export const fetchAttempt = (attemptId: number | string) => api.get<Attempt>(`/training/attempts/${id(attemptId)}`);
export const saveAnswer = (attemptId: number, position: number, body: { decision: Decision; regions: Region[] }) =>
  api.put<Omit<Schemas['SavedAnswer'], 'answer'> & { answer: Answer | null }>(
    `/training/attempts/${id(attemptId)}/questions/${id(position)}/answer`,
    body,
  );
export const submitAttempt = (attemptId: number) => api.post<Attempt>(`/training/attempts/${id(attemptId)}/submit`);
export const fetchReview = (attemptId: number | string) =>
  api.get<AttemptReview>(`/training/attempts/${id(attemptId)}/review`);

export const fetchMyCertificates = () => api.get<Schemas['MyCertificates']>('/training/certificates/mine');
export const fetchCertificates = async (f: { expiring_within?: number; user_id?: number }) =>
  (await api.get<Schemas['Certificates']>(`/training/certificates${query({ ...f })}`)).certificates ?? [];
export const revokeCertificate = (certId: number, reason: string) =>
  api.post<Certificate>(`/training/certificates/${id(certId)}/revoke`, { reason });

/** When a retake becomes possible, from a `409 retake_too_soon` answer. */
export function retakeAt(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.code !== 'retake_too_soon') return null;
  const at = (err.body as { retake_at?: unknown } | null)?.retake_at;
  return typeof at === 'string' ? at : null;
}

/** The attempt id in a `409 attempt_open` answer, if that is what it is. */
export function openAttemptId(err: unknown): number | null {
  if (!(err instanceof ApiError) || err.code !== 'attempt_open') return null;
  const n = (err.body as { attempt_id?: unknown } | null)?.attempt_id;
  return typeof n === 'number' ? n : null;
}

// --- The viewer -----------------------------------------------------------------

/**
 * A training image as the viewer's `Scan`. The viewer reads the links, the
 * size, the channels and the scanner's dual-energy flag and pixel spacing;
 * everything that would identify a live case is blank here.
 */
export function imageAsScan(image: ImageView): Scan {
  return {
    id: 0,
    scan_uid: image.id,
    status: 'ready',
    failure_reason: null,
    scanned_at: '',
    received_at: '',
    format: null,
    conveyance: { kind: 'container', container_ids: [], plate: null },
    weight_kg: null,
    radiation: { alarm: false, cps: null },
    scanner: {
      id: 0,
      name: '',
      site: { code: '', name: '' },
      kind: image.scanner?.kind ?? '',
      dual_energy: !!image.scanner?.dual_energy,
      pixel_spacing_mm: image.scanner?.pixel_spacing_mm ?? { x: 1, y: 1 },
    },
    width: image.width,
    height: image.height,
    channels: (image.channels ?? []).map((c) => ({ ...c, sha256: '' })),
    material_source: image.material_source,
    links: { ...image.links, data: image.links.data ?? null },
  };
}

// --- Display ------------------------------------------------------------------

export const GRADES: Grade[] = ['junior', 'intermediate', 'senior'];
export const LIBRARY_KINDS: LibraryKind[] = ['standard', 'typical'];
export const MATERIAL_CLASSES: MaterialClass[] = ['organic', 'inorganic', 'mixed', 'metal'];
/** The scanner kinds of the equipment register (app/models/org.py). */
export const SCANNER_KINDS = ['fixed', 'relocatable', 'mobile', 'drive_through', 'rail', 'passenger_car'];

// Labels are looked up while rendering (never module constants): the language can change
// under a page that stays mounted.

export function gradeLabel(g: string | null | undefined): string {
  if (!g) return '—';
  switch (g) {
    case 'junior':
      return t('training:grade.junior');
    case 'intermediate':
      return t('training:grade.intermediate');
    case 'senior':
      return t('training:grade.senior');
    default:
      return g;
  }
}

export function libraryKindLabel(kind: string): string {
  if (kind === 'standard') return t('library:kind.standard');
  if (kind === 'typical') return t('library:kind.typical');
  return kind;
}

export function materialLabel(m: string | null | undefined): string {
  switch (m) {
    case 'organic':
      return t('library:material.organic');
    case 'inorganic':
      return t('library:material.inorganic');
    case 'mixed':
      return t('library:material.mixed');
    case 'metal':
      return t('library:material.metal');
    default:
      return m || '—';
  }
}

/** An analyst's decision, as the academy's pages show it. */
export function decisionLabel(d: string | null | undefined): string {
  if (d === 'clear') return t('training:decision.clear');
  if (d === 'suspect') return t('training:decision.suspect');
  return d ?? '—';
}

/** An inspection's outcome (null: not inspected). */
export function outcomeLabel(o: string | null | undefined): string {
  if (o === 'seizure') return t('library:case.outcome.seizure');
  if (o === 'discrepancy') return t('library:case.outcome.discrepancy');
  if (o === 'no_finding') return t('library:case.outcome.no_finding');
  return o ?? t('library:case.notInspected');
}

export function certStatusLabel(status: string): string {
  if (status === 'valid') return t('certificates:status.valid');
  if (status === 'expired') return t('certificates:status.expired');
  if (status === 'revoked') return t('certificates:status.revoked');
  return status;
}

export function scannerKindLabel(kind: string): string {
  switch (kind) {
    case 'fixed':
      return t('training:scannerKind.fixed');
    case 'relocatable':
      return t('training:scannerKind.relocatable');
    case 'mobile':
      return t('training:scannerKind.mobile');
    case 'drive_through':
      return t('training:scannerKind.drive_through');
    case 'rail':
      return t('training:scannerKind.rail');
    case 'passenger_car':
      return t('training:scannerKind.passenger_car');
    default:
      return kind ? kind.charAt(0).toUpperCase() + kind.slice(1).replace(/_/g, ' ') : '—';
  }
}

/** A mark out of 100 as the language writes it: "87.5 %" / "87.5%". */
export function formatPercent(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return '—';
  return formatNumber(p / 100, { style: 'percent', maximumFractionDigits: 1 });
}

/** 45 -> "45 s", 600 -> "10 min", 5400 -> "1 h 30 min" (in the language's words). */
export function formatLimit(seconds: number): string {
  if (seconds < 60) return t('training:limit.seconds', { s: Math.round(seconds) });
  const m = Math.round(seconds / 60);
  if (m < 60) return t('training:limit.minutes', { m });
  return m % 60
    ? t('training:limit.hoursMinutes', { h: Math.floor(m / 60), m: m % 60 })
    : t('training:limit.hours', { h: m / 60 });
}

export function formatDate(iso: string | null | undefined): string {
  return formatDay(iso);
}

/** Comma-separated text as a clean list (labels, tags). */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
