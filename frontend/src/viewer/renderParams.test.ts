import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PARAMS,
  GAMMA_STEPS,
  dziUrl,
  fromQuery,
  nextCmap,
  stepGamma,
  toQuery,
  toggleStrip,
} from './renderParams';

const DUAL = { dualEnergy: true };
const SINGLE = { dualEnergy: false };

describe('render parameters in URLs', () => {
  it('omits defaults and survives a round trip', () => {
    expect(toQuery(DEFAULT_PARAMS)).toBe('');
    const p = { ...DEFAULT_PARAMS, channel: 'low' as const, window: 4000, level: 2000, gamma: 1.5, invert: true };
    const query = toQuery(p);
    expect(query).toBe('?channel=low&window=4000&level=2000&gamma=1.5&invert=1');
    expect(fromQuery(query, DUAL)).toEqual(p);
  });

  it('falls back to defaults on invalid values instead of failing', () => {
    const p = fromQuery('?channel=x&gamma=999&window=-5&level=10&cmap=neon&fmt=gif', DUAL);
    expect(p).toEqual(DEFAULT_PARAMS);
  });

  it('drops dual-energy tools for a single-energy scan', () => {
    const p = fromQuery('?channel=low&material=1&strip=metal', SINGLE);
    expect([p.channel, p.material, p.strip]).toEqual(['high', false, 'none']);
  });

  it('leaves out the colour map under material colours (the server ignores it)', () => {
    expect(toQuery({ ...DEFAULT_PARAMS, material: true, cmap: 'hot' })).toBe('?material=1');
  });

  it('appends to a signed link that has a query already', () => {
    const p = { ...DEFAULT_PARAMS, invert: true };
    expect(dziUrl('/t/abc/scan.dzi?x=1', p)).toBe('/t/abc/scan.dzi?x=1&invert=1');
    expect(dziUrl('/t/abc/scan.dzi', DEFAULT_PARAMS)).toBe('/t/abc/scan.dzi');
  });
});

describe('stepping tools', () => {
  it('steps gamma through its ladder and stops at the ends', () => {
    expect(stepGamma(1, 1)).toBe(1.1);
    expect(stepGamma(1, -1)).toBe(0.9);
    expect(stepGamma(GAMMA_STEPS[GAMMA_STEPS.length - 1], 1)).toBe(GAMMA_STEPS[GAMMA_STEPS.length - 1]);
    expect(stepGamma(GAMMA_STEPS[0], -1)).toBe(GAMMA_STEPS[0]);
  });

  it('cycles colour maps and toggles a material strip', () => {
    expect(nextCmap('bone')).toBe('grey');
    const metal = toggleStrip(DEFAULT_PARAMS, 'metal');
    expect(metal.strip).toBe('metal');
    expect(toggleStrip(metal, 'metal').strip).toBe('none');
  });
});
