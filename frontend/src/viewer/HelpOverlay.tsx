// Keyboard and mouse help (opened with ?), generated from keyboard.ts: the page's own keys
// and the viewer's, one key per row (each row names its keys in data-keys, for the test that
// checks the one keymap).

import { useEffect, useRef } from 'preact/hooks';
import { SHORTCUTS, keyLabel } from './keyboard';
import type { Group, PageShortcut, Shortcut } from './keyboard';
import { t } from '../i18n';

const GROUPS: Group[] = ['View', 'Contrast', 'Materials', 'Tools', 'General'];
const PAN = new Set(['panRight', 'panUp', 'panDown']); // shown with "Pan left" as one row

const MOUSE = ['drag', 'wheel', 'doubleClick', 'rightDrag'] as const;

function Keys({ keys }: { keys: string[] }) {
  return (
    <td class="help__keys">
      {keys.map((k, i) => (
        <span key={k}>
          {i > 0 && ' '}
          <kbd>{keyLabel(k)}</kbd>
        </span>
      ))}
    </td>
  );
}

function row(s: Shortcut) {
  const keys = s.action === 'panLeft' ? ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'] : s.keys;
  const name = s.action === 'panLeft' ? t('viewer:help.pan') : s.name;
  return (
    <tr key={s.action} data-keys={keys.join(' ')} data-name={name}>
      <Keys keys={keys} />
      <th scope="row">{name}</th>
      <td class="muted">{s.action === 'panLeft' ? t('viewer:help.panDescription') : s.description}</td>
    </tr>
  );
}

export function HelpOverlay({ onClose, extra = [] }: { onClose(): void; extra?: PageShortcut[] }) {
  const dialogRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    dialogRef.current?.focus();
    return () => before?.focus?.();
  }, []);

  return (
    <div class="help-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div class="help" role="dialog" aria-modal="true" aria-labelledby="help-title" tabIndex={-1} ref={dialogRef}>
        <div class="help__head">
          <h2 id="help-title">{t('viewer:help.title')}</h2>
          <button type="button" class="button" onClick={onClose}>
            {t('viewer:help.close')}
          </button>
        </div>
        <div class="help__cols">
          {extra.length > 0 && (
            <table class="help__table">
              <caption>{t('viewer:help.thisPage')}</caption>
              <tbody>
                {extra.map((x) => (
                  <tr key={x.key} data-keys={[x.key, ...(x.also ?? [])].join(' ')} data-name={x.name}>
                    <Keys keys={[x.key, ...(x.also ?? [])]} />
                    <th scope="row">{x.name}</th>
                    <td class="muted">{x.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {GROUPS.map((g) => (
            <table class="help__table" key={g}>
              <caption>{t(`viewer:group.${g}`)}</caption>
              <tbody>{SHORTCUTS.filter((s) => s.group === g && !PAN.has(s.action)).map((s) => row(s))}</tbody>
            </table>
          ))}
          <table class="help__table">
            <caption>{t('viewer:help.mouse')}</caption>
            <tbody>
              {MOUSE.map((k) => (
                <tr key={k}>
                  <td class="help__keys">{t(`viewer:mouse.${k}.gesture`)}</td>
                  <th scope="row">{t(`viewer:mouse.${k}.does`)}</th>
                  <td />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
