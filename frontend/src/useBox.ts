// The size of an element's box and its font size, kept up to date
// (charts and wall lists that must fit their box exactly).

import { useLayoutEffect, useState } from 'preact/hooks';
import type { RefObject } from 'preact';

export interface Box {
  w: number;
  h: number;
  /** The element's computed font size in px. */
  fs: number;
}

export function useBox(ref: RefObject<HTMLElement | null>): Box {
  const [box, setBox] = useState<Box>({ w: 0, h: 0, fs: 16 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const fs = parseFloat(getComputedStyle(el).fontSize) || 16;
      const next = { w: el.clientWidth, h: el.clientHeight, fs };
      setBox((b) => (b.w === next.w && b.h === next.h && b.fs === next.fs ? b : next));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    window.addEventListener('resize', measure);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, []);
  return box;
}
