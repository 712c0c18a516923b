/** The audit log query behind /admin/audit: filters, date range (UTC days, `to` inclusive), paging. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordAudit } from '@/lib/audit/record';
import { db } from '@/lib/db';
import { auditFilterOptions, listAuditEvents } from '@/lib/data/audit';
import { ZAuditFilter } from '@/lib/schemas/audit';
import { migrateAppDatabase, removeAppDatabase } from '@/tests/support/app-db';

await vi.hoisted(async () => {
  const { prepareAppDatabaseUrl } = await import('../support/app-db');
  await prepareAppDatabaseUrl();
});

beforeAll(async () => {
  await migrateAppDatabase();
  await db.user.createMany({
    data: [
      { email: 'ana@example.org', passwordHash: 'x', role: 'admin' },
      { email: 'ben@example.org', passwordHash: 'x' },
    ],
  });
  // 12 events: days 1–6 of March 2026, two a day; Ana on even ids, Ben on odd.
  for (let i = 0; i < 12; i += 1) {
    const day = 1 + Math.floor(i / 2);
    await db.$transaction(async (tx) => {
      const { id } = await recordAudit(tx, {
        userId: i % 2 === 0 ? 1 : 2,
        entity: i < 8 ? 'Poll' : 'Pollster',
        entityId: String(100 + (i % 3)),
        action: i % 4 === 0 ? 'create' : 'update',
        before: i % 4 === 0 ? undefined : { n: i },
        after: { n: i + 1 },
      });
      await tx.auditEvent.update({ where: { id }, data: { createdAt: new Date(Date.UTC(2026, 2, day, 10 + (i % 2))) } });
    });
  }
});
afterAll(removeAppDatabase);

describe('listAuditEvents', () => {
  it('lists newest first with totals', async () => {
    const page = await listAuditEvents({ page: 1 });
    expect(page.total).toBe(12);
    expect(page.events[0]?.createdAt).toBe('2026-03-06T11:00:00.000Z');
    expect(page.events.at(-1)?.createdAt).toBe('2026-03-01T10:00:00.000Z');
  });

  it('filters by record type, record id, action and user together', async () => {
    const page = await listAuditEvents(ZAuditFilter.parse({ entity: 'Poll', action: 'update', userId: '2' }));
    // Poll = i 0–7; update = i not divisible by 4; Ben = odd i → 1, 3, 5, 7.
    expect(page.total).toBe(4);
    expect(page.events.every((e) => e.entity === 'Poll' && e.action === 'update' && e.user?.email === 'ben@example.org')).toBe(true);
    expect((await listAuditEvents({ entity: 'Poll', entityId: '101' })).total).toBe(3); // i = 1, 4, 7
  });

  it('treats the date range as whole UTC days, "to" included', async () => {
    expect((await listAuditEvents(ZAuditFilter.parse({ from: '2026-03-02', to: '2026-03-03' }))).total).toBe(4);
    expect((await listAuditEvents(ZAuditFilter.parse({ to: '2026-03-01' }))).total).toBe(2);
    expect((await listAuditEvents(ZAuditFilter.parse({ from: '2026-03-07' }))).total).toBe(0);
  });

  it('pages with a fixed size and clamps out-of-range pages', async () => {
    const second = await listAuditEvents({ page: 2 }, 5);
    expect(second).toMatchObject({ total: 12, page: 2, pageCount: 3 });
    expect(second.events.map((e) => e.createdAt)).toEqual([
      '2026-03-04T10:00:00.000Z',
      '2026-03-03T11:00:00.000Z',
      '2026-03-03T10:00:00.000Z',
      '2026-03-02T11:00:00.000Z',
      '2026-03-02T10:00:00.000Z',
    ]);
    expect((await listAuditEvents({ page: 99 }, 5)).page).toBe(3);
  });

  it('offers the entities, actions and users present for the filter menus', async () => {
    expect(await auditFilterOptions()).toEqual({
      entities: ['Poll', 'Pollster'],
      actions: ['create', 'update'],
      users: [
        { id: 1, email: 'ana@example.org' },
        { id: 2, email: 'ben@example.org' },
      ],
    });
  });
});

describe('account and session events (issue #15, finding 7)', () => {
  it('are shown to admins only: editors do not see login addresses or user changes', async () => {
    const ids: number[] = [];
    for (const [entity, action, after] of [
      ['Session', 'login', { ip: '198.51.100.7', userAgent: 'Firefox' }],
      ['User', 'disable', { disabled: true }],
    ] as const) {
      ids.push((await db.$transaction((tx) => recordAudit(tx, { userId: 1, entity, entityId: '1', action, after }))).id);
    }
    try {
      const admin = await listAuditEvents({ page: 1 }, 50, 'admin');
      const editor = await listAuditEvents({ page: 1 }, 50, 'editor');
      expect(admin.total).toBe(14);
      expect(editor.total).toBe(12);
      expect(JSON.stringify(editor.events)).not.toContain('198.51.100.7');
      // Not even when asked for by name.
      expect((await listAuditEvents({ entity: 'Session' }, 50, 'editor')).total).toBe(0);
      expect((await listAuditEvents({ entity: 'Session' }, 50, 'admin')).total).toBe(1);
      expect((await auditFilterOptions('editor')).entities).toEqual(['Poll', 'Pollster']);
      expect((await auditFilterOptions('admin')).entities).toEqual(['Poll', 'Pollster', 'Session', 'User']);
    } finally {
      await db.auditEvent.deleteMany({ where: { id: { in: ids } } });
    }
  });
});
