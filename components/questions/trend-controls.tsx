import Link from 'next/link';
import type { TrendChartData } from '@/lib/charts/trend';
import { TREND_METHOD_LABELS } from '@/lib/charts/trend';
import { DEFAULT_TREND_METHOD, TREND_METHODS } from '@/lib/schemas/views';
import { urlOf } from '@/lib/charts/types';

/**
 * Method switcher (links: each is a shareable URL) and the filter form (GET: the URL is the state).
 * Both work without JavaScript and with the keyboard alone.
 */
export function TrendControls({ data }: { data: TrendChartData }) {
  const path = data.urlState.path;
  const withQuery = (patch: Record<string, string | null>) => {
    const query = { ...data.urlState.query };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete query[k];
      else query[k] = v;
    }
    return urlOf({ path, query });
  };
  return (
    <div className="space-y-3">
      <nav aria-label="Trend method" className="flex flex-wrap gap-2" data-testid="method-switcher">
        {TREND_METHODS.map((m) => {
          const current = m === data.trendMethod;
          return (
            <Link
              key={m}
              href={withQuery({ method: m === DEFAULT_TREND_METHOD ? null : m })}
              aria-current={current ? 'true' : undefined}
              scroll={false}
              className={`rounded border px-2.5 py-1 text-sm no-underline ${current ? 'border-blue-900 bg-blue-900 text-white' : 'border-gray-400 bg-white text-gray-900 hover:bg-gray-100'}`}
              data-method={m}
            >
              {TREND_METHOD_LABELS[m]}
            </Link>
          );
        })}
      </nav>
      <form method="get" action={path} className="flex flex-wrap items-end gap-3 text-sm" data-testid="trend-filters">
        {data.trendMethod !== DEFAULT_TREND_METHOD ? <input type="hidden" name="method" value={data.trendMethod} /> : null}
        <label className="flex flex-col">
          <span className="text-gray-700">Answer</span>
          <select name="option" defaultValue={data.option.key} className="rounded border border-gray-400 bg-white px-2 py-1">
            {data.options.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="text-gray-700">Show</span>
          <select name="show" defaultValue={data.state.show} className="rounded border border-gray-400 bg-white px-2 py-1" data-testid="show-select">
            <option value="one">The selected answer</option>
            <option value="all">Every answer (main wording)</option>
            <option value="net">Net: first answer − second</option>
          </select>
        </label>
        <label className="flex flex-col">
          <span className="text-gray-700">From</span>
          <input
            name="from"
            defaultValue={data.state.from ?? ''}
            placeholder="YYYY or YYYY-MM-DD"
            pattern="\d{4}(-\d{2}(-\d{2})?)?"
            className="w-36 rounded border border-gray-400 px-2 py-1"
          />
        </label>
        <label className="flex flex-col">
          <span className="text-gray-700">To</span>
          <input
            name="to"
            defaultValue={data.state.to ?? ''}
            placeholder="YYYY or YYYY-MM-DD"
            pattern="\d{4}(-\d{2}(-\d{2})?)?"
            className="w-36 rounded border border-gray-400 px-2 py-1"
          />
        </label>
        <label className="flex min-w-0 max-w-full flex-col">
          <span className="text-gray-700">Pollster</span>
          <select name="pollster" defaultValue={data.state.pollster ?? ''} className="max-w-full rounded border border-gray-400 bg-white px-2 py-1">
            <option value="">All pollsters</option>
            {data.pollsters.map((p) => (
              <option key={p.slug} value={p.slug}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1.5 pb-1">
          <input type="checkbox" name="zoom" value="1" defaultChecked={data.state.zoom} />
          <span>Zoom the y axis (not from 0)</span>
        </label>
        <label className="flex items-center gap-1.5 pb-1">
          <input type="checkbox" name="error" value="total" defaultChecked={data.state.totalError} data-testid="total-error-toggle" />
          <span>Bands with non-sampling error</span>
        </label>
        <button type="submit" className="rounded bg-gray-900 px-3 py-1.5 text-white">
          Apply
        </button>
        <Link href={path} className="pb-1 text-blue-900 underline">
          Reset
        </Link>
      </form>
    </div>
  );
}
