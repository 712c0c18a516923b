'use client';

import type { TrendDrawing } from '@/lib/charts/trend';
import { formatDate } from '@/lib/format/display';

/**
 * The trend chart's numbers: every line point with its bands, then every poll dot.
 *
 * A client component fed the same TrendDrawing object as the chart: React sends an object passed to
 * two client components once, so the table costs the page nothing until it is opened (it sits in a
 * TableToggle that renders it on demand). As a server-rendered table it was a third of a
 * 500-poll question page's HTML and RSC payload.
 */
export function TrendTable({ data, optionLabel }: { data: TrendDrawing; optionLabel: string }) {
  return (
    <div className="space-y-4" data-testid="trend-table">
      {data.series.map((s) => (
        <div key={s.wordingKey} className="space-y-2">
          <p className="text-sm font-medium">
            {s.isMain ? 'Main wording' : 'Other wording'}: <q>{s.wording}</q>
          </p>
          {s.line.length > 0 ? (
            <table className="w-full min-w-[30rem] border-collapse bg-white text-sm" data-testid="trend-line-table" data-wording={s.wordingKey}>
              <caption className="sr-only">Trend estimate and bands, percent</caption>
              <thead>
                <tr className="border-b text-left text-gray-700">
                  <th scope="col" className="p-1.5">Date</th>
                  <th scope="col" className="p-1.5 text-right">Estimate</th>
                  <th scope="col" className="p-1.5 text-right">50% band</th>
                  <th scope="col" className="p-1.5 text-right">80% band</th>
                  <th scope="col" className="p-1.5 text-right">95% band</th>
                </tr>
              </thead>
              <tbody>
                {s.line.map((p) => (
                  <tr key={p.t} className="border-b last:border-0">
                    <th scope="row" className="p-1.5 text-left font-normal">{formatDate(new Date(p.t).toISOString())}</th>
                    <td className="p-1.5 text-right" data-testid="trend-estimate">{p.estimate.toFixed(2)}</td>
                    <td className="p-1.5 text-right">{p.b50[0].toFixed(2)}–{p.b50[1].toFixed(2)}</td>
                    <td className="p-1.5 text-right">{p.b80[0].toFixed(2)}–{p.b80[1].toFixed(2)}</td>
                    <td className="p-1.5 text-right">{p.b95[0].toFixed(2)}–{p.b95[1].toFixed(2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-sm text-gray-700">No trend line: {s.lineNote}.</p>
          )}
          <table className="w-full min-w-[30rem] border-collapse bg-white text-sm" data-testid="trend-poll-table">
            <caption className="sr-only">Polls drawn as dots</caption>
            <thead>
              <tr className="border-b text-left text-gray-700">
                <th scope="col" className="p-1.5">Pollster</th>
                <th scope="col" className="p-1.5">Fieldwork</th>
                <th scope="col" className="p-1.5 text-right">{optionLabel}</th>
                <th scope="col" className="p-1.5 text-right">95% interval</th>
                <th scope="col" className="p-1.5 text-right">n</th>
              </tr>
            </thead>
            <tbody>
              {s.polls.map((p) => (
                <tr key={`${p.t}-${p.pollId}`} className="border-b last:border-0">
                  <td className="p-1.5">{p.pollster}</td>
                  <td className="p-1.5">{p.fieldDates}</td>
                  <td className="p-1.5 text-right">{p.percent}</td>
                  <td className="p-1.5 text-right">{p.interval ?? 'not shown (n not disclosed)'}</td>
                  <td className="p-1.5 text-right">{p.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
