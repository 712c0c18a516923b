import Link from 'next/link';
import type { WavesTableData } from '@/lib/charts/waves';
import { formatPercent } from '@/lib/format/display';

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
        {data.tests} changes tested; “real change” keeps the false discovery rate at {fdr}% across this table (Benjamini–Hochberg: a change is real
        when its adjusted p, q, is below {data.alpha}), so about {fdr} in 100 changes called real may still be noise.
        {data.withheld > 0 ? ` ${data.withheld} changes get no verdict because n was not disclosed (an assumed n cannot carry a test).` : ''}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse bg-white text-xs sm:min-w-[46rem] sm:text-sm" data-testid="waves-table">
          <caption className="sr-only">{data.title}</caption>
          <thead>
            <tr className="border-b text-left text-gray-700">
              <th scope="col" className="p-1 sm:p-2">
                Pollster<span className="sm:hidden"> · wording · fieldwork</span>
              </th>
              <th scope="col" className="hidden p-2 sm:table-cell">
                Wording
              </th>
              <th scope="col" className="hidden p-2 sm:table-cell">
                Fieldwork
              </th>
              <th scope="col" className="p-1 text-right sm:p-2">
                {data.option.label}
              </th>
              <th scope="col" className="hidden p-2 text-right sm:table-cell">
                n
              </th>
              <th scope="col" className="p-1 text-right sm:p-2">
                Change
              </th>
              <th scope="col" className="p-1 text-right sm:p-2">
                p<span className="hidden sm:inline"> / q (BH)</span>
              </th>
              <th scope="col" className="p-1 sm:p-2">
                Verdict
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.pollId} className="border-b align-top last:border-0" data-poll-id={r.pollId}>
                <td className="max-w-[6.5rem] p-1 break-words sm:max-w-none sm:p-2">
                  {r.pollster}
                  <span className="block text-gray-700 sm:hidden">
                    {wordings > 1 ? `“${r.wording}” · ` : ''}
                    <Link href={`/polls/${r.pollId}`} className="text-blue-900 underline">
                      {r.fieldDates}
                    </Link>
                  </span>
                </td>
                <td className="hidden max-w-[16rem] p-2 text-xs text-gray-800 sm:table-cell" data-testid="wave-wording">
                  {r.wording}
                </td>
                <td className="hidden p-2 whitespace-nowrap sm:table-cell">
                  <Link href={`/polls/${r.pollId}`} className="text-blue-900 underline">
                    {r.fieldDates}
                  </Link>
                </td>
                <td className="p-1 text-right sm:p-2">{formatPercent(r.percent)}</td>
                <td className="hidden p-2 text-right sm:table-cell">
                  {r.sampleSize !== null ? r.sampleSize.toLocaleString('en-GB') : <span title="not disclosed">not disclosed</span>}
                </td>
                <td className="p-1 text-right sm:p-2" data-testid="wave-change">
                  {r.change ? `${r.change.points > 0 ? '+' : ''}${r.change.points.toFixed(1)}` : '—'}
                </td>
                <td className="p-1 text-right tabular-nums sm:p-2 sm:whitespace-nowrap" data-testid="wave-p">
                  {r.change ? pCell(r.change.pValue) : '—'}
                  {r.change ? <span className="hidden text-gray-700 sm:inline"> / {pCell(r.change.qValue)}</span> : null}
                </td>
                <td className="max-w-[6rem] p-1 sm:max-w-none sm:p-2">
                  {r.change ? (
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
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.rows.length > rows.length ? <p className="text-xs text-gray-600">Showing the {rows.length} newest of {data.rows.length} waves; all of them are in the waves CSV/JSON (Download menu above) and the API.</p> : null}
      <p className="text-xs text-gray-600">
        Two-proportion z-test on effective sample sizes against the previous wave of the same pollster with the same wording (“first wave”: there is
        none). p is the test’s own p-value; q is p adjusted for the {data.tests} tests of this table (Benjamini–Hochberg). Where either wave’s n was
        not disclosed the verdict is withheld.
      </p>
    </div>
  );
}
