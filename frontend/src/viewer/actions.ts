// What each render action does to the parameters (pure; the viewer applies it).

import type { Action } from './keyboard';
import { DEFAULT_PARAMS, nextCmap, stepGamma, toggleStrip } from './renderParams';
import type { RenderParams, ScanCaps } from './renderParams';
import { t } from '../i18n';

/** New parameters for a render action, or null if `action` is not one (or not possible). */
export function applyRenderAction(action: Action, p: RenderParams, caps: ScanCaps): RenderParams | null {
  switch (action) {
    case 'invert':
      return { ...p, invert: !p.invert };
    case 'gammaDown':
      return { ...p, gamma: stepGamma(p.gamma, -1) };
    case 'gammaUp':
      return { ...p, gamma: stepGamma(p.gamma, 1) };
    case 'cmap':
      // Pseudo-colour replaces material colours (the server ignores cmap under them).
      return { ...p, cmap: nextCmap(p.cmap), material: false };
    case 'channel':
      // Windows differ between the energies: back to automatic.
      return caps.dualEnergy
        ? { ...p, channel: p.channel === 'high' ? 'low' : 'high', window: null, level: null }
        : null;
    case 'equalize':
      return { ...p, equalize: !p.equalize };
    case 'hipen':
      return { ...p, hipen: !p.hipen };
    case 'edge':
      return { ...p, edge: !p.edge };
    case 'material':
      return caps.dualEnergy ? { ...p, material: !p.material } : null;
    case 'stripOrganic':
      return caps.dualEnergy ? toggleStrip(p, 'organic') : null;
    case 'stripInorganic':
      return caps.dualEnergy ? toggleStrip(p, 'inorganic') : null;
    case 'stripMetal':
      return caps.dualEnergy ? toggleStrip(p, 'metal') : null;
    case 'reset':
      return { ...DEFAULT_PARAMS, fmt: p.fmt };
    default:
      return null;
  }
}

/** Actions that need a dual-energy scan, with the reason shown otherwise. */
/** Said when a dual-energy tool is pressed on a single-energy scan (in the language in use). */
export const singleEnergyMessage = () => t('viewer:singleEnergy');
