import { beforeAll, describe, expect, it } from 'vitest';
import { PAGE_KEYS, SHORTCUTS, actionFor } from './keyboard';

// No DOM here: a stand-in so isTypingTarget's instanceof checks have a class to test.
beforeAll(() => {
  (globalThis as { HTMLElement?: unknown }).HTMLElement ??= class {};
});

function press(key: string, extra: Partial<KeyboardEvent> = {}): KeyboardEvent {
  return {
    key,
    target: null,
    isComposing: false,
    metaKey: false,
    ctrlKey: false,
    altKey: false,
    ...extra,
  } as KeyboardEvent;
}

describe('the one keymap', () => {
  it('gives every key one meaning, viewer tools and page keys together', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    const claim = (key: string, owner: string) => {
      const k = key.length === 1 ? key.toLowerCase() : key;
      if (seen.has(k)) clashes.push(`${k}: ${seen.get(k)} and ${owner}`);
      seen.set(k, owner);
    };
    for (const s of SHORTCUTS) s.keys.forEach((k) => claim(k, s.action));
    for (const [action, p] of Object.entries(PAGE_KEYS)) [p.key, ...(p.also ?? [])].forEach((k) => claim(k, action));
    expect(clashes).toEqual([]);
  });

  it('finds each shortcut by its key, in either case', () => {
    for (const s of SHORTCUTS) {
      const key = s.keys[0];
      expect(actionFor(press(key))).toBe(s.action);
      if (key.length === 1) expect(actionFor(press(key.toUpperCase()))).toBe(s.action);
    }
  });

  it('leaves browser shortcuts alone', () => {
    const key = SHORTCUTS.find((s) => s.keys[0].length === 1)!.keys[0];
    expect(actionFor(press(key, { ctrlKey: true }))).toBeNull();
    expect(actionFor(press(key, { metaKey: true }))).toBeNull();
    expect(actionFor(press(key, { isComposing: true }))).toBeNull();
  });
});
