// Where the image is rendered: in the browser from lossless 16-bit tiles (WebGL2), or on
// the server as JPEG tiles (thumbnails' path; browsers without WebGL2; slow links, where
// lossless tiles cost ~50x the bytes). Chosen automatically, and selectable: the choice is
// kept in this browser.

import { useState } from 'preact/hooks';
import { gpuSupported } from './gpu/XrayDrawer';
import { t } from '../i18n';

export type RenderMode = 'gpu' | 'server';
export type ModeChoice = 'auto' | RenderMode;

const KEY = 'cips.renderMode';
const CHOICES: ModeChoice[] = ['auto', 'gpu', 'server'];

export const CHOICES_SHOWN: readonly ModeChoice[] = CHOICES;
/** Where the image is rendered, in the language in use. */
export const modeLabel = (mode: RenderMode) => t(`viewer:mode.${mode}`);
export const choiceLabel = (choice: ModeChoice) => t(`viewer:choice.${choice}`);

export function savedChoice(): ModeChoice {
  try {
    const value = window.localStorage.getItem(KEY) as ModeChoice | null;
    return value && CHOICES.includes(value) ? value : 'auto';
  } catch {
    return 'auto';
  }
}

function saveChoice(choice: ModeChoice): void {
  try {
    if (choice === 'auto') window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, choice);
  } catch {
    // private mode: the choice lasts for this page
  }
}

/** The browser says the link is slow or metered (Network Information API, where present). */
function slowLink(): boolean {
  const c = (navigator as Navigator & { connection?: { saveData?: boolean; effectiveType?: string } }).connection;
  return !!c && (c.saveData === true || ['slow-2g', '2g', '3g'].includes(c.effectiveType ?? ''));
}

export function resolveMode(choice: ModeChoice, hasData: boolean): { mode: RenderMode; why: string } {
  if (!hasData) return { mode: 'server', why: t('viewer:why.noData') };
  const gpu = gpuSupported();
  if (choice === 'server') return { mode: 'server', why: t('viewer:why.chosen') };
  if (!gpu) return { mode: 'server', why: t('viewer:why.noGpu') };
  if (choice === 'gpu') return { mode: 'gpu', why: t('viewer:why.chosen') };
  if (slowLink()) return { mode: 'server', why: t('viewer:why.slow') };
  return { mode: 'gpu', why: t('viewer:why.fast') };
}

export function useRenderMode(hasData: boolean) {
  const [choice, setChoiceState] = useState<ModeChoice>(savedChoice);
  const setChoice = (c: ModeChoice) => {
    saveChoice(c);
    setChoiceState(c);
  };
  return { choice, setChoice, ...resolveMode(choice, hasData) };
}
