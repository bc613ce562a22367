// The render tools as a toolbar. Names and keys come from keyboard.ts; the
// accessible name of each button is the tool's name.

import { keyLabel, shortcut } from './keyboard';
import type { Action, Group } from './keyboard';
import { cmapLabel } from './renderParams';
import type { RenderParams } from './renderParams';
import { t } from '../i18n';

export type Tool = 'pan' | 'windowLevel' | 'measure' | 'rectangle' | 'polygon';

interface Props {
  params: RenderParams;
  tool: Tool;
  dualEnergy: boolean;
  regions: boolean;
  onAction(action: Action): void;
  /** Keys the page uses for something else: not shown as this tool's key. */
  reserved?: Set<string>;
  /** The loupe's magnification (0: off). */
  loupe?: number;
}

const GROUPS: { group: Group; actions: Action[] }[] = [
  { group: 'View', actions: ['fit', 'zoomIn', 'zoomOut'] },
  {
    group: 'Contrast',
    actions: ['windowLevel', 'invert', 'gammaDown', 'gammaUp', 'cmap', 'channel', 'equalize', 'hipen', 'edge'],
  },
  { group: 'Materials', actions: ['material', 'stripOrganic', 'stripInorganic', 'stripMetal'] },
  { group: 'Tools', actions: ['measure', 'rectangle', 'polygon', 'loupe', 'regionStats'] },
  { group: 'General', actions: ['reset', 'help'] },
];

const MATERIAL_ACTIONS: Action[] = ['material', 'stripOrganic', 'stripInorganic', 'stripMetal', 'channel'];

/** aria-pressed for toggles; undefined for plain buttons. */
function pressed(action: Action, p: RenderParams, tool: Tool, loupe: number): boolean | undefined {
  switch (action) {
    case 'loupe':
      return loupe > 0;
    case 'invert':
      return p.invert;
    case 'equalize':
      return p.equalize;
    case 'hipen':
      return p.hipen;
    case 'edge':
      return p.edge;
    case 'material':
      return p.material;
    case 'cmap':
      return !p.material && p.cmap !== 'grey';
    case 'stripOrganic':
      return p.strip === 'organic';
    case 'stripInorganic':
      return p.strip === 'inorganic';
    case 'stripMetal':
      return p.strip === 'metal';
    case 'windowLevel':
    case 'measure':
    case 'rectangle':
    case 'polygon':
      return tool === action;
    default:
      return undefined;
  }
}

/** Visible text: the state itself where that is clearer than the tool name. */
function label(action: Action, p: RenderParams, fallback: string): string {
  if (action === 'cmap' && !p.material && p.cmap !== 'grey') return cmapLabel(p.cmap);
  if (action === 'channel') return p.channel === 'high' ? t('viewer:channel.high') : t('viewer:channel.low');
  return fallback;
}

function extra(action: Action, p: RenderParams): string | null {
  if (action === 'gammaUp') return p.gamma === 1 ? null : String(p.gamma);
  return null;
}

export function Toolbar({ params, tool, dualEnergy, regions, onAction, reserved, loupe = 0 }: Props) {
  return (
    <div class="toolbar" role="toolbar" aria-label={t('viewer:toolbar.label')}>
      {GROUPS.map((group) => (
        <div class="toolbar__group" role="group" aria-label={t(`viewer:group.${group.group}`)} key={group.group}>
          {group.actions.map((action) => {
            const s = shortcut(action);
            const ownKeys = s.keys.filter((k) => !reserved?.has(k.toLowerCase()));
            const off =
              (!dualEnergy && MATERIAL_ACTIONS.includes(action)) ||
              (!regions && (action === 'rectangle' || action === 'polygon' || action === 'regionStats'));
            const state = pressed(action, params, tool, loupe);
            const info = extra(action, params);
            const keys = ownKeys.map(keyLabel).join(' / ');
            return (
              <button
                key={action}
                type="button"
                class={`tool${info ? ' tool--info' : ''}`}
                aria-label={s.name}
                aria-pressed={state}
                aria-keyshortcuts={ownKeys.join(' ') || undefined}
                title={`${s.name}${keys ? ` (${keys})` : ''}${off ? ` – ${t('viewer:toolbar.notAvailable')}` : ''}`}
                disabled={off}
                onClick={() => onAction(action)}
              >
                <span class="tool__label" aria-hidden="true">
                  {label(action, params, s.short ?? s.name)}
                </span>
                {info && (
                  <span class="tool__info" aria-hidden="true">
                    {info}
                  </span>
                )}
                {ownKeys[0] && (
                  <kbd class="tool__key" aria-hidden="true">
                    {ownKeys[0]}
                  </kbd>
                )}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
