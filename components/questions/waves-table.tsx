import Link from 'next/link';
import type { WavesTableData } from '@/lib/charts/waves';
import { formatPercent } from '@/lib/format';

function pText(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** Each wave, its change from the same pollster's previous wave (same wording) and the verdict. */
export function WavesTable({ data, limit = 120 }: { data: WavesTableData; limit?: number }) {
  if (data.rows.length === 0) return <p className="text-gray-700">No polls yet for this question in this view.</p>;
  const rows = data.rows.slice(0, limit);
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto">
        <table className="w-full min-w-[40rem] border-collapse bg-white text-sm" data-testid="waves-table">
          <caption className="sr-only">{data.title}</caption>
          <thead>
            <tr className="border-b text-left text-gray-700">
              <th scope="col" className="p-2">Pollster</th>
              <th scope="col" className="p-2">Fieldwork</th>
              <th scope="col" className="p-2 text-right">{data.option.label}</th>
              <th scope="col" className="p-2 text-right">n</th>
              <th scope="col" className="p-2 text-right">Change</th>
              <th scope="col" className="p-2">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.pollId} className="border-b last:border-0" data-poll-id={r.pollId}>
                <td className="p-2">{r.pollster}</td>
                <td className="p-2 whitespace-nowrap">
                  <Link href={`/polls/${r.pollId}`} className="text-blue-900 underline">
                    {r.fieldDates}
                  </Link>
                </td>
                <td className="p-2 text-right">{formatPercent(r.percent)}</td>
                <td className="p-2 text-right">{r.sampleSize !== null ? r.sampleSize.toLocaleString('en-GB') : <span title="not disclosed; the test uses an imputed n">imputed*</span>}</td>
                <td className="p-2 text-right" data-testid="wave-change">
                  {r.change ? `${r.change.points > 0 ? '+' : ''}${r.change.points.toFixed(1)}` : '—'}
                </td>
                <td className="p-2">
                  {r.change ? (
                    <span
                      tabIndex={0}
                      title={`${pText(r.change.pValue)}; 95% interval of the change ${r.change.interval[0].toFixed(1)} to ${r.change.interval[1].toFixed(1)} points${r.change.usesImputedN ? '; uses an imputed n' : ''}`}
                      className={`group relative inline-block rounded px-1 ${r.change.verdict === 'real change' ? 'bg-blue-50 font-medium text-blue-900' : 'text-gray-800'}`}
                      data-testid="wave-verdict"
                    >
                      {r.change.verdict}
                      {r.change.usesImputedN ? '*' : ''}
                      <span className="ml-1 hidden text-xs text-gray-700 group-focus:inline group-hover:inline">({pText(r.change.pValue)})</span>
                    </span>
                  ) : (
                    <span className="text-gray-600">first wave</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.rows.length > rows.length ? <p className="text-xs text-gray-600">Showing the {rows.length} newest of {data.rows.length} waves; all of them are in the waves CSV/JSON (Download menu above) and the API.</p> : null}
      <p className="text-xs text-gray-600">
        “Real change” means p &lt; {data.alpha} in a two-proportion z-test on effective sample sizes. * n not disclosed: the test
        assumes the imputed n, so treat the verdict as indicative.
      </p>
    </div>
  );
}
