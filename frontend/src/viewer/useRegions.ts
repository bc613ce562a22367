// Region drawing on a viewer: Annotorious (fetched on demand) and the list
// of regions as state.

import type OpenSeadragon from 'openseadragon';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { W3CImageAnnotation } from './regionModel';
import type { RegionTools } from './regions';
import { t } from '../i18n';

export interface RegionsState {
  /** Null until the drawing code has loaded. */
  tools: RegionTools | null;
  annotations: W3CImageAnnotation[];
  /** The region drawn last (its label field takes the focus). */
  focusId: string | null;
  /** Why regions cannot be drawn, if they cannot. */
  error: string | null;
}

export function useRegions(
  osd: OpenSeadragon.Viewer | null,
  source: string,
  initial: W3CImageAnnotation[] | undefined,
  onChange: ((annotations: W3CImageAnnotation[]) => void) | undefined,
): RegionsState {
  const [tools, setTools] = useState<RegionTools | null>(null);
  const [annotations, setAnnotations] = useState<W3CImageAnnotation[]>(initial ?? []);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  // What is drawn survives a new viewer (switching the render mode builds one).
  const current = useRef<W3CImageAnnotation[] | undefined>(initial);

  useEffect(() => {
    if (!osd) return;
    // Regions address the scan by its absolute URL (the W3C target source).
    const target = new URL(source, window.location.origin).href;
    let made: RegionTools | null = null;
    let cancelled = false;
    import('./regions')
      .then(({ RegionTools: Tools }) => {
        if (cancelled) return;
        made = new Tools(
          osd,
          target,
          {
            onChange: (list) => {
              current.current = list;
              setAnnotations(list);
              onChangeRef.current?.(list);
            },
            onCreated: (id) => setFocusId(id),
          },
          current.current,
        );
        setTools(made);
        setAnnotations(made.list());
      })
      .catch((err: unknown) => {
        console.error('Region drawing is unavailable', err);
        if (!cancelled) setError(t('viewer:errors.regions'));
      });
    return () => {
      cancelled = true;
      made?.destroy();
      setTools(null);
    };
  }, [osd, source]);

  return { tools, annotations, focusId, error };
}
