/** Colour contrast as WCAG 2.2 defines it (relative luminance, success criterion 1.4.3). */

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/**
 * @example
 * parseHexColour('#1d70b8') //=> { r: 29, g: 112, b: 184 }
 * parseHexColour('blue') //=> undefined
 */
export function parseHexColour(text: string): Rgb | undefined {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(text.trim());
  if (!match) return undefined;
  return { r: parseInt(match[1] as string, 16), g: parseInt(match[2] as string, 16), b: parseInt(match[3] as string, 16) };
}

/** WCAG's relative luminance: 0 for black, 1 for white. */
export function relativeLuminance({ r, g, b }: Rgb): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/**
 * The contrast ratio of two colours, from 1 (the same) to 21 (black on white).
 *
 * @example
 * contrastRatio({ r: 0, g: 0, b: 0 }, { r: 255, g: 255, b: 255 }) //=> 21
 * contrastRatio(parseHexColour('#1d70b8')!, { r: 255, g: 255, b: 255 }) //=> 5.17 (to two places)
 */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
