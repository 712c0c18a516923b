import 'server-only';
import { db, type DbClient } from '@/lib/db';
import { isSlug } from '@/lib/http/route-params';
import type { TObservationFacts } from '@/lib/data/dto';

export interface ObservationView extends TObservationFacts {
  id: number;
  periodStart: string;
  kind: 'actual' | 'estimate' | 'target' | 'forecast';
}

export interface IndicatorView {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  unit: string;
  currency: string | null;
  source: string | null;
  country: string | null;
  topic: string | null;
  observations: ObservationView[];
}

const KINDS = new Set(['actual', 'estimate', 'target', 'forecast']);

function toKind(kind: string): ObservationView['kind'] {
  return (KINDS.has(kind) ? kind : 'actual') as ObservationView['kind'];
}

export async function getIndicatorBySlug(slug: string, client: DbClient = db): Promise<IndicatorView | null> {
  // A string that cannot be a slug is not looked up (issue #15: unbounded slugs reached the database).
  if (!isSlug(slug)) return null;
  const indicator = await client.indicator.findUnique({
    where: { slug },
    include: { observations: { orderBy: [{ periodStart: 'asc' }, { id: 'asc' }] } },
  });
  if (!indicator) return null;
  return {
    id: indicator.id,
    slug: indicator.slug,
    name: indicator.name,
    description: indicator.description,
    unit: indicator.unit,
    currency: indicator.currency,
    source: indicator.source,
    country: indicator.country,
    topic: indicator.topic,
    observations: indicator.observations.map((o) => ({
      id: o.id,
      period: o.period,
      periodType: o.periodType,
      periodStart: o.periodStart.toISOString(),
      value: o.value,
      kind: toKind(o.kind),
      basis: o.basis,
      derived: o.derived,
      isPrimary: o.isPrimary,
      sourceUrl: o.sourceUrl,
      sourceName: o.sourceName,
      notes: o.notes,
    })),
  };
}

export async function listIndicators(client: DbClient = db): Promise<IndicatorView[]> {
  const slugs = await client.indicator.findMany({ select: { slug: true }, orderBy: { name: 'asc' } });
  const views = await Promise.all(slugs.map((s) => getIndicatorBySlug(s.slug, client)));
  return views.filter((v): v is IndicatorView => v !== null);
}
