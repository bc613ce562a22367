// Runs `fn` now, or once more after the run in flight: bursts of refresh
// requests (events, timers, a button) cost at most two fetches, and the last
// answer is always the newest.

import { useMemo, useRef } from 'preact/hooks';

/** The same function for the component's whole life (it always runs the newest `fn`),
 * so an effect may list it among its dependencies without running again each render. */
export function useCoalesced(fn: () => Promise<void>): () => void {
  const latest = useRef(fn);
  latest.current = fn;
  return useMemo(() => {
    const state = { busy: false, again: false };
    const run = async () => {
      if (state.busy) {
        state.again = true;
        return;
      }
      state.busy = true;
      try {
        await latest.current();
      } finally {
        state.busy = false;
        if (state.again) {
          state.again = false;
          void run();
        }
      }
    };
    return () => void run();
  }, []);
}
