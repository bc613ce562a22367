// The scan viewer, fetched on first use (OpenSeadragon and Annotorious are the
// larger half of the app). Pages call `preloadViewer()` while the user reads.

import { useEffect, useState } from 'preact/hooks';
import type { FunctionComponent } from 'preact';
import type { ViewerProps } from '../viewer/Viewer';
import { t } from '../i18n';

let chunk: Promise<FunctionComponent<ViewerProps>> | null = null;

export function preloadViewer(): Promise<FunctionComponent<ViewerProps>> {
  if (!chunk) {
    chunk = import('../viewer/Viewer').then((m) => m.Viewer);
    chunk.catch(() => (chunk = null));
  }
  return chunk;
}

export function LazyViewer(props: ViewerProps) {
  const [View, setView] = useState<FunctionComponent<ViewerProps> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    preloadViewer().then(
      (c) => live && setView(() => c),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);
  if (failed) {
    return (
      <p class="message message--error" role="alert">
        {t('viewer:loadFailed')}
      </p>
    );
  }
  if (!View) {
    return (
      <div class="viewer-loading muted" role="status">
        {t('viewer:opening')}
      </div>
    );
  }
  return <View {...props} />;
}
