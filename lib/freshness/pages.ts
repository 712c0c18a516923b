import { hasKey, touchesIndicators, touchesNothing, touchesPolls, type Touched } from '@/lib/freshness/touched';

/**
 * Which public pages a change makes stale, by URL (path and query). The page cache drops those and
 * the live-update stream (/api/v1/events) tells the browsers showing them.
 *
 * - `/` lists every question, the latest polls and the indicators: any change.
 * - `/questions/<slug>`: its polls (with their pollsters' names); a write names the questions it touched.
 * - `/polls/<id>`: the poll itself (a question or pollster rename touches every poll).
 * - `/pollsters/<slug>`: its polls and the house effects of the questions it asked, which any poll of
 *   those questions moves: every change to polls data (pollster pages are few and cheap to redo).
 * - `/indicators/<slug>`: its observations. `/compare?question=&indicator=`: both.
 * - `/embed/…` as the page it embeds. Anything else: any change (the safe answer).
 */
export function pageAffected(pathWithQuery: string, touched: Touched): boolean {
  if (touched.all) return true;
  if (touchesNothing(touched)) return false;
  const url = new URL(pathWithQuery, 'http://pollboard.invalid');
  let parts = url.pathname
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  if (parts[0] === 'embed') parts = parts.slice(1);
  const [kind, key] = parts;
  if (kind === undefined) return true;
  switch (kind) {
    case 'questions':
      return key === undefined || hasKey(touched.questions, key);
    case 'polls':
      return key === undefined || !/^\d+$/.test(key) || hasKey(touched.polls, Number(key));
    case 'pollsters':
      return touchesPolls(touched);
    case 'indicators':
      return key === undefined || hasKey(touched.indicators, key);
    case 'compare': {
      const question = url.searchParams.get('question');
      const indicator = url.searchParams.get('indicator');
      const questionHit = question === null ? touchesPolls(touched) : hasKey(touched.questions, question);
      const indicatorHit = indicator === null ? touchesIndicators(touched) : hasKey(touched.indicators, indicator);
      return questionHit || indicatorHit;
    }
    default:
      return true;
  }
}
