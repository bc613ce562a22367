// The keyboard: ONE keymap for every page with the viewer (analyst worklist, expert
// review, scan browser, library, exam). The viewer's tools and the pages' own keys are both
// listed here, so no key means two things on one page and no key means different decisions
// on different pages (C is always Clear, S always Suspect; the pseudo-colour tool is G).
// Read by the key handlers, the toolbar (names, key hints) and the help sheet.

export type Action =
  | 'fit'
  | 'zoomIn'
  | 'zoomOut'
  | 'panLeft'
  | 'panRight'
  | 'panUp'
  | 'panDown'
  | 'windowLevel'
  | 'invert'
  | 'gammaDown'
  | 'gammaUp'
  | 'cmap'
  | 'channel'
  | 'equalize'
  | 'hipen'
  | 'edge'
  | 'material'
  | 'stripOrganic'
  | 'stripInorganic'
  | 'stripMetal'
  | 'measure'
  | 'rectangle'
  | 'polygon'
  | 'loupe'
  | 'regionStats'
  | 'reset'
  | 'help'
  | 'escape';

export type Group = 'View' | 'Contrast' | 'Materials' | 'Tools' | 'General';

export interface Shortcut {
  action: Action;
  /** KeyboardEvent.key values (case-sensitive; letters are matched in lower case). */
  keys: string[];
  /** Tool name: the toolbar button's accessible name. */
  name: string;
  /** Short text on the toolbar button (defaults to the name). */
  short?: string;
  description: string;
  group: Group;
}

/** A key the page around the viewer uses itself (e.g. C for a clear verdict). */
export interface PageShortcut {
  key: string;
  /** Other keys doing the same (Page Down for J). */
  also?: string[];
  name: string;
  description: string;
}

export type PageAction =
  'clear' | 'suspect' | 'submit' | 'readyPause' | 'library' | 'nextQuestion' | 'previousQuestion';

/** Every page-level key of the app: a page picks the ones it uses with `pageKeys`. */
export const PAGE_KEYS: Record<PageAction, PageShortcut> = {
  clear: { key: 'c', name: 'Clear', description: 'Decision: clear' },
  suspect: { key: 's', name: 'Suspect', description: 'Decision: suspect (mark at least one region)' },
  submit: { key: 'Enter', name: 'Submit', description: 'Send the decision (not while typing in a field)' },
  readyPause: { key: 'q', name: 'Ready / Pause', description: 'Receive scans, or stop receiving them after this one' },
  library: {
    key: 'f',
    name: 'Library',
    description: 'Find reference images: the library opens in its own window, beside this one',
  },
  nextQuestion: {
    key: 'j',
    also: ['PageDown'],
    name: 'Next question',
    description: 'Save and go to the next question',
  },
  previousQuestion: {
    key: 'k',
    also: ['PageUp'],
    name: 'Previous question',
    description: 'Save and go back one question',
  },
};

/** Is this key press the page key for `action` (letters in either case)? */
export function isPageKey(e: KeyboardEvent, action: PageAction): boolean {
  const k = PAGE_KEYS[action];
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  return key === k.key || (k.also ?? []).includes(e.key);
}

/** The page keys for `actions`, optionally with a page's own wording of what they do. */
export function pageKeys(...actions: (PageAction | [PageAction, string])[]): PageShortcut[] {
  return actions.map((a) => (Array.isArray(a) ? { ...PAGE_KEYS[a[0]], description: a[1] } : PAGE_KEYS[a]));
}

export const SHORTCUTS: Shortcut[] = [
  { action: 'fit', keys: ['0', 'Home'], name: 'Fit', description: 'Fit the whole scan to the screen', group: 'View' },
  { action: 'zoomIn', keys: ['+', '='], name: 'Zoom in', short: '+', description: 'Zoom in', group: 'View' },
  { action: 'zoomOut', keys: ['-', '_'], name: 'Zoom out', short: '−', description: 'Zoom out', group: 'View' },
  { action: 'panLeft', keys: ['ArrowLeft'], name: 'Pan left', description: 'Pan (all four arrows)', group: 'View' },
  { action: 'panRight', keys: ['ArrowRight'], name: 'Pan right', description: 'Pan right', group: 'View' },
  { action: 'panUp', keys: ['ArrowUp'], name: 'Pan up', description: 'Pan up', group: 'View' },
  { action: 'panDown', keys: ['ArrowDown'], name: 'Pan down', description: 'Pan down', group: 'View' },
  {
    action: 'windowLevel',
    keys: ['w'],
    name: 'Window/level',
    short: 'W/L',
    description: 'Drag mode: horizontal = window width, vertical = level (or right-drag / Ctrl+drag any time)',
    group: 'Contrast',
  },
  { action: 'invert', keys: ['i'], name: 'Invert', description: 'Negative image', group: 'Contrast' },
  {
    action: 'gammaDown',
    keys: ['['],
    name: 'Gamma down',
    short: 'γ−',
    description: 'Darken mid-tones',
    group: 'Contrast',
  },
  {
    action: 'gammaUp',
    keys: [']'],
    name: 'Gamma up',
    short: 'γ+',
    description: 'Brighten mid-tones',
    group: 'Contrast',
  },
  {
    action: 'cmap',
    keys: ['g'],
    name: 'Pseudo-colour',
    short: 'Colour',
    description: 'Cycle grey, hot, rainbow, bone',
    group: 'Contrast',
  },
  {
    action: 'channel',
    keys: ['l'],
    name: 'High/low energy',
    short: 'Hi/Lo',
    description: 'Toggle the high and low energy image',
    group: 'Contrast',
  },
  {
    action: 'equalize',
    keys: ['h'],
    name: 'Equalise',
    short: 'Eq',
    description: 'Histogram equalisation',
    group: 'Contrast',
  },
  {
    action: 'hipen',
    keys: ['p'],
    name: 'High penetration',
    short: 'HiPen',
    description: 'Stretch the densest range',
    group: 'Contrast',
  },
  { action: 'edge', keys: ['e'], name: 'Edge enhance', short: 'Edge', description: 'Sharpen edges', group: 'Contrast' },
  {
    action: 'material',
    keys: ['m'],
    name: 'Material colour',
    short: 'Material',
    description: 'Organic orange, inorganic green, metal blue',
    group: 'Materials',
  },
  {
    action: 'stripOrganic',
    keys: ['o'],
    name: 'Organic only',
    short: 'Org',
    description: 'Show organic only (again to clear)',
    group: 'Materials',
  },
  {
    action: 'stripInorganic',
    keys: ['n'],
    name: 'Inorganic only',
    short: 'Inorg',
    description: 'Show inorganic only (again to clear)',
    group: 'Materials',
  },
  {
    action: 'stripMetal',
    keys: ['t'],
    name: 'Metal only',
    short: 'Metal',
    description: 'Show metal only (again to clear)',
    group: 'Materials',
  },
  {
    action: 'measure',
    keys: ['d'],
    name: 'Measure',
    description: 'Distance in metres: drag, or click two points',
    group: 'Tools',
  },
  {
    action: 'rectangle',
    keys: ['b'],
    name: 'Rectangle region',
    short: 'Rect',
    description: 'Draw a rectangular region (drag)',
    group: 'Tools',
  },
  {
    action: 'polygon',
    keys: ['y'],
    name: 'Polygon region',
    short: 'Poly',
    description: 'Draw a polygon: click points, double-click to close',
    group: 'Tools',
  },
  {
    action: 'loupe',
    keys: ['z'],
    name: 'Loupe',
    description: 'Magnifier under the pointer: 2x, again 4x, again off',
    group: 'Tools',
  },
  {
    action: 'regionStats',
    keys: ['a'],
    name: 'Region statistics',
    short: 'Stats',
    description: 'Values, R, materials and area of the selected (or last) region',
    group: 'Tools',
  },
  { action: 'reset', keys: ['r'], name: 'Reset', description: 'Reset all render settings', group: 'General' },
  { action: 'help', keys: ['?'], name: 'Help', short: '?', description: 'Show these shortcuts', group: 'General' },
  {
    action: 'escape',
    keys: ['Escape'],
    name: 'Cancel',
    description: 'Cancel a tool, close this overlay',
    group: 'General',
  },
];

const BY_KEY = new Map<string, Action>();
const BY_ACTION = new Map<Action, Shortcut>();
for (const s of SHORTCUTS) {
  BY_ACTION.set(s.action, s);
  for (const k of s.keys) BY_KEY.set(k, s.action);
}

export function shortcut(action: Action): Shortcut {
  return BY_ACTION.get(action)!;
}

/** Readable key names for hints and the help overlay. */
export function keyLabel(key: string): string {
  const names: Record<string, string> = {
    ArrowLeft: '←',
    ArrowRight: '→',
    ArrowUp: '↑',
    ArrowDown: '↓',
    Escape: 'Esc',
  };
  return names[key] ?? key;
}

/** True when keys typed here belong to a form field (labels, inputs). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset'].includes(type);
  }
  return false;
}

/** The action for a key press, or null (modified keys and typing are left alone). */
export function actionFor(e: KeyboardEvent): Action | null {
  // AltGr (reported as Ctrl+Alt on Windows) types [ ] ? on many layouts.
  const altGr = e.getModifierState?.('AltGraph') ?? false;
  if (e.isComposing || e.metaKey || (!altGr && (e.ctrlKey || e.altKey))) return null;
  if (isTypingTarget(e.target) && e.key !== 'Escape') return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  return BY_KEY.get(key) ?? BY_KEY.get(e.key) ?? null;
}
