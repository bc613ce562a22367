// The keyboard: ONE keymap for every page with the viewer (analyst worklist, expert
// review, scan browser, library, exam). The viewer's tools and the pages' own keys are both
// listed here, so no key means two things on one page and no key means different decisions
// on different pages (C is always Clear, S always Suspect; the pseudo-colour tool is G).
// Read by the key handlers, the toolbar (names, key hints) and the help sheet.

import { t } from '../i18n';

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
  'clear' | 'suspect' | 'submit' | 'readyPause' | 'library' | 'priors' | 'nextQuestion' | 'previousQuestion';

/** A page key whose name and description are read in the language in use, when shown. */
function pageKey(action: PageAction, key: string, also?: string[]): PageShortcut {
  return {
    key,
    ...(also ? { also } : {}),
    get name() {
      return t(`viewer:page.${action}.name`);
    },
    get description() {
      return t(`viewer:page.${action}.description`);
    },
  };
}

/** Every page-level key of the app: a page picks the ones it uses with `pageKeys`. */
export const PAGE_KEYS: Record<PageAction, PageShortcut> = {
  clear: pageKey('clear', 'c'),
  suspect: pageKey('suspect', 's'),
  submit: pageKey('submit', 'Enter'),
  readyPause: pageKey('readyPause', 'q'),
  library: pageKey('library', 'f'),
  // Earlier scans of the same container or plate beside the current one (the analyst workstation).
  priors: pageKey('priors', 'v'),
  nextQuestion: pageKey('nextQuestion', 'j', ['PageDown']),
  previousQuestion: pageKey('previousQuestion', 'k', ['PageUp']),
};

/** Is this key press the page key for `action` (letters in either case)? */
export function isPageKey(e: KeyboardEvent, action: PageAction): boolean {
  const k = PAGE_KEYS[action];
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  return key === k.key || (k.also ?? []).includes(e.key);
}

/** A page's own wording of what a key does: a function called when shown (in the language in use). */
export type Wording = string | (() => string);

/** The page keys for `actions`, optionally with a page's own wording of what they do. */
export function pageKeys(...actions: (PageAction | [PageAction, Wording])[]): PageShortcut[] {
  return actions.map((a) => {
    if (!Array.isArray(a)) return PAGE_KEYS[a];
    const base = PAGE_KEYS[a[0]];
    const wording = a[1];
    return {
      key: base.key,
      ...(base.also ? { also: base.also } : {}),
      get name() {
        return base.name;
      },
      get description() {
        return typeof wording === 'function' ? wording() : wording;
      },
    };
  });
}

/** A viewer tool whose names are read in the language in use, when shown. */
function tool(action: Action, keys: string[], group: Group, short = false): Shortcut {
  return {
    action,
    keys,
    group,
    get name() {
      return t(`viewer:tool.${action}.name`);
    },
    get short() {
      return short ? t(`viewer:tool.${action}.short`) : undefined;
    },
    get description() {
      return t(`viewer:tool.${action}.description`);
    },
  };
}

export const SHORTCUTS: Shortcut[] = [
  tool('fit', ['0', 'Home'], 'View'),
  tool('zoomIn', ['+', '='], 'View', true),
  tool('zoomOut', ['-', '_'], 'View', true),
  tool('panLeft', ['ArrowLeft'], 'View'),
  tool('panRight', ['ArrowRight'], 'View'),
  tool('panUp', ['ArrowUp'], 'View'),
  tool('panDown', ['ArrowDown'], 'View'),
  tool('windowLevel', ['w'], 'Contrast', true),
  tool('invert', ['i'], 'Contrast'),
  tool('gammaDown', ['['], 'Contrast', true),
  tool('gammaUp', [']'], 'Contrast', true),
  tool('cmap', ['g'], 'Contrast', true),
  tool('channel', ['l'], 'Contrast', true),
  tool('equalize', ['h'], 'Contrast', true),
  tool('hipen', ['p'], 'Contrast', true),
  tool('edge', ['e'], 'Contrast', true),
  tool('material', ['m'], 'Materials', true),
  tool('stripOrganic', ['o'], 'Materials', true),
  tool('stripInorganic', ['n'], 'Materials', true),
  tool('stripMetal', ['t'], 'Materials', true),
  tool('measure', ['d'], 'Tools'),
  tool('rectangle', ['b'], 'Tools', true),
  tool('polygon', ['y'], 'Tools', true),
  tool('loupe', ['z'], 'Tools'),
  tool('regionStats', ['a'], 'Tools', true),
  tool('reset', ['r'], 'General'),
  tool('help', ['?'], 'General', true),
  tool('escape', ['Escape'], 'General'),
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
