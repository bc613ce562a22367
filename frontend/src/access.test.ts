import { describe, expect, it } from 'vitest';
import { PAGES, canSee } from './access';
import type { Affiliation, Role, User } from './api';

function person(roles: Role[], kind: Affiliation['kind']): User {
  return {
    id: 1,
    username: 'x',
    display_name: 'X',
    roles,
    affiliation: { kind, id: 1, code: 'C', name: 'C' },
    home: '/',
    language: null,
  };
}

const storage = PAGES.find((p) => p.key === 'storage')!;

describe('who sees which page', () => {
  it('shows storage planning to admins and headquarters supervisors only, as the API answers', () => {
    expect(canSee(person(['admin'], 'headquarters'), storage)).toBe(true);
    expect(canSee(person(['supervisor'], 'headquarters'), storage)).toBe(true);
    expect(canSee(person(['supervisor'], 'centre'), storage)).toBe(false);
    expect(canSee(person(['analyst'], 'centre'), storage)).toBe(false);
  });
});
