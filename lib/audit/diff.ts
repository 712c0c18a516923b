/**
 * Turn an audit row's before/after JSON into rows a person can read: one per changed field, nested
 * objects flattened to dotted paths. Pure and client-safe (no server imports).
 */
export interface AuditDiffRow {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
}

function parse(json: string | null): unknown {
  if (json === null || json === '') return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix) out.set(prefix, '{}');
    for (const [key, inner] of entries) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    return;
  }
  out.set(prefix || '(value)', value === undefined ? '' : JSON.stringify(value));
}

/** Fields that change on every write and only add noise to a diff. */
const NOISE = new Set(['updatedAt']);

export function diffAudit(beforeJson: string | null, afterJson: string | null): AuditDiffRow[] {
  const before = new Map<string, string>();
  const after = new Map<string, string>();
  const b = parse(beforeJson);
  const a = parse(afterJson);
  if (b !== undefined) flatten(b, '', before);
  if (a !== undefined) flatten(a, '', after);
  const paths = [...new Set([...before.keys(), ...after.keys()])];
  const rows: AuditDiffRow[] = [];
  for (const path of paths) {
    if (NOISE.has(path) && before.has(path) && after.has(path)) continue;
    const was = before.get(path);
    const now = after.get(path);
    if (was === now) continue;
    if (was === undefined) rows.push({ path, kind: 'added', after: now });
    else if (now === undefined) rows.push({ path, kind: 'removed', before: was });
    else rows.push({ path, kind: 'changed', before: was, after: now });
  }
  return rows;
}
