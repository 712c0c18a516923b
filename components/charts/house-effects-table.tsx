import type { HouseEffectsChartData } from '@/lib/charts/house-effects';

export function HouseEffectsTable({ data }: { data: HouseEffectsChartData }) {
  return (
    <table className="w-full min-w-[28rem] border-collapse bg-white text-sm" data-testid="house-effects-table">
      <caption className="sr-only">{data.title}</caption>
      <thead>
        <tr className="border-b text-left text-gray-700">
          <th scope="col" className="p-1.5">Pollster</th>
          <th scope="col" className="p-1.5 text-right">Polls</th>
          <th scope="col" className="p-1.5 text-right">House effect (pts)</th>
          <th scope="col" className="p-1.5 text-right">95% interval</th>
          <th scope="col" className="p-1.5 text-right">Raw mean residual</th>
        </tr>
      </thead>
      <tbody>
        {data.rows.map((r) => (
          <tr key={r.pollsterSlug} className="border-b last:border-0">
            <th scope="row" className="p-1.5 text-left font-normal">{r.pollster}</th>
            <td className="p-1.5 text-right">{r.polls}</td>
            <td className="p-1.5 text-right">{r.effect.toFixed(2)}</td>
            <td className="p-1.5 text-right">{r.low.toFixed(2)} to {r.high.toFixed(2)}</td>
            <td className="p-1.5 text-right">{r.meanResidual.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
