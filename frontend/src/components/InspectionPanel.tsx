// The site's inspection of a scan, for the pages of the centre (the analyst who
// judged it, the supervisors): <InspectionPanel scanId={id} /> shows the
// outcome, findings and photos once the officer has recorded them, and
// nothing while there is none (or the reader may not see it).

import { useEffect, useState } from 'preact/hooks';
import { fetchInspection } from '../inspections';
import type { Inspection } from '../inspections';
import { InspectionResult } from '../pages/officer/InspectionResult';
import '../pages/officer/inspection.css';

export function InspectionPanel({ scanId }: { scanId: number }) {
  const [inspection, setInspection] = useState<Inspection | null>(null);
  useEffect(() => {
    let alive = true;
    setInspection(null);
    fetchInspection(scanId)
      .then((i) => alive && setInspection(i))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [scanId]);
  return inspection ? <InspectionResult inspection={inspection} /> : null;
}
