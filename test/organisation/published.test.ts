import { describe, expect, test } from 'vitest';
import { publishes } from '../../scripts/core/organisation/published.ts';

describe('which procedures the site publishes', () => {
  test('with an organisation file, only those under publish:', () => {
    const organisation = { publish: ['riverside', 'riverside-staff'] };
    expect(publishes(organisation, 'riverside')).toBe(true);
    expect(publishes(organisation, 'riverside-staff')).toBe(true);
    expect(publishes(organisation, 'ceccc')).toBe(false);
    // Ids are matched whole: a prefix of a published id is another procedure.
    expect(publishes(organisation, 'river')).toBe(false);
  });

  test('without one, the demonstration publishes every procedure', () => {
    expect(publishes(undefined, 'ceccc')).toBe(true);
    expect(publishes(undefined, 'naccc-model')).toBe(true);
  });
});
