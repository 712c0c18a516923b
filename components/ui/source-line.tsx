import type { ChartSource } from '@/lib/charts/types';

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/**
 * Sources named under a chart at most: a question asked by hundreds of pollsters would otherwise
 * print hundreds of links under every chart. Each poll's own page and the CSV export list them all.
 */
export const SOURCE_LINE_LIMIT = 12;

/** "Source: Levada Center — kiozk.ru, ng.ru" with each URL a link; several sources separated by "; ". */
export function SourceLine({ source, sources, testId = 'source-line' }: { source?: ChartSource; sources?: ChartSource[]; testId?: string }) {
  const all = sources ?? (source ? [source] : []);
  const list = all.slice(0, SOURCE_LINE_LIMIT);
  const more = all.length - list.length;
  return (
    <p className="text-xs text-gray-600 break-words" data-testid={testId}>
      Source{list.length > 1 ? 's' : ''}: {list.length === 0 ? 'not recorded' : null}
      {list.map((s, j) => (
        <span key={s.label}>
          {j > 0 ? '; ' : ''}
          {s.label}
          {s.urls.length > 0 ? ' — ' : ''}
          {s.urls.map((url, i) => (
            <span key={url}>
              {i > 0 ? ', ' : ''}
              <a href={url} className="underline" rel="noopener noreferrer">
                {hostOf(url)}
              </a>
            </span>
          ))}
        </span>
      ))}
      {more > 0 ? `; and ${more} more (each poll’s page and the CSV export list every source)` : null}
    </p>
  );
}
