import type { SeriesShape } from '@/lib/charts/palette';

function polygon(points: [number, number][]): string {
  return `M${points.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join('L')}Z`;
}

function star(r: number): [number, number][] {
  const inner = r * 0.45;
  return Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 === 0 ? r : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    return [radius * Math.cos(a), radius * Math.sin(a)] as [number, number];
  });
}

function wye(r: number): [number, number][] {
  // Three arms of half-width w at -90°, 30° and 150° (like d3's symbolWye): each arm's two outer
  // corners, then the inner corner halfway to the next arm, going round in one direction.
  const w = r * 0.3;
  const pts: [number, number][] = [];
  for (const deg of [-90, 30, 150]) {
    const a = (deg * Math.PI) / 180;
    const [cx, cy] = [Math.cos(a), Math.sin(a)];
    const [px, py] = [-cy, cx];
    const b = a + Math.PI / 3;
    pts.push(
      [cx * r - px * w, cy * r - py * w],
      [cx * r + px * w, cy * r + py * w],
      [(Math.cos(b) * w) / Math.sin(Math.PI / 3), (Math.sin(b) * w) / Math.sin(Math.PI / 3)],
    );
  }
  return pts;
}

/**
 * SVG path (centred on 0,0) of a series marker of radius r. The trend and compare charts draw
 * their dots with these shapes and the legends show the same glyphs, so a series can be told
 * apart without its colour (printouts, colour-vision deficiencies).
 */
export function markerPath(shape: SeriesShape, r: number): string {
  switch (shape) {
    case 'circle':
      return `M${-r},0A${r},${r} 0 1,0 ${r},0A${r},${r} 0 1,0 ${-r},0Z`;
    case 'square':
      return polygon([
        [-r * 0.85, -r * 0.85],
        [r * 0.85, -r * 0.85],
        [r * 0.85, r * 0.85],
        [-r * 0.85, r * 0.85],
      ]);
    case 'diamond':
      return polygon([
        [0, -r * 1.25],
        [r * 0.85, 0],
        [0, r * 1.25],
        [-r * 0.85, 0],
      ]);
    case 'triangle':
      return polygon([
        [0, -r * 1.15],
        [r * 1.1, r * 0.8],
        [-r * 1.1, r * 0.8],
      ]);
    case 'star':
      return polygon(star(r * 1.25));
    case 'cross': {
      const w = r * 0.38;
      return polygon([
        [-w, -r],
        [w, -r],
        [w, -w],
        [r, -w],
        [r, w],
        [w, w],
        [w, r],
        [-w, r],
        [-w, w],
        [-r, w],
        [-r, -w],
        [-w, -w],
      ]);
    }
    case 'wye':
      return polygon(wye(r * 1.1));
  }
}
