// A page fetched on first visit: the training pages (exams, the library, the
// academy) stay out of the bundle every analyst's thin client loads first.

import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';

export function lazyPage(load: () => Promise<FunctionComponent>): FunctionComponent {
  let chunk: Promise<FunctionComponent> | null = null;
  const fetchChunk = () => {
    if (!chunk) {
      chunk = load();
      chunk.catch(() => (chunk = null));
    }
    return chunk;
  };
  return function LazyPage() {
    const [Page, setPage] = useState<FunctionComponent | null>(null);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      let live = true;
      fetchChunk().then(
        (c) => live && setPage(() => c),
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, []);
    if (failed) {
      return (
        <p class="message message--error scan-page__state" role="alert">
          {t('status:ui.pageLoadFailed')}
        </p>
      );
    }
    if (!Page) {
      return (
        <p class="muted scan-page__state" role="status">
          {t('status:ui.loadingPage')}
        </p>
      );
    }
    return <Page />;
  };
}
