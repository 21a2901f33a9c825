// Line colours that stay readable on the theme's background. VS Code's chart colours are tuned for
// dark themes: on Light+ the orange of the dashed training curves reaches only 2.9:1 against white.
// A colour below WCAG's 4.5:1 keeps its hue and chroma and moves in lightness (OKLCH, so the hue
// does not drift) away from the background until it passes. Pure and unit-tested.
import { clampChroma, formatHex, oklch, wcagContrast, wcagLuminance } from 'culori';

/** WCAG 2's contrast for normal text (SC 1.4.3), asked of every curve the panel draws. */
export const MIN_LINE_CONTRAST = 4.5;

/** `colour`, or the nearest colour of its hue with at least `min`:1 contrast against `background`. */
export function readableOn(colour: string, background: string, min = MIN_LINE_CONTRAST): string {
  if (wcagContrast(colour, background) >= min) return colour;
  const start = oklch(colour);
  if (!start) return colour;
  // Away from the background: darker on light backgrounds, lighter on dark ones.
  const step = wcagLuminance(background) > 0.18 ? -0.01 : 0.01;
  for (let l = start.l + step; l >= 0 && l <= 1; l += step) {
    const candidate = formatHex(clampChroma({ ...start, l }, 'oklch'));
    if (wcagContrast(candidate, background) >= min) return candidate;
  }
  return step < 0 ? '#000000' : '#ffffff';
}
