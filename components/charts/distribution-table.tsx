import type { DistributionChartData } from '@/lib/charts/distribution';
import { formatPoints } from '@/lib/format/display';

/** The numbers the distribution chart draws, as an accessible table. */
export function DistributionTable({ data }: { data: DistributionChartData }) {
  return (
    <table className="w-full self-start border-collapse text-sm" data-testid="distribution-table">
      <caption className="sr-only">
        {data.title}: shares with {Math.round(data.level * 100)}% intervals
      </caption>
      <thead>
        <tr className="border-b text-left text-gray-700">
          <th scope="col" className="p-1.5">Answer</th>
          <th scope="col" className="p-1.5 text-right">Share</th>
          <th scope="col" className="p-1.5 text-right">{Math.round(data.level * 100)}% interval</th>
        </tr>
      </thead>
      <tbody>
        {data.bars.map((b) => (
          <tr key={b.key} className="border-b last:border-0" data-option={b.key}>
            <th scope="row" className="p-1.5 text-left font-normal">{b.label}</th>
            <td className="p-1.5 text-right font-medium" data-testid={`share-${b.key}`}>{b.percent}%</td>
            <td className="p-1.5 text-right" data-testid={`interval-${b.key}`}>
              {b.interval ? `${formatPoints(b.interval.low)}–${formatPoints(b.interval.high)}` : 'not computable (n not disclosed)'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
