'use client';

import type { TrendDrawing } from '@/lib/charts/trend';
import { formatDate } from '@/lib/format/display';
import { Table } from '@/components/ui/table';

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
            <Table
              variant="data"
              className="min-w-[30rem]"
              caption="Trend estimate and bands, percent"
              testId="trend-line-table"
              data={{ 'data-wording': s.wordingKey }}
              rows={s.line}
              rowKey={(p) => p.t}
              columns={[
                { header: 'Date', rowHeader: true, cell: (p) => formatDate(new Date(p.t).toISOString()) },
                { header: 'Estimate', numeric: true, testId: 'trend-estimate', cell: (p) => p.estimate.toFixed(2) },
                { header: '50% band', numeric: true, cell: (p) => `${p.b50[0].toFixed(2)}–${p.b50[1].toFixed(2)}` },
                { header: '80% band', numeric: true, cell: (p) => `${p.b80[0].toFixed(2)}–${p.b80[1].toFixed(2)}` },
                { header: '95% band', numeric: true, cell: (p) => `${p.b95[0].toFixed(2)}–${p.b95[1].toFixed(2)}` },
              ]}
            />
          ) : (
            <p className="text-sm text-gray-700">No trend line: {s.lineNote}.</p>
          )}
          <Table
            variant="data"
            className="min-w-[30rem]"
            caption="Polls drawn as dots"
            testId="trend-poll-table"
            rows={s.polls}
            rowKey={(p) => `${p.t}-${p.pollId}`}
            columns={[
              { header: 'Pollster', cell: (p) => p.pollster },
              { header: 'Fieldwork', cell: (p) => p.fieldDates },
              { header: optionLabel, numeric: true, cell: (p) => p.percent },
              { header: '95% interval', numeric: true, cell: (p) => p.interval ?? 'not shown (n not disclosed)' },
              { header: 'n', numeric: true, cell: (p) => p.n },
            ]}
          />
        </div>
      ))}
    </div>
  );
}
