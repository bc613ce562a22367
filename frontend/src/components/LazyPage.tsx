// A page fetched on first visit: the training pages (exams, the library, the
// academy) stay out of the bundle every analyst's thin client loads first.

import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

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
          This page could not be loaded. Check the network connection and reload the page.
        </p>
      );
    }
    if (!Page) {
      return (
        <p class="muted scan-page__state" role="status">
          Loading…
        </p>
      );
    }
    return <Page />;
  };
}
