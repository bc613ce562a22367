// Taking a pointer drag away from OpenSeadragon (which would pan): a capture
// listener on an ancestor of the viewer claims the press before OSD sees it.
// Wheel zoom is untouched.

import { useEffect, useRef } from 'preact/hooks';

export interface DragHandlers {
  /** Return true to claim this press (OSD then never sees it). */
  claim(e: PointerEvent): boolean;
  start?(e: PointerEvent): void;
  move?(e: PointerEvent): void;
  end?(e: PointerEvent, cancelled: boolean): void;
}

export function useDragIntercept(element: HTMLElement | null, handlers: DragHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;

  useEffect(() => {
    if (!element) return;
    let active: number | null = null;

    const onDown = (e: PointerEvent) => {
      if (active !== null || !ref.current.claim(e)) return;
      e.stopPropagation();
      e.preventDefault();
      active = e.pointerId;
      try {
        element.setPointerCapture(e.pointerId);
      } catch {
        // synthetic events cannot be captured; moves still bubble here
      }
      ref.current.start?.(e);
    };
    const onMove = (e: PointerEvent) => {
      if (e.pointerId !== active) return;
      e.stopPropagation();
      ref.current.move?.(e);
    };
    const finish = (e: PointerEvent, cancelled: boolean) => {
      if (e.pointerId !== active) return;
      e.stopPropagation();
      active = null;
      try {
        element.releasePointerCapture(e.pointerId);
      } catch {
        // already released
      }
      ref.current.end?.(e, cancelled);
    };
    const onUp = (e: PointerEvent) => finish(e, false);
    const onCancel = (e: PointerEvent) => finish(e, true);
    const onContextMenu = (e: Event) => e.preventDefault(); // right-drag is window/level

    element.addEventListener('pointerdown', onDown, true);
    element.addEventListener('pointermove', onMove, true);
    element.addEventListener('pointerup', onUp, true);
    element.addEventListener('pointercancel', onCancel, true);
    element.addEventListener('contextmenu', onContextMenu);
    return () => {
      element.removeEventListener('pointerdown', onDown, true);
      element.removeEventListener('pointermove', onMove, true);
      element.removeEventListener('pointerup', onUp, true);
      element.removeEventListener('pointercancel', onCancel, true);
      element.removeEventListener('contextmenu', onContextMenu);
    };
  }, [element]);
}
