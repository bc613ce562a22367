// Tool state, the key handler and window/level dragging for one viewer.
// Every action (toolbar click or key) goes through `run`.

import type OpenSeadragon from 'openseadragon';
import { useEffect, useRef, useState } from 'preact/hooks';
import { applyRenderAction, singleEnergyMessage } from './actions';
import { actionFor } from './keyboard';
import type { Action } from './keyboard';
import { panBy, setDoubleClickZoom, zoomBy, zoomPercent } from './osdSetup';
import { useDragIntercept } from './pointer';
import type { RenderParams, ScanCaps } from './renderParams';
import type { Tool } from './Toolbar';
import type { RegionsState } from './useRegions';
import { clampWLToData, dragWL } from './windowLevel';
import type { DataRange, WL } from './windowLevel';

interface Options {
  osd: OpenSeadragon.Viewer | null;
  stage: HTMLElement | null;
  params: RenderParams;
  caps: ScanCaps;
  setParams(p: RenderParams): void;
  /** The window/level in effect (null until the histogram is known). */
  wl: WL | null;
  setDraft(wl: WL | null): void;
  regions: RegionsState;
  regionsEnabled: boolean;
  /** Keys the page has taken for itself (lower case): the viewer leaves them alone. */
  reserved: Set<string>;
  /** Listen to the keyboard (false for a second viewer beside the main one: one set of keys). */
  keys?: boolean;
  /** The data's range: window and level stay inside it. */
  range: DataRange | null;
  /** Actions the viewer component handles itself (the loupe, region statistics). */
  handlers: Partial<Record<Action, () => void>>;
}

const COMMIT_IDLE_MS = 150;
const DRAWING: Tool[] = ['rectangle', 'polygon'];
const TOOLS: Tool[] = ['windowLevel', 'measure', 'rectangle', 'polygon'];

export function useViewerControls(o: Options) {
  const [tool, setToolState] = useState<Tool>('pan');
  const [helpOpen, setHelpOpen] = useState(false);
  const [zoom, setZoom] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const latest = useRef(o);
  latest.current = o;
  const toolRef = useRef(tool);
  toolRef.current = tool;
  const helpRef = useRef(helpOpen);
  helpRef.current = helpOpen;
  const onEscapeRef = useRef<() => void>(() => undefined);
  const idle = useRef(0);
  const dblTimer = useRef(0);

  const setTool = (next: Tool) => {
    const { osd } = latest.current;
    if (osd && (next === 'polygon' || toolRef.current === 'polygon')) {
      window.clearTimeout(dblTimer.current);
      if (next === 'polygon') setDoubleClickZoom(osd, false);
      // The double-click that closes a polygon arrives after the tool ends.
      else dblTimer.current = window.setTimeout(() => setDoubleClickZoom(osd, true), 600);
    }
    const regionTools = latest.current.regions.tools;
    if (DRAWING.includes(next) && regionTools) regionTools.setTool(next as 'rectangle' | 'polygon');
    else if (DRAWING.includes(toolRef.current)) regionTools?.setTool(null);
    toolRef.current = next;
    setToolState(next);
  };

  const say = (message: string) => {
    setNotice(message);
    window.setTimeout(() => setNotice((m) => (m === message ? null : m)), 3500);
  };

  const commitWL = (raw: WL) => {
    const wl = clampWLToData(raw, latest.current.range);
    window.clearTimeout(idle.current);
    latest.current.setDraft(null);
    latest.current.setParams({ ...latest.current.params, window: wl.window, level: wl.level });
  };
  const draftWL = (raw: WL) => {
    const wl = clampWLToData(raw, latest.current.range);
    latest.current.setDraft(wl);
    window.clearTimeout(idle.current);
    idle.current = window.setTimeout(() => commitWL(wl), COMMIT_IDLE_MS);
  };

  const run = (action: Action) => {
    const { osd, params, caps, regionsEnabled } = latest.current;
    if (action === 'help') return setHelpOpen((h) => !h);
    if (action === 'escape') {
      if (helpRef.current) return setHelpOpen(false);
      if (toolRef.current !== 'pan') return setTool('pan');
      onEscapeRef.current();
      latest.current.regions.tools?.clearSelection();
      return;
    }
    const own = latest.current.handlers[action];
    if (own) return own();
    if ((TOOLS as string[]).includes(action)) {
      if (DRAWING.includes(action as Tool) && !regionsEnabled) return;
      return setTool(toolRef.current === action ? 'pan' : (action as Tool));
    }
    if (osd) {
      const view: Partial<Record<Action, () => void>> = {
        fit: () => osd.viewport.goHome(),
        zoomIn: () => zoomBy(osd, 1.4),
        zoomOut: () => zoomBy(osd, 1 / 1.4),
        panLeft: () => panBy(osd, -0.15, 0),
        panRight: () => panBy(osd, 0.15, 0),
        panUp: () => panBy(osd, 0, -0.15),
        panDown: () => panBy(osd, 0, 0.15),
      };
      const fn = view[action];
      if (fn) return fn();
    }
    const next = applyRenderAction(action, params, caps);
    if (next) latest.current.setParams(next);
    else if (!caps.dualEnergy) say(singleEnergyMessage());
  };

  // Keys: one handler for the whole page while the viewer is shown.
  useEffect(() => {
    if (latest.current.keys === false) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if (latest.current.reserved.has(e.key.toLowerCase())) return;
      const action = actionFor(e);
      if (!action) return;
      if (helpRef.current && action !== 'help' && action !== 'escape') return;
      e.preventDefault();
      run(action);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // Drawing asked for before the drawing code arrived: start it now.
  useEffect(() => {
    const t = toolRef.current;
    if (o.regions.tools && DRAWING.includes(t)) o.regions.tools.setTool(t as 'rectangle' | 'polygon');
  }, [o.regions.tools]);

  // A region was just drawn: back to panning (the label field has the focus).
  useEffect(() => {
    if (o.regions.focusId && DRAWING.includes(toolRef.current)) setTool('pan');
  }, [o.regions.focusId]);

  useEffect(() => {
    const osd = o.osd;
    if (!osd) return;
    const update = () => setZoom(zoomPercent(osd));
    osd.addHandler('zoom', update);
    osd.addHandler('resize', update);
    osd.world.addHandler('add-item', update);
    return () => {
      osd.removeHandler('zoom', update);
      osd.removeHandler('resize', update);
      osd.world.removeHandler('add-item', update);
    };
  }, [o.osd]);

  // Window/level by dragging: the W/L tool, right button, or Ctrl+drag.
  const start = useRef<{ x: number; y: number; wl: WL } | null>(null);
  useDragIntercept(o.stage, {
    claim: (e) =>
      !!latest.current.wl &&
      !DRAWING.includes(toolRef.current) &&
      (e.button === 2 || (e.button === 0 && (e.ctrlKey || toolRef.current === 'windowLevel'))),
    start: (e) => {
      start.current = { x: e.clientX, y: e.clientY, wl: latest.current.wl! };
    },
    move: (e) => {
      const s = start.current;
      if (s) draftWL(dragWL(s.wl, e.clientX - s.x, e.clientY - s.y));
    },
    end: (e, cancelled) => {
      const s = start.current;
      start.current = null;
      if (!s) return;
      const still = e.clientX === s.x && e.clientY === s.y;
      if (cancelled || still) {
        window.clearTimeout(idle.current);
        latest.current.setDraft(null);
      } else commitWL(dragWL(s.wl, e.clientX - s.x, e.clientY - s.y));
    },
  });

  useEffect(
    () => () => {
      window.clearTimeout(idle.current);
      window.clearTimeout(dblTimer.current);
    },
    [],
  );

  return { tool, run, helpOpen, setHelpOpen, zoom, notice, draftWL, commitWL, onEscapeRef };
}
