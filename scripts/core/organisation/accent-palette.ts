/**
 * The colours the site derives from the organisation's accent: links and buttons in the accent itself, and the
 * darker shades for hover, the header and the button's edge. Each shade is the accent mixed with black, which only
 * ever raises its contrast with white: an accent the organisation schema accepts (4.5:1 or more) keeps every
 * shade readable as white text's background and as link text on white.
 */
import { parseHexColour, type Rgb } from './contrast.ts';

export interface AccentPalette {
  /** Links, and the background of buttons (with white text). */
  accent: string;
  /** Links and buttons under the pointer. */
  hover: string;
  /** The header's background (white text on it) and the timeline's line. */
  brand: string;
  /** The edge under a button. */
  shadow: string;
}

/**
 * @example
 * accentPalette('#1d70b8') //=> { accent: '#1d70b8', hover: '#134a79', brand: '#103e65', shadow: '#0c2d4a' }
 */
export function accentPalette(accent: string): AccentPalette {
  const colour = parseHexColour(accent);
  if (!colour) throw new Error(`"${accent}" is not a colour written #rrggbb.`);
  return { accent: hex(colour), hover: hex(towardsBlack(colour, 0.34)), brand: hex(towardsBlack(colour, 0.45)), shadow: hex(towardsBlack(colour, 0.6)) };
}

/** `colour` with `share` of it replaced by black. */
function towardsBlack({ r, g, b }: Rgb, share: number): Rgb {
  const keep = 1 - share;
  return { r: Math.round(r * keep), g: Math.round(g * keep), b: Math.round(b * keep) };
}

function hex({ r, g, b }: Rgb): string {
  return `#${[r, g, b].map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}

/** The CSS custom properties the stylesheet reads (site/styles/site.css), as one `style` attribute's value. */
export function accentStyle(palette: AccentPalette): string {
  return `--accent:${palette.accent};--accent-hover:${palette.hover};--accent-brand:${palette.brand};--accent-shadow:${palette.shadow}`;
}
