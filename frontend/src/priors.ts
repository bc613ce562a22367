// Priors: earlier scans of the same container or plate as the scan being judged, from the
// analyst's open assignment only (docs/workflow-api.md, "Priors"). Listing signs nothing;
// opening one signs its tile links for this person and is written in the audit trail.

import { api } from './api';
import type { Schemas } from './api';
import { apiPath } from './scans';
import type { Scan } from './scans';
import { imageAsScan } from './training';

/** What a listed and an opened prior both say of the earlier scan. */
export type PriorFacts = Prior | OpenedPrior;
/** A prior in the list: its facts and where to open it (docs/workflow-api.md, "Priors"). */
export type Prior = Schemas['PriorOut'];
/** An opened prior: its facts and the viewer's image view, tile links signed for this person. */
export type OpenedPrior = Schemas['OpenedPrior'];

export async function fetchPriors(assignmentId: number): Promise<Prior[]> {
  const body = await api.get<Schemas['Priors']>(`/assignments/${assignmentId}/priors`);
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
