import { describe, expect, it } from 'vitest';
import { buildWavesTable } from '@/lib/charts/waves';
import { buildHouseEffectsChart } from '@/lib/charts/house-effects';
import { fixturePoll, fixtureQuestion } from '../../support/question-fixture';

describe('buildWavesTable', () => {
  it('compares each wave with the previous wave of the same pollster and wording (hand-computed z-tests)', () => {
    const q = fixtureQuestion([
      fixturePoll({ date: '2020-01-01', values: { for: 40 }, pollster: 'Alpha' }),
      fixturePoll({ date: '2020-02-01', values: { for: 50 }, pollster: 'Beta' }),
      fixturePoll({ date: '2020-03-01', values: { for: 42 }, pollster: 'Alpha' }),
      fixturePoll({ date: '2020-04-01', values: { for: 60 }, pollster: 'Beta' }),
    ]);
    const t = buildWavesTable(q, { option: 'for' });
    expect(t.rows.map((r) => r.pollster)).toEqual(['Beta', 'Alpha', 'Beta', 'Alpha']);
    const [beta2, alpha2, beta1, alpha1] = t.rows;
    // Alpha 40 → 42 (n 1000 each): p̄ = 0.41, SE = √(0.41·0.59·0.002) = 0.0219955, z = 0.9093, p = 0.3632
    expect(alpha2?.change).toMatchObject({ points: 2, verdict: 'within noise', usesImputedN: false });
    expect(alpha2?.change?.pValue).toBeCloseTo(0.3632, 3);
    // Beta 50 → 60: p̄ = 0.55, SE = √(0.55·0.45·0.002) = 0.0222486, z = 4.4947, p ≈ 7.0e-6
    expect(beta2?.change).toMatchObject({ points: 10, verdict: 'real change' });
    expect(beta2?.change?.z).toBeCloseTo(4.495, 2);
    expect(beta1?.change).toBeNull();
    expect(alpha1?.change).toBeNull();
    // Benjamini–Hochberg over the 2 tests: Beta's q = 2·p (p ≈ 7e-6) < 0.05, Alpha's q = 0.3632
    expect(beta2?.change?.qValue ?? 1).toBeLessThan(0.001);
    expect(alpha2?.change?.qValue).toBeCloseTo(0.363, 3);
    expect(t.summary).toBe('2 wave-to-wave changes with known n, 1 of them real at a 5% false discovery rate (Benjamini–Hochberg).');
  });

  it('never compares waves of different wordings', () => {
    const q = fixtureQuestion([
      fixturePoll({ date: '2020-01-01', values: { for: 40 }, wording: 'A' }),
      fixturePoll({ date: '2020-02-01', values: { for: 60 }, wording: 'B' }),
    ]);
    expect(buildWavesTable(q, { option: 'for' }).rows.every((r) => r.change === null)).toBe(true);
  });
});

describe('buildHouseEffectsChart', () => {
  it('estimates house effects jointly with the level (sum to zero)', () => {
    // All four polls on one date: the level of the average pollster is 52, Alpha 2 below, Beta 2 above.
    const q = fixtureQuestion([
      fixturePoll({ date: '2020-01-01', values: { for: 50 }, pollster: 'Alpha' }),
      fixturePoll({ date: '2020-01-01', values: { for: 50 }, pollster: 'Alpha' }),
      fixturePoll({ date: '2020-01-01', values: { for: 54 }, pollster: 'Beta' }),
      fixturePoll({ date: '2020-01-01', values: { for: 54 }, pollster: 'Beta' }),
    ]);
    const h = buildHouseEffectsChart(q, { method: 'mean', option: 'for' });
    expect(h.notShownReason).toBeNull();
    const bySlug = Object.fromEntries(h.rows.map((r) => [r.pollsterSlug, r]));
    expect(bySlug.alpha).toMatchObject({ effect: -2, meanResidual: -2, shrinkage: 0, polls: 2 });
    expect(bySlug.beta).toMatchObject({ effect: 2, meanResidual: 2, shrinkage: 0, polls: 2 });
    // h_Beta = (mean Beta − mean Alpha)/2, Var = (v/2 + v/2)/4 = v/4 with v = 0.52·0.48/1000 → SE 0.7899 points, ±1.548
    expect(bySlug.beta?.low).toBeCloseTo(2 - 1.548, 2);
    expect(bySlug.beta?.high).toBeCloseTo(2 + 1.548, 2);
  });

  it('says why it is not shown when only one pollster asked the main wording', () => {
    const q = fixtureQuestion([fixturePoll({ date: '2020-01-01', values: { for: 50 } }), fixturePoll({ date: '2020-02-01', values: { for: 51 } })]);
    const h = buildHouseEffectsChart(q, { option: 'for' });
    expect(h.rows).toEqual([]);
    expect(h.notShownReason).toMatch(/Only one pollster \(Alpha\)/);
  });
});
