import type { CrosstabsChartData } from '@/lib/charts/poll-detail';
import { optionColour } from '@/lib/charts/palette';
import { ChartFigure } from '@/components/charts/chart-figure';
import { Table } from '@/components/ui/table';

function CrosstabTable({ data }: { data: CrosstabsChartData }) {
  return (
    <Table
      variant="data"
      className="min-w-[30rem]"
      caption={data.title}
      testId="crosstab-table"
      rows={data.rows}
      rowKey={(r) => `${r.dimension}-${r.subgroup}`}
      columns={[
        { header: 'Breakdown', cell: (r) => r.dimension },
        { header: 'Subgroup', rowHeader: true, cell: (r) => r.subgroup },
        { header: 'n', numeric: true, cell: (r) => r.sampleSize?.toLocaleString('en-GB') ?? 'not disclosed' },
        ...data.options.map((o, i) => ({
          header: o.label,
          numeric: true,
          cell: (r: CrosstabsChartData['rows'][number]) => {
            const c = r.cells[i];
            return c ? (
              <>
                {c.percent === null ? 'n/a' : `${c.percent}%`}
                {c.interval ? (
                  <span className="block text-xs text-gray-600">
                    {c.interval.low.toFixed(1)}–{c.interval.high.toFixed(1)}
                  </span>
                ) : null}
              </>
            ) : null;
          },
        })),
      ]}
    />
  );
}

/**
 * Small multiples: one panel per subgroup, one bar per answer on the same 0–100 scale. Plain HTML
 * bars (no chart library): the numbers are printed next to each bar.
 */
function SmallMultiples({ data }: { data: CrosstabsChartData }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2 md:grid-cols-3" data-testid="crosstab-multiples">
      {data.rows.map((r) => (
        <li key={`${r.dimension}-${r.subgroup}`} className="min-w-0 rounded border border-gray-200 p-2">
          <p className="text-xs font-medium">
            {r.dimension}: {r.subgroup} <span className="text-gray-600">(n = {r.sampleSize?.toLocaleString('en-GB') ?? 'not disclosed'})</span>
          </p>
          <ul className="mt-1 space-y-1">
            {r.cells.map((c, i) => (
              <li key={c.key} className="grid grid-cols-[5.5rem_1fr_2.5rem] items-center gap-1 text-xs">
                <span className="truncate">{c.label}</span>
                <span className="relative h-3 rounded-sm bg-gray-100" aria-hidden>
                  {c.percent !== null ? (
                    <span className="absolute inset-y-0 left-0 rounded-sm" style={{ width: `${c.percent}%`, background: optionColour(c.key, i) }} />
                  ) : null}
                </span>
                <span className="text-right">{c.percent === null ? 'n/a' : `${c.percent}%`}</span>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

export function Crosstabs({ data }: { data: CrosstabsChartData }) {
  if (data.rows.length === 0)
    return (
      <p className="text-sm text-gray-700" data-testid="no-crosstabs">
        No subgroup results (crosstabs) were published for this question.
      </p>
    );
  return <ChartFigure data={data} testId="crosstabs-figure" chart={<SmallMultiples data={data} />} table={<CrosstabTable data={data} />} tableOpen />;
}
