import type { ChartSource } from '@/lib/charts/types';

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** "Source: Levada Center — kiozk.ru, ng.ru" with each URL a link. */
export function SourceLine({ source }: { source: ChartSource }) {
  return (
    <p className="text-xs text-gray-600" data-testid="source-line">
      Source: {source.label}
      {source.urls.length > 0 ? ' — ' : ''}
      {source.urls.map((url, i) => (
        <span key={url}>
          {i > 0 ? ', ' : ''}
          <a href={url} className="underline" rel="noopener noreferrer">
            {hostOf(url)}
          </a>
        </span>
      ))}
    </p>
  );
}
