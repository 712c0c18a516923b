import Link from 'next/link';
import type { WavesTableData } from '@/lib/charts/waves';
import { formatPercent } from '@/lib/format/display';
import { Table } from '@/components/ui/table';

/** Columns left out below 640 px (their facts stack in the first cell). */
const ONLY_WIDE = 'hidden sm:table-cell';

function pText(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

function pCell(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/**
 * Each wave, its change from the same pollster's previous wave (same wording), the p-value, the
 * Benjamini–Hochberg q-value and the verdict. Below 640 px the pollster, wording and dates stack in
 * the first cell and n is left out, so Change and Verdict stay on screen at 360 px.
 */
export function WavesTable({ data, limit = 120 }: { data: WavesTableData; limit?: number }) {
  if (data.rows.length === 0) return <p className="text-gray-700">No polls yet for this question in this view.</p>;
  const rows = data.rows.slice(0, limit);
  const wordings = new Set(data.rows.map((r) => r.wordingKey)).size;
  const fdr = Math.round(data.alpha * 100);
  return (
    <div className="space-y-2">
      <p className="text-sm text-gray-800" data-testid="waves-fdr">
        {data.tests} changes tested; “real change” keeps the false discovery rate at {fdr}% across this table (Benjamini–Hochberg: a change is real when its
        adjusted p, q, is below {data.alpha}), so about {fdr} in 100 changes called real may still be noise.
        {data.withheld > 0 ? ` ${data.withheld} changes get no verdict because n was not disclosed (an assumed n cannot carry a test).` : ''}
      </p>
      <div className="overflow-x-auto">
        <Table
          variant="data"
          density="responsive"
          size="responsive"
          className="sm:min-w-[46rem]"
          caption={data.title}
          testId="waves-table"
          rows={rows}
          rowKey={(r) => r.pollId}
          rowClassName="align-top"
          rowData={(r) => ({ 'data-poll-id': r.pollId })}
          columns={[
            {
              header: (
                <>
                  Pollster<span className="sm:hidden"> · wording · fieldwork</span>
                </>
              ),
              className: 'max-w-[6.5rem] break-words sm:max-w-none',
              cell: (r) => (
                <>
                  {r.pollster}
                  <span className="block text-gray-700 sm:hidden">
                    {wordings > 1 ? `“${r.wording}” · ` : ''}
                    <Link href={`/polls/${r.pollId}`} className="text-blue-900 underline">
                      {r.fieldDates}
                    </Link>
                  </span>
                </>
              ),
            },
            {
              header: 'Wording',
              headerClassName: ONLY_WIDE,
              className: `${ONLY_WIDE} max-w-[16rem] text-xs text-gray-800`,
              testId: 'wave-wording',
              cell: (r) => r.wording,
            },
            {
              header: 'Fieldwork',
              headerClassName: ONLY_WIDE,
              className: `${ONLY_WIDE} whitespace-nowrap`,
              cell: (r) => (
                <Link href={`/polls/${r.pollId}`} className="text-blue-900 underline">
                  {r.fieldDates}
                </Link>
              ),
            },
            { header: data.option.label, numeric: true, cell: (r) => formatPercent(r.percent) },
            {
              header: 'n',
              numeric: true,
              headerClassName: ONLY_WIDE,
              className: ONLY_WIDE,
              cell: (r) => (r.sampleSize !== null ? r.sampleSize.toLocaleString('en-GB') : <span title="not disclosed">not disclosed</span>),
            },
            {
              header: 'Change',
              numeric: true,
              testId: 'wave-change',
              cell: (r) => (r.change ? `${r.change.points > 0 ? '+' : ''}${r.change.points.toFixed(1)}` : '—'),
            },
            {
              header: (
                <>
                  p<span className="hidden sm:inline"> / q (BH)</span>
                </>
              ),
              numeric: true,
              className: 'tabular-nums sm:whitespace-nowrap',
              testId: 'wave-p',
              cell: (r) => (
                <>
                  {r.change ? pCell(r.change.pValue) : '—'}
                  {r.change ? <span className="hidden text-gray-700 sm:inline"> / {pCell(r.change.qValue)}</span> : null}
                </>
              ),
            },
            {
              header: 'Verdict',
              className: 'max-w-[6rem] sm:max-w-none',
              cell: (r) =>
                r.change ? (
                  <span
                    tabIndex={0}
                    title={`${pText(r.change.pValue)}${r.change.qValue !== null ? `, q = ${r.change.qValue.toFixed(3)} after Benjamini–Hochberg` : ''}; 95% interval of the change ${r.change.interval[0].toFixed(1)} to ${r.change.interval[1].toFixed(1)} points${r.change.usesImputedN ? '; n not disclosed, so no verdict' : ''}`}
                    className={`group relative inline-block rounded px-1 ${r.change.verdict === 'real change' ? 'bg-blue-50 font-medium text-blue-900' : 'text-gray-800'}`}
                    data-testid="wave-verdict"
                  >
                    {r.change.verdict}
                    <span className="ml-1 hidden text-xs text-gray-700 group-focus:inline group-hover:inline">({pText(r.change.pValue)})</span>
                  </span>
                ) : (
                  <span className="text-gray-600" title="no earlier wave of this pollster with this wording to compare with">
                    first wave<span className="hidden sm:inline">{wordings > 1 ? ' of this wording' : ''}</span>
                  </span>
                ),
            },
          ]}
        />
      </div>
      {data.rows.length > rows.length ? (
        <p className="text-xs text-gray-600">
          Showing the {rows.length} newest of {data.rows.length} waves; all of them are in the waves CSV/JSON (Download menu above) and the API.
        </p>
      ) : null}
      <p className="text-xs text-gray-600">
        Two-proportion z-test on effective sample sizes against the previous wave of the same pollster with the same wording (“first wave”: there is none). p is
        the test’s own p-value; q is p adjusted for the {data.tests} tests of this table (Benjamini–Hochberg). Where either wave’s n was not disclosed the
        verdict is withheld.
      </p>
    </div>
  );
}
