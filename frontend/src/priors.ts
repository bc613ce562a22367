// Priors: earlier scans of the same container or plate as the scan being judged, from the
// analyst's open assignment only (docs/workflow-api.md, "Priors"). Listing signs nothing;
// opening one signs its tile links for this person and is written in the audit trail.

import { api } from './api';
import { apiPath } from './scans';
import type { Scan } from './scans';
import { imageAsScan } from './training';
import type { ImageView } from './training';
import type { Decision, Outcome } from './workflow';

export interface PriorFacts {
  scan_id: number;
  scan_uid: string;
  /** ISO 8601, UTC. */
  scanned_at: string;
  site: { code: string; name: string };
  scanner: { name: string; kind: string };
  conveyance: { kind: string; container_ids: string[]; plate: string | null };
  /** What it shares with the scan being judged. */
  matched: { container_ids: string[]; plate: string | null };
  /** The final decision (after review), when there is one. */
  decision: Decision | null;
  inspection: Outcome | null;
}

export interface Prior extends PriorFacts {
  links: { open: string };
}

export type OpenedPrior = PriorFacts & ImageView & { scanner: ImageView['scanner'] & { name: string } };

export async function fetchPriors(assignmentId: number): Promise<Prior[]> {
  const body = await api.get<{ priors: Prior[] }>(`/assignments/${assignmentId}/priors`);
  return body.priors;
}

/** Open one prior (audited): its facts, and the viewer's `Scan` for its image. */
export async function openPrior(prior: Prior): Promise<{ facts: OpenedPrior; scan: Scan }> {
  const facts = await api.get<OpenedPrior>(apiPath(prior.links.open));
  const scan = imageAsScan(facts);
  return {
    facts,
    scan: {
      ...scan,
      id: facts.scan_id,
      scan_uid: facts.scan_uid,
      scanned_at: facts.scanned_at,
      scanner: { ...scan.scanner, name: facts.scanner.name, site: facts.site },
    },
  };
}
