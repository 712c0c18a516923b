'use client';

import { DistributionChart } from '@/components/charts/distribution-chart';
import type { TPollDraft } from '@/components/admin/poll-form';
import { buildDistributionChart, describeDesignEffect } from '@/lib/charts/distribution';
import type { TPickPollster, TPickQuestion } from '@/lib/data/entry';
import type { QuestionPollView } from '@/lib/data/questions';
import { formatNumber } from '@/lib/format/display';

function num(v: string): number | null {
  const t = v.trim();
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return null;
  return Number(t);
}

function isoDay(v: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? `${v}T00:00:00.000Z` : null;
}

/**
 * The chart the question page will draw for this poll, computed in the browser from the form:
 * the same builder (lib/charts/distribution) and the same Wilson intervals on the effective sample
 * size (lib/stats) as the public page, so what the editor sees is what readers will see.
 */
export function PollPreview({ draft, questions, pollsters }: { draft: TPollDraft; questions: Map<string, TPickQuestion>; pollsters: TPickPollster[] }) {
  const pollsterName =
    draft.pollsterId === 'new' ? draft.newPollsterName || 'New pollster' : (pollsters.find((p) => String(p.id) === draft.pollsterId)?.name ?? 'Pollster');
  const n = draft.sampleSizeUndisclosed ? null : num(draft.sampleSize);
  const sampleSize = n !== null && Number.isInteger(n) && n > 0 ? n : null;
  const charts = draft.questions.flatMap((q, qi) => {
    const question = questions.get(q.questionId);
    if (!question) return [];
    const results = q.results.flatMap((r) => {
      const option = question.options.find((o) => String(o.id) === r.optionId);
      const percent = num(r.percent);
      return option && percent !== null && percent >= 0 && percent <= 100 ? [{ optionKey: option.key, optionLabel: option.label, percent }] : [];
    });
    if (results.length === 0) return [];
    const moe = num(draft.reportedMoe);
    const confidence = num(draft.moeConfidence);
    const deff = num(draft.designEffect);
    const view: QuestionPollView = {
      pollId: 0,
      pollQuestionId: qi,
      pollster: { name: pollsterName, slug: '' },
      fieldStart: isoDay(draft.fieldStart),
      fieldEnd: isoDay(draft.fieldEnd),
      datePrecision: 'day',
      publishedAt: isoDay(draft.publishedAt),
      sampleSize,
      population: draft.population || null,
      mode: draft.mode || null,
      modeDetail: draft.modeDetail || null,
      reportedMoe: moe !== null && moe > 0 ? moe : null,
      moeConfidence: moe !== null && moe > 0 && confidence !== null && confidence >= 50 && confidence < 100 ? confidence / 100 : null,
      designEffect: deff !== null && deff > 0 ? deff : null,
      wording: q.wording,
      wordingKey: '',
      sourceUrls: [],
      notes: null,
      results,
    };
    try {
      return [{ key: q.key, chart: buildDistributionChart({ title: question.title, options: question.options }, view) }];
    } catch {
      // Half-typed numbers (e.g. a MoE smaller than possible) can make the maths refuse; no preview then.
      return [];
    }
  });
  if (charts.length === 0) {
    return <p className="text-sm text-gray-700">Choose a question and enter at least one share to see the chart.</p>;
  }
  return (
    <div className="space-y-6" data-testid="poll-preview">
      {charts.map(({ key, chart }) => (
        <figure key={key} className="space-y-2">
          <figcaption className="space-y-1">
            <p className="font-medium">{chart.title}</p>
            <p className="text-sm text-gray-700">{chart.subtitle}</p>
            <p className="text-sm text-gray-700" data-testid="preview-disclosure">
              {chart.sampleSize === null
                ? 'n not disclosed: no intervals can be drawn.'
                : `n = ${formatNumber(chart.sampleSize, 0)}${chart.designEffect ? ` · ${describeDesignEffect(chart.designEffect)}` : ''}${
                    chart.effectiveSampleSize !== null ? ` · effective n ≈ ${formatNumber(chart.effectiveSampleSize, 0)}` : ''
                  }`}
            </p>
          </figcaption>
          <DistributionChart data={chart} />
          <ul className="text-sm text-gray-800" data-testid="preview-intervals">
            {chart.bars.map((b) => (
              <li key={b.key}>
                {b.label}: {b.percent}%{b.interval ? ` (95% interval ${b.interval.low.toFixed(1)}–${b.interval.high.toFixed(1)})` : ''}
              </li>
            ))}
          </ul>
        </figure>
      ))}
    </div>
  );
}
