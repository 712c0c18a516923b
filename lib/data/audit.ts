import 'server-only';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { TRole } from '@/lib/auth/sessions';
import type { TAuditFilter } from '@/lib/schemas/audit';

/**
 * Account and sign-in events carry login addresses and browsers (`after: { ip, userAgent }`) and
 * say who manages whom: admins only (issue #15: editors saw admins' login IPs).
 */
export const ADMIN_ONLY_AUDIT_ENTITIES = ['User', 'Session', 'SetupToken'] as const;

function visibleTo(viewer: TRole): Prisma.AuditEventWhereInput {
  return viewer === 'admin' ? {} : { entity: { notIn: [...ADMIN_ONLY_AUDIT_ENTITIES] } };
}

export const AUDIT_PAGE_SIZE = 50;

export interface AuditEventView {
  id: number;
  createdAt: string;
  entity: string;
  entityId: string;
  action: string;
  user: { id: number; email: string } | null;
  before: string | null;
  after: string | null;
}

export interface AuditPage {
  events: AuditEventView[];
  total: number;
  page: number;
  pageCount: number;
}

function where(filter: Partial<TAuditFilter>, viewer: TRole): Prisma.AuditEventWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  if (filter.from) createdAt.gte = new Date(`${filter.from}T00:00:00Z`);
  if (filter.to) createdAt.lt = new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000); // the whole "to" day
  return {
    AND: [visibleTo(viewer)],
    ...(filter.entity ? { entity: filter.entity } : {}),
    ...(filter.entityId ? { entityId: filter.entityId } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.userId ? { userId: filter.userId } : {}),
    ...(filter.from || filter.to ? { createdAt } : {}),
  };
}

/** Newest first; dates are UTC days, `to` inclusive. `viewer`: the role of who is looking. */
export async function listAuditEvents(filter: Partial<TAuditFilter>, pageSize = AUDIT_PAGE_SIZE, viewer: TRole = 'editor'): Promise<AuditPage> {
  const w = where(filter, viewer);
  const total = await db.auditEvent.count({ where: w });
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, filter.page ?? 1), pageCount);
  const rows = await db.auditEvent.findMany({
    where: w,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    select: { id: true, createdAt: true, entity: true, entityId: true, action: true, before: true, after: true, user: { select: { id: true, email: true } } },
  });
  return { events: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })), total, page, pageCount };
}

/** Values for the filter drop-downs. */
export async function auditFilterOptions(viewer: TRole = 'editor'): Promise<{ entities: string[]; actions: string[]; users: { id: number; email: string }[] }> {
  const [entities, actions, users] = await Promise.all([
    db.auditEvent.findMany({ where: visibleTo(viewer), distinct: ['entity'], select: { entity: true }, orderBy: { entity: 'asc' } }),
    db.auditEvent.findMany({ where: visibleTo(viewer), distinct: ['action'], select: { action: true }, orderBy: { action: 'asc' } }),
    db.user.findMany({ select: { id: true, email: true }, orderBy: { email: 'asc' } }),
  ]);
  return { entities: entities.map((e) => e.entity), actions: actions.map((a) => a.action), users };
}
