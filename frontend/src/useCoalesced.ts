// Runs `fn` now, or once more after the run in flight: bursts of refresh
// requests (events, timers, a button) cost at most two fetches, and the last
// answer is always the newest.

import { useRef } from 'preact/hooks';

export function useCoalesced(fn: () => Promise<void>): () => void {
  const state = useRef({ busy: false, again: false });
  const latest = useRef(fn);
  latest.current = fn;
  const run = async () => {
    const s = state.current;
    if (s.busy) {
      s.again = true;
      return;
    }
    s.busy = true;
    try {
      await latest.current();
    } finally {
      s.busy = false;
      if (s.again) {
        s.again = false;
        void run();
      }
    }
  };
  return () => void run();
}
