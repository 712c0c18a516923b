/**
 * Colour-vision-deficiency simulation and perceptual colour distance, to check that chart colours
 * stay distinguishable (tests/unit/charts/palette.test.ts). Pure functions, no I/O.
 */

export type Rgb = [number, number, number];
export type Lab = [number, number, number];
export type Deficiency = 'protanopia' | 'deuteranopia' | 'tritanopia';

/**
 * Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color
 * vision deficiency", IEEE TVCG 15(6), table of matrices at severity 1.0; applied to linear RGB.
 */
export const MACHADO_2009: Record<Deficiency, [Rgb, Rgb, Rgb]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

/** "#0072B2" → linear-light RGB in [0, 1] (IEC 61966-2-1 transfer function). */
export function hexToLinear(hex: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m?.[1]) throw new Error(`not a #rrggbb colour: ${hex}`);
  const v = parseInt(m[1], 16);
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return [channel((v >> 16) & 255), channel((v >> 8) & 255), channel(v & 255)];
}

/** The colour as seen with the given deficiency (linear RGB, clamped to the gamut). */
export function simulate(rgb: Rgb, deficiency: Deficiency): Rgb {
  const [r0, r1, r2] = MACHADO_2009[deficiency];
  const dot = (row: Rgb) => Math.min(1, Math.max(0, row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]));
  return [dot(r0), dot(r1), dot(r2)];
}

/** Linear sRGB → CIELAB (D65 white). */
export function linearToLab([r, g, b]: Rgb): Lab {
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const [fx, fy, fz] = [f(x), f(y), f(z)];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/**
 * CIEDE2000 colour difference ΔE00 (kL = kC = kH = 1), following Sharma, Wu & Dalal (2005), "The
 * CIEDE2000 color-difference formula: implementation notes, supplementary test data, and
 * mathematical observations", Color Res. Appl. 30(1). About 1 = just noticeable side by side; chart
 * series need much more (small marks, seen apart).
 * @example deltaE2000([50, 2.6772, -79.7751], [50, 0, -82.7485]) // ≈ 2.0425 (Sharma pair 1)
 */
export function deltaE2000(lab1: Lab, lab2: Lab): number {
  const [L1, a1, b1] = lab1;
  const [L2, a2, b2] = lab2;
  const rad = Math.PI / 180;
  const C1 = Math.hypot(a1, b1);
  const C2 = Math.hypot(a2, b2);
  const Cbar = (C1 + C2) / 2;
  const G = 0.5 * (1 - Math.sqrt(Cbar ** 7 / (Cbar ** 7 + 25 ** 7)));
  const a1p = (1 + G) * a1;
  const a2p = (1 + G) * a2;
  const C1p = Math.hypot(a1p, b1);
  const C2p = Math.hypot(a2p, b2);
  const hue = (b: number, a: number) => {
    if (a === 0 && b === 0) return 0;
    const h = Math.atan2(b, a) / rad;
    return h < 0 ? h + 360 : h;
  };
  const h1p = hue(b1, a1p);
  const h2p = hue(b2, a2p);
  const dLp = L2 - L1;
  const dCp = C2p - C1p;
  let dhp = 0;
  if (C1p * C2p !== 0) {
    dhp = h2p - h1p;
    if (dhp > 180) dhp -= 360;
    else if (dhp < -180) dhp += 360;
  }
  const dHp = 2 * Math.sqrt(C1p * C2p) * Math.sin((dhp / 2) * rad);
  const Lbarp = (L1 + L2) / 2;
  const Cbarp = (C1p + C2p) / 2;
  let hbarp = h1p + h2p;
  if (C1p * C2p !== 0) {
    if (Math.abs(h1p - h2p) <= 180) hbarp = (h1p + h2p) / 2;
    else hbarp = h1p + h2p < 360 ? (h1p + h2p + 360) / 2 : (h1p + h2p - 360) / 2;
  }
  const T =
    1 -
    0.17 * Math.cos((hbarp - 30) * rad) +
    0.24 * Math.cos(2 * hbarp * rad) +
    0.32 * Math.cos((3 * hbarp + 6) * rad) -
    0.2 * Math.cos((4 * hbarp - 63) * rad);
  const dTheta = 30 * Math.exp(-(((hbarp - 275) / 25) ** 2));
  const Rc = 2 * Math.sqrt(Cbarp ** 7 / (Cbarp ** 7 + 25 ** 7));
  const Sl = 1 + (0.015 * (Lbarp - 50) ** 2) / Math.sqrt(20 + (Lbarp - 50) ** 2);
  const Sc = 1 + 0.045 * Cbarp;
  const Sh = 1 + 0.015 * Cbarp * T;
  const Rt = -Math.sin(2 * dTheta * rad) * Rc;
  return Math.sqrt((dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2 + Rt * (dCp / Sc) * (dHp / Sh));
}

/** The smallest ΔE00 between any two colours of a list, as seen with normal vision or a deficiency. */
export function minPairDistance(hexes: readonly string[], deficiency: Deficiency | 'normal'): { distance: number; pair: [string, string] } {
  const labs = hexes.map((h) => {
    const lin = hexToLinear(h);
    return linearToLab(deficiency === 'normal' ? lin : simulate(lin, deficiency));
  });
  let best = { distance: Infinity, pair: ['', ''] as [string, string] };
  for (let i = 0; i < labs.length; i += 1) {
    for (let j = i + 1; j < labs.length; j += 1) {
      const a = labs[i];
      const b = labs[j];
      if (!a || !b) continue;
      const d = deltaE2000(a, b);
      if (d < best.distance) best = { distance: d, pair: [hexes[i] ?? '', hexes[j] ?? ''] };
    }
  }
  return best;
}

/** WCAG 2 contrast ratio of a colour against white. */
export function contrastOnWhite(hex: string): number {
  const [r, g, b] = hexToLinear(hex);
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (l + 0.05);
}
