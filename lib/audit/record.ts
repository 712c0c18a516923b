import type { Prisma } from '@/lib/generated/prisma/client';

/** What can write an audit row: the transaction client inside `db.$transaction(async (tx) => …)`. */
export type AuditWriter = Pick<Prisma.TransactionClient, 'auditEvent'>;

export type AuditEntity =
  'Poll' | 'Question' | 'Pollster' | 'Indicator' | 'Observation' | 'Correction' | 'User' | 'Session' | 'Import' | 'Seed' | 'Release' | 'Outcome';

export interface AuditInput {
  /** The acting user; null for the command line (admin:create) and the first-run setup. */
  userId: number | null;
  entity: AuditEntity;
  entityId: string | number;
  /** create | update | delete | import | login | logout | disable | enable | reset_password | setup … */
  action: string;
  before?: unknown;
  after?: unknown;
}

/** Keys whose values never reach the audit log: secrets stay in their own columns only. */
const SECRET_KEYS = new Set(['passwordHash', 'password', 'tokenHash', 'token']);
export const REDACTED = '[redacted]';

function sanitise(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sanitise);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      out[key] = SECRET_KEYS.has(key) ? REDACTED : sanitise(inner);
    }
    return out;
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** JSON for the before/after columns: dates as ISO strings, secrets redacted. */
export function auditJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(sanitise(value));
}

/**
 * Write one AuditEvent. Call it with the transaction client of the write it describes, so the
 * change and its audit row commit or roll back together:
 *
 * ```ts
 * await db.$transaction(async (tx) => {
 *   const poll = await tx.poll.create({ data });
 *   await recordAudit(tx, { userId: user.id, entity: 'Poll', entityId: poll.id, action: 'create', after: poll });
 * });
 * ```
 */
export async function recordAudit(tx: AuditWriter, input: AuditInput): Promise<{ id: number }> {
  return tx.auditEvent.create({
    data: {
      userId: input.userId,
      entity: input.entity,
      entityId: String(input.entityId),
      action: input.action,
      before: auditJson(input.before),
      after: auditJson(input.after),
    },
    select: { id: true },
  });
}
