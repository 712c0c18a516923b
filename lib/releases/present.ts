import { getEnv } from '@/lib/config/env';
import type { ReleaseSummary } from '@/lib/data/releases';
import { releaseCitations, type ReleaseCitations } from '@/lib/releases/citation';

/** The site's public base URL for citations: PUBLIC_URL, else the local server. */
export function siteBaseUrl(): string {
  const env = getEnv();
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
}

export const RELEASE_PUBLISHER = 'Pollboard';

export function citationsOf(r: ReleaseSummary): ReleaseCitations {
  return releaseCitations({
    version: r.version,
    title: r.title,
    publishedAt: new Date(r.publishedAt),
    url: `${siteBaseUrl()}/releases/${r.version}`,
    publisher: RELEASE_PUBLISHER,
    pollsSha256: r.pollsSha256,
  });
}

export function releaseDumpLinks(version: string) {
  const q = `?release=${version}`;
  return {
    pollsCsv: `/api/v1/export/polls.csv${q}`,
    pollsJson: `/api/v1/export/polls.json${q}`,
    indicatorsCsv: `/api/v1/export/indicators.csv${q}`,
    indicatorsJson: `/api/v1/export/indicators.json${q}`,
  };
}
