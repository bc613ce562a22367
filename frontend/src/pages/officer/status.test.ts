import { describe, expect, it } from 'vitest';
import type { SiteScan } from '../../workflow';
import { counts, inFilter, matchesSearch, worklistOrder } from './status';

function scan(id: number, minutesAgo: number, kind: 'suspect' | 'clear' | 'waiting' | 'inspected'): SiteScan {
  const at = new Date(Date.UTC(2026, 11, 1, 8, 0) - minutesAgo * 60_000).toISOString();
  return {
    id,
    scan_uid: `S-${id}`,
    status: 'ready',
    scanned_at: at,
    conveyance: { kind: 'container', container_ids: [`TSTU${id}`], plate: `ZJ-B ${id}` },
    verdict: kind === 'waiting' ? null : { decision: kind === 'clear' ? 'clear' : 'suspect' },
    inspection:
      kind === 'inspected'
        ? ({ scan_id: id, outcome: 'seizure', recorded_at: at } as unknown as SiteScan['inspection'])
        : null,
  } as unknown as SiteScan;
}

describe('the officer worklist', () => {
  const list = [
    scan(1, 1, 'clear'),
    scan(2, 50, 'suspect'),
    scan(3, 3, 'waiting'),
    scan(4, 90, 'suspect'),
    scan(5, 30, 'waiting'),
    scan(6, 2, 'inspected'),
    scan(7, 0, 'suspect'),
  ];

  it('puts suspects awaiting inspection first, oldest first, then holds, then the rest newest first', () => {
    expect(worklistOrder(list).map((s) => s.id)).toEqual([4, 2, 7, 5, 3, 1, 6]);
  });

  it('counts and filters by what the officer does next', () => {
    expect(counts(list)).toEqual({ to_inspect: 3, waiting: 2, released: 2, all: 7 });
    expect(list.filter((s) => inFilter(s, 'released')).map((s) => s.id)).toEqual([1, 6]);
  });

  it('finds a plate however it is typed', () => {
    expect(matchesSearch(scan(12, 0, 'clear'), 'zj-b12')).toBe(true);
    expect(matchesSearch(scan(12, 0, 'clear'), 'tstu12')).toBe(true);
    expect(matchesSearch(scan(12, 0, 'clear'), 'XYZ')).toBe(false);
  });
});
