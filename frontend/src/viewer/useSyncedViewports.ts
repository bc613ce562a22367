// Two viewers of one conveyance at two times (the workstation's priors): pan and zoom follow
// each other both ways. Viewport coordinates run across the image's width, so the same
// centre and zoom show the same stretch of the container in both, whatever their pixel sizes.
//
// The viewer the person works in leads (the pointer or the wheel over it; keys belong to the
// main viewer, keyboard.ts); the other copies its centre and zoom at once, without animating,
// on every frame of the leader's own animation. A follower's changes are never copied back,
// so the two cannot chase each other.

import type OpenSeadragon from 'openseadragon';
import { useEffect } from 'preact/hooks';

type Osd = OpenSeadragon.Viewer;

declare global {
  interface Window {
    /** For browser tests: the two synchronised viewers while priors are shown. */
    cipsPriors?: { main: Osd; prior: Osd };
  }
}

function copyView(from: Osd, to: Osd): void {
  // The leader's current (mid-animation) view: the follower moves with it, frame by frame.
  to.viewport.zoomTo(from.viewport.getZoom(true), undefined, true);
  to.viewport.panTo(from.viewport.getCenter(true), true);
}

export function useSyncedViewports(main: Osd | null, prior: Osd | null): void {
  useEffect(() => {
    if (!main || !prior) return;
    let leader: Osd = main;
    // A follower that went back to its whole image by itself (its image arrived: useGpuImage,
    // layers.ts): it takes the leader's view again on its next change.
    const stray = new Set<Osd>();
    const follow = (self: Osd, other: Osd) => () => {
      if (leader === self) copyView(self, other);
      else if (stray.delete(self)) copyView(other, self);
    };
    const mainMoved = follow(main, prior);
    const priorMoved = follow(prior, main);
    main.addHandler('viewport-change', mainMoved);
    prior.addHandler('viewport-change', priorMoved);
    const home = (self: Osd) => () => {
      if (leader !== self) stray.add(self);
    };
    const mainHome = home(main);
    const priorHome = home(prior);
    main.addHandler('home', mainHome);
    prior.addHandler('home', priorHome);

    // The person's hand decides: a press or the wheel over the prior's image, the prior;
    // anything else (the main image, the toolbar's Fit and Zoom, every key), the main viewer.
    const hand = (e: Event) => {
      const inPrior = e.type !== 'keydown' && e.target instanceof Node && prior.element.contains(e.target);
      leader = inPrior ? prior : main;
    };
    const hands = ['pointerdown', 'wheel', 'keydown'] as const;
    for (const e of hands) document.addEventListener(e, hand, { capture: true, passive: true });
    copyView(main, prior);

    window.cipsPriors = { main, prior };
    return () => {
      main.removeHandler('viewport-change', mainMoved);
      prior.removeHandler('viewport-change', priorMoved);
      main.removeHandler('home', mainHome);
      prior.removeHandler('home', priorHome);
      for (const e of hands) document.removeEventListener(e, hand, true);
      if (window.cipsPriors?.prior === prior) delete window.cipsPriors;
    };
  }, [main, prior]);
}
