import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { accentPalette, accentStyle } from '../../scripts/core/organisation/accent-palette.ts';
import { contrastRatio, parseHexColour } from '../../scripts/core/organisation/contrast.ts';
import { MIN_ACCENT_CONTRAST, OrganisationSchema } from '../../scripts/core/organisation/organisation-schema.ts';

const WHITE = { r: 255, g: 255, b: 255 };
const onWhite = (colour: string) => contrastRatio(parseHexColour(colour)!, WHITE);

describe('the colours drawn from an accent', () => {
  test('GOV.UK blue: the accent itself, then darker shades for hover, header and the button’s edge', () => {
    expect(accentPalette('#1d70b8')).toEqual({ accent: '#1d70b8', hover: '#134a79', brand: '#103e65', shadow: '#0c2d4a' });
    expect(accentPalette('#1D70B8').accent).toBe('#1d70b8');
  });

  test('every accent the organisation file accepts gives shades that keep white text and links at AA, each darker than the last', () => {
    const channel = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(channel, channel, channel, (r, g, b) => {
        const accent = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
        fc.pre(OrganisationSchema.shape.accent.safeParse(accent).success);
        const palette = accentPalette(accent);
        const ratios = [palette.accent, palette.hover, palette.brand, palette.shadow].map(onWhite);
        expect(ratios[0]).toBeGreaterThanOrEqual(MIN_ACCENT_CONTRAST);
        for (let i = 1; i < ratios.length; i += 1) expect(ratios[i]).toBeGreaterThanOrEqual(ratios[i - 1]!);
      }),
      { numRuns: 2_000 },
    );
  });

  test('as the custom properties the stylesheet reads', () => {
    expect(accentStyle(accentPalette('#1d70b8'))).toBe('--accent:#1d70b8;--accent-hover:#134a79;--accent-brand:#103e65;--accent-shadow:#0c2d4a');
  });

  test('a value that is not a colour is refused, not guessed at', () => {
    expect(() => accentPalette('purple')).toThrow('"purple" is not a colour written #rrggbb.');
    expect(() => accentPalette('#12345')).toThrow('is not a colour');
  });
});
