// Training and certification (docs/training-api.md): types and API calls for
// the library, the question bank, exams, attempts and certificates, and the
// adapter that shows a training image in the scan viewer.

import { ApiError, api } from './api';
import { formatDate as formatDay, formatNumber } from './format';
import { t } from './i18n';
import type { Scan } from './scans';
import type { Decision, Outcome, Region } from './workflow';

// --- Objects ------------------------------------------------------------------

/** What the viewer needs to show one image, without anything identifying the live case. */
export interface ImageView {
  id: string;
  width: number;
  height: number;
  scanner: { kind: string; dual_energy: boolean; pixel_spacing_mm: { x: number; y: number } };
  channels: { role: 'high' | 'low' | 'single'; width: number; height: number }[];
  material_source: string | null;
  /** As app/blueprints/scans/imaging.py's image_view writes them (`data`: signed, for a person). */
  links: {
    self: string;
    dzi: string;
    data?: string;
    thumbnail: string;
    histogram: string;
    pixel: string;
    region: string;
    renew: string;
  };
}

export type LibraryKind = 'standard' | 'typical';
export type MaterialClass = 'organic' | 'inorganic' | 'mixed' | 'metal';
export type Grade = 'junior' | 'intermediate' | 'senior';

export interface TypicalCase {
  decision: Decision;
  regions: Region[];
  outcome: Outcome | null;
  findings: string;
}

export interface LibraryItem {
  id: number;
  kind: LibraryKind;
  title: string;
  hs_code: string;
  hs_chapter: string;
  goods_description: string;
  packing: string;
  material_class: MaterialClass | null;
  labels: string[];
  notes: string;
  scanner_kind: string;
  created_at: string;
  image: ImageView;
  case?: TypicalCase | null;
}

export interface Question {
  id: number;
  image: ImageView;
  library_item_id: number | null;
  decision: Decision;
  regions: Region[];
  explanation: string;
  difficulty: number;
  tags: string[];
  scanner_kind: string;
  active: boolean;
  created_at: string;
}

export interface GradeBand {
  grade: Grade;
  min_percent: number;
}

export interface Exam {
  id: number;
  name: string;
  description: string;
  question_count: number;
  tags: string[];
  difficulty: { min: number; max: number };
  scanner_kinds: string[];
  time_limit_s: number;
  pass_percent: number;
  grade_bands: GradeBand[];
  validity_days: number;
  active: boolean;
  /** Staff only. */
  available_questions?: number;
  /** Candidates only. */
  mine?: {
    open_attempt_id: number | null;
    attempts: number;
    best_percent: number | null;
    passed: boolean;
    /** When another attempt may start (null: now); the server's clock. */
    retake_at: string | null;
    retake_wait_hours: number;
  };
  /** Hours between attempts for this exam; null: the installation's setting. */
  retake_wait_hours: number | null;
}

export interface Answer {
  decision: Decision | null;
  regions: Region[];
  answered_at: string | null;
}

export interface AttemptQuestion {
  position: number;
  image: ImageView;
  answer: Answer | null;
}

export interface Certificate {
  id: number;
  code: string;
  holder: { id: number; display_name: string };
  exam: { id: number; name: string } | null;
  grade: Grade;
  score_percent: number | null;
  scanner_kinds: string[];
  issued_at: string;
  expires_at: string;
  status: 'valid' | 'expired' | 'revoked';
  /** The attempt that passed (null: granted on record). */
  attempt: { id: number; number: number; submitted_at: string | null } | null;
  days_left: number;
  expiring_soon: boolean;
  revoked_reason?: string | null;
  links: { pdf: string; verify: string };
}

export interface Result {
  score_percent: number;
  correct: number;
  total: number;
  passed: boolean;
  grade: Grade | null;
  certificate: Certificate | null;
  /** The earliest next attempt at this exam after this one. */
  retake_at: string;
}

export interface Attempt {
  id: number;
  /** 1 for the candidate's first attempt at this exam, 2 for the retake... */
  number: number;
  exam: { id: number; name: string; pass_percent: number; time_limit_s: number };
  user: { id: number; display_name: string };
  state: 'open' | 'submitted';
  started_at: string;
  deadline: string;
  server_time: string;
  remaining_s: number;
  submitted_at: string | null;
  submitted_by: 'candidate' | 'timeout' | null;
  /** Absent from the list of attempts. */
  questions?: AttemptQuestion[];
  result: Result | null;
}

export interface ReviewedQuestion {
  position: number;
  image: ImageView;
  answer: Answer | null;
  expected: { decision: Decision; regions: Region[] };
  explanation: string;
  correct: boolean;
  region_hit: boolean | null;
  time_spent_s: number | null;
}

export interface AttemptReview {
  attempt: Attempt;
  questions: ReviewedQuestion[];
}

export interface LiveWork {
  allowed: boolean;
  reason: string | null;
}

export interface QuestionStat {
  id: number;
  difficulty: number;
  tags: string[];
  answered: number;
  right_percent: number | null;
  median_time_s: number | null;
  flag: 'too_easy' | 'too_hard' | null;
}

export interface CandidateStat {
  user: { id: number; display_name: string; username: string };
  attempts: {
    id: number;
    number: number;
    exam: { id: number; name: string } | string;
    state: 'open' | 'submitted';
    started_at: string;
    submitted_at: string | null;
    submitted_by: 'candidate' | 'timeout' | null;
    score_percent: number | null;
    passed: boolean | null;
    grade: Grade | null;
    certificate_code: string | null;
    /** The questions drawn, in order; `correct` once submitted. */
    questions: { position: number; question_id: number; correct: boolean | null }[];
  }[];
}

export interface PromotableCase {
  scan_id: number;
  scanned_at: string;
  decision: Decision;
  outcome: Outcome | null;
  promoted_item_id: number | null;
}

// --- Calls --------------------------------------------------------------------

const id = (n: number | string) => encodeURIComponent(String(n));

/** A query string from the non-empty values (or ""). */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface LibraryFilters {
  q?: string;
  hs?: string;
  kind?: LibraryKind | '';
  label?: string;
  scanner_kind?: string;
}

export const fetchLibrary = async (f: LibraryFilters, signal?: AbortSignal) =>
  (await api.get<{ items: LibraryItem[] }>(`/library${query({ ...f })}`, { signal })).items ?? [];
export const fetchLibraryItem = (itemId: number | string) => api.get<LibraryItem>(`/library/${id(itemId)}`);
export interface LibraryBody {
  title: string;
  hs_code: string;
  goods_description: string;
  packing: string;
  material_class: MaterialClass | null;
  labels: string[];
  notes: string;
}

export const addLibraryItem = (body: LibraryBody & { scan_id: number }) => api.post<LibraryItem>('/library', body);
export const patchLibraryItem = (itemId: number, body: Partial<LibraryBody>) =>
  api.patch<LibraryItem>(`/library/${id(itemId)}`, body);
export interface ScannerModel {
  id: number;
  name: string;
  kind: string;
  format: string | null;
  dual_energy: boolean;
  model: string;
}

export interface TrainingImage {
  scan_id: number;
  status: 'received' | 'processing' | 'ready' | 'failed';
  failure_reason: string | null;
}

export const fetchScannerModels = async () =>
  (await api.get<{ scanners: ScannerModel[] }>('/training/scanners')).scanners ?? [];
export const fetchTrainingImage = (scanId: number) => api.get<TrainingImage>(`/training/images/${id(scanId)}`);

/** Upload an image in the format of `scanner`; files by channel role (single, or high and low). */
export function uploadTrainingImage(scannerId: number, files: { role: string; file: File }[]) {
  const form = new FormData();
  form.append('metadata', JSON.stringify({ scanner_id: scannerId }));
  for (const { role, file } of files) form.append(role, file, file.name);
  return api.post<TrainingImage>('/training/images', form, { timeoutMs: 300_000 });
}

export const fetchCases = async () => (await api.get<{ cases: PromotableCase[] }>('/library/cases')).cases ?? [];
export const promoteCase = (body: { scan_id: number; title: string; labels: string[]; notes: string }) =>
  api.post<LibraryItem>('/library/typical', body);

export interface QuestionFilters {
  tag?: string;
  difficulty?: string;
  scanner_kind?: string;
  active?: string;
}

export interface QuestionBody {
  library_item_id?: number;
  scan_id?: number;
  decision: Decision;
  regions: Region[];
  explanation: string;
  difficulty: number;
  tags: string[];
}

export const fetchQuestions = async (f: QuestionFilters) =>
  (await api.get<{ questions: Question[] }>(`/training/questions${query({ ...f })}`)).questions ?? [];
export const fetchQuestion = (qid: number | string) => api.get<Question>(`/training/questions/${id(qid)}`);
export const createQuestion = (body: QuestionBody) => api.post<Question>('/training/questions', body);
export const patchQuestion = (qid: number, body: Partial<QuestionBody> & { active?: boolean }) =>
  api.patch<Question>(`/training/questions/${id(qid)}`, body);

export type ExamBody = Omit<Exam, 'id' | 'active' | 'available_questions' | 'mine' | 'retake_wait_hours'> & {
  retake_wait_hours?: number | null;
};

export const fetchExams = async () => (await api.get<{ exams: Exam[] }>('/training/exams')).exams ?? [];
export const createExam = (body: ExamBody) => api.post<Exam>('/training/exams', body);
export const patchExam = (examId: number, body: Partial<ExamBody> & { active?: boolean }) =>
  api.patch<Exam>(`/training/exams/${id(examId)}`, body);

export const fetchQuestionStats = async () =>
  (await api.get<{ questions: QuestionStat[] }>('/training/stats/questions')).questions ?? [];
export const fetchCandidateStats = async () =>
  (await api.get<{ candidates: CandidateStat[] }>('/training/stats/candidates')).candidates ?? [];

export const startAttempt = (examId: number) => api.post<Attempt>(`/training/exams/${id(examId)}/attempts`);
export const fetchAttempts = async () => (await api.get<{ attempts: Attempt[] }>('/training/attempts')).attempts ?? [];
export const fetchAttempt = (attemptId: number | string) => api.get<Attempt>(`/training/attempts/${id(attemptId)}`);
export const saveAnswer = (attemptId: number, position: number, body: { decision: Decision; regions: Region[] }) =>
  api.put<{ position: number; answer: Answer; remaining_s: number }>(
    `/training/attempts/${id(attemptId)}/questions/${id(position)}/answer`,
    body,
  );
export const submitAttempt = (attemptId: number) => api.post<Attempt>(`/training/attempts/${id(attemptId)}/submit`);
export const fetchReview = (attemptId: number | string) =>
  api.get<AttemptReview>(`/training/attempts/${id(attemptId)}/review`);

export const fetchMyCertificates = () =>
  api.get<{ certificates: Certificate[]; live_work: LiveWork }>('/training/certificates/mine');
export const fetchCertificates = async (f: { expiring_within?: number; user_id?: number }) =>
  (await api.get<{ certificates: Certificate[] }>(`/training/certificates${query({ ...f })}`)).certificates ?? [];
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
