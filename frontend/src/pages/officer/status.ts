// What a scan means for the officer at the gate.

import { finalDecision } from '../../workflow';
import type { SiteScan } from '../../workflow';

export type SiteStatus = 'processing' | 'failed' | 'waiting' | 'clear' | 'suspect';

export function siteStatus(s: SiteScan): SiteStatus {
  if (s.status === 'failed') return 'failed';
  if (s.verdict) return finalDecision(s.verdict);
  return s.status === 'ready' ? 'waiting' : 'processing';
}

export const STATUS_LABELS: Record<SiteStatus, string> = {
  processing: 'Processing',
  failed: 'Scan failed',
  waiting: 'Waiting',
  clear: 'Clear',
  suspect: 'Suspect',
};

/** The next step, in a word or two. */
export function nextStep(s: SiteScan): string {
  const st = siteStatus(s);
  if (s.inspection) return 'Inspected';
  if (st === 'clear') return 'Release';
  if (st === 'suspect') return 'Inspect';
  if (st === 'failed') return 'Scan again';
  return 'Hold';
}
