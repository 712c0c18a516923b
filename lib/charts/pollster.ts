import type { PollsterView } from '@/lib/data/polls';
import { pollPrecision } from '@/lib/charts/precision';

export interface DisclosureRate {
  key: 'sampleSize' | 'reportedMoe' | 'mode' | 'fieldDay' | 'population' | 'weighting' | 'sponsor' | 'sources';
  label: string;
  disclosed: number;
  total: number;
  /** percent of the pollster's polls */
  share: number;
}

/** A pollster's disclosure record: how often each item was published, over its polls. */
export interface PollsterRecordData {
  kind: 'pollster-record';
  slug: string;
  name: string;
  pollCount: number;
  rates: DisclosureRate[];
  questions: { slug: string; title: string; polls: number }[];
  designEffectOrigins: Record<string, number>;
}

export function buildPollsterRecord(p: PollsterView): PollsterRecordData {
  const total = p.polls.length;
  const count = (pred: (poll: PollsterView['polls'][number]) => boolean) => p.polls.filter(pred).length;
  const items: [DisclosureRate['key'], string, number][] = [
    ['sampleSize', 'Sample size (n)', count((x) => x.sampleSize !== null)],
    ['reportedMoe', 'Margin of error', count((x) => x.reportedMoe !== null)],
    ['mode', 'Mode', count((x) => x.mode !== null)],
    ['fieldDay', 'Exact field dates (to the day)', count((x) => x.fieldEnd !== null && x.datePrecision === 'day')],
    ['population', 'Population', count((x) => x.population !== null)],
    ['weighting', 'Weighting', count((x) => x.weighting !== null)],
    ['sponsor', 'Sponsor', count((x) => x.sponsor !== null)],
    ['sources', 'A source link', count((x) => x.sourceUrls.length > 0)],
  ];
  const questions = new Map<string, { slug: string; title: string; polls: number }>();
  const origins: Record<string, number> = { reported: 0, 'reported-below-1': 0, 'derived-from-moe': 0, assumed: 0, 'n not disclosed': 0 };
  for (const poll of p.polls) {
    for (const q of poll.questions) {
      const e = questions.get(q.question.slug) ?? { slug: q.question.slug, title: q.question.title, polls: 0 };
      e.polls += 1;
      questions.set(q.question.slug, e);
    }
    const d = pollPrecision(poll).designEffect;
    const key = d ? d.origin : 'n not disclosed';
    origins[key] = (origins[key] ?? 0) + 1;
  }
  return {
    kind: 'pollster-record',
    slug: p.slug,
    name: p.name,
    pollCount: total,
    rates: items.map(([key, label, disclosed]) => ({ key, label, disclosed, total, share: total === 0 ? 0 : Math.round((disclosed / total) * 1000) / 10 })),
    questions: [...questions.values()].sort((a, b) => b.polls - a.polls),
    designEffectOrigins: origins,
  };
}
