import type { ChartSource } from '@/lib/charts/types';

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** "Source: Levada Center — kiozk.ru, ng.ru" with each URL a link; several sources separated by "; ". */
export function SourceLine({ source, sources, testId = 'source-line' }: { source?: ChartSource; sources?: ChartSource[]; testId?: string }) {
  const list = sources ?? (source ? [source] : []);
  return (
    <p className="text-xs text-gray-600 break-words" data-testid={testId}>
      Source{list.length > 1 ? 's' : ''}:{' '}
      {list.length === 0 ? 'not recorded' : null}
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
    </p>
  );
}
