// The image library in a window of its own, beside the live scan: analysts
// compare a suspicious shape with labelled reference images without leaving
// the scan. One named window, reused (and not reloaded) on every press.

import { PAGE_KEYS, isTypingTarget } from './viewer/keyboard';
import type { PageShortcut } from './viewer/keyboard';

export const LIBRARY_WINDOW = 'cips-library';

/** F, from the one keymap (keyboard.ts). */
export const LIBRARY_KEY: PageShortcut = PAGE_KEYS.library;

/** Open (or bring forward) the library window; false when the browser blocked it. */
export function openLibrary(path = '/library'): boolean {
  // An empty URL finds the named window without reloading it if it is open.
  const win = window.open('', LIBRARY_WINDOW);
  if (!win) return false; // pop-ups blocked: never leave the live scan for it
  try {
    if (win.location.href === 'about:blank') win.location.href = path;
  } catch {
    win.location.href = path;
  }
  win.focus();
  return true;
}

export const LIBRARY_BLOCKED =
  'The browser blocked the library window. Allow pop-ups for CIPS, or open the image library from the top bar in another tab.';

/** True for a plain press of the library key where no field or dialog wants it. */
export function isLibraryKey(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return false;
  if (e.key.toLowerCase() !== LIBRARY_KEY.key || isTypingTarget(e.target)) return false;
  return !document.querySelector('[data-modal], .help-backdrop');
}
