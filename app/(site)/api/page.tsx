import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { Table } from '@/components/ui/table';

export const metadata: Metadata = { title: 'API and data downloads' };

interface Param {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: { type?: string; enum?: string[]; default?: unknown; pattern?: string };
}
interface Column {
  name: string;
  type: string;
  nullable: boolean;
  description: string;
}
interface Operation {
  summary: string;
  description?: string;
  tags: string[];
  parameters: Param[];
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }>; 'x-csv-columns'?: Column[] }>;
}
interface SchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

/** Example values that work on the demo data, so every example can be pasted and run. */
const EXAMPLES: Record<string, string> = { '{slug}': 'kuril-transfer', '{id}': '1' };

function exampleUrl(origin: string, path: string): string {
  let p = path.replace('{slug}', path.startsWith('/api/v1/indicators') ? 'russia-japan-trade' : (EXAMPLES['{slug}'] ?? ''));
  p = p.replace('{id}', EXAMPLES['{id}'] ?? '1');
  if (p === '/api/v1/compare.csv' || p === '/api/v1/compare.json') p += '?question=kuril-transfer&indicator=russia-japan-trade';
  if (p.endsWith('/trend.csv')) p += '?method=kalman';
  return origin + p;
}

function typeOf(s: SchemaNode | undefined): string {
  if (!s) return 'any';
  if (s.anyOf) return s.anyOf.map(typeOf).join(' | ');
  const t = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
  return t === 'array' ? `array of ${typeOf(s.items)}` : t;
}

/** Fields of a response: the top level and one level into `data` (an object or a list of objects). */
function fieldsOf(schema: SchemaNode | undefined): { name: string; type: string; description: string }[] {
  const out: { name: string; type: string; description: string }[] = [];
  for (const [name, s] of Object.entries(schema?.properties ?? {})) {
    out.push({ name, type: typeOf(s), description: s.description ?? '' });
    const inner = s.type === 'array' ? s.items : s;
    if (name === 'data' && inner?.properties) {
      for (const [n, c] of Object.entries(inner.properties))
        out.push({ name: `data${s.type === 'array' ? '[]' : ''}.${n}`, type: typeOf(c), description: c.description ?? '' });
    }
  }
  return out;
}

/** /api: the OpenAPI document rendered for people — endpoints, parameters, fields, and copy-paste examples. */
export default async function ApiPage() {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost:3000';
  const proto = h.get('x-forwarded-proto') ?? (host.startsWith('localhost') || host.startsWith('127.') ? 'http' : 'https');
  const origin = `${proto}://${host}`;
  const doc = buildOpenApiDocument() as { paths: Record<string, { get: Operation }>; components: { schemas: Record<string, SchemaNode> } };
  const entries = Object.entries(doc.paths);
  const tags = [...new Set(entries.map(([, p]) => p.get.tags[0] ?? 'Other'))];
  const csvExample = exampleUrl(origin, '/api/v1/questions/{slug}/trend.csv');
  return (
    <article className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">API and data downloads</h1>
        <p className="text-gray-700">
          Read-only, JSON or CSV, no key needed. Every chart’s data is at its URL plus <code>.csv</code> or <code>.json</code>; the CSV is a long table, the
          JSON adds the title, units, method and parameters, sources and the page URL. Responses carry an ETag: send it back in <code>If-None-Match</code> and
          you get <code>304 Not Modified</code> until the data changes. Every error answers{' '}
          <code>{'{ "error": { "code", "status", "message", "parameter"?, "issues"? } }'}</code>: <code>parameter</code> names the one at fault.
        </p>
        <p className="text-sm">
          <a href="/api/v1/openapi.json" className="text-blue-900 underline" data-testid="openapi-link">
            OpenAPI 3.1 document (/api/v1/openapi.json)
          </a>{' '}
          ·{' '}
          <Link href="/methodology" className="text-blue-900 underline">
            How the numbers are computed
          </Link>
        </p>
      </header>

      <section aria-labelledby="examples-heading" className="space-y-3 rounded-lg border border-gray-200 bg-white p-4">
        <h2 id="examples-heading" className="text-lg font-semibold">
          Quick start
        </h2>
        <dl className="space-y-2 text-sm" data-testid="api-examples">
          <dt className="font-medium">curl</dt>
          <dd>
            <pre className="overflow-x-auto rounded bg-gray-100 p-2">
              <code>{`curl -OJ '${csvExample}'`}</code>
            </pre>
          </dd>
          <dt className="font-medium">Python (pandas)</dt>
          <dd>
            <pre className="overflow-x-auto rounded bg-gray-100 p-2">
              <code>{`import pandas as pd\ndf = pd.read_csv("${csvExample}", parse_dates=["date"])`}</code>
            </pre>
          </dd>
          <dt className="font-medium">R</dt>
          <dd>
            <pre className="overflow-x-auto rounded bg-gray-100 p-2">
              <code>{`df <- read.csv("${csvExample}")`}</code>
            </pre>
          </dd>
          <dt className="font-medium">Spreadsheet (Google Sheets)</dt>
          <dd>
            <pre className="overflow-x-auto rounded bg-gray-100 p-2">
              <code>{`=IMPORTDATA("${csvExample}")`}</code>
            </pre>
          </dd>
        </dl>
      </section>

      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="space-y-4">
          <h2 id={`tag-${tag}`} className="text-lg font-semibold">
            {tag}
          </h2>
          {entries
            .filter(([, p]) => (p.get.tags[0] ?? 'Other') === tag)
            .map(([path, { get: op }]) => {
              const ok = op.responses['200'];
              const ref = ok?.content?.['application/json']?.schema.$ref?.split('/').at(-1);
              const fields = ref ? fieldsOf(doc.components.schemas[ref]) : [];
              const columns = ok?.['x-csv-columns'] ?? [];
              const url = exampleUrl(origin, path);
              return (
                <div key={path} className="min-w-0 space-y-2 rounded-lg border border-gray-200 bg-white p-4" data-testid="api-endpoint" data-path={path}>
                  <h3 className="break-all font-mono text-sm font-semibold">GET {path}</h3>
                  <p className="text-sm text-gray-700">{op.summary}</p>
                  {op.parameters.length > 0 ? (
                    <div className="overflow-x-auto">
                      <Table
                        variant="data"
                        density="compact"
                        size="xs"
                        caption={`Parameters of ${path}`}
                        rows={op.parameters}
                        rowKey={(p) => p.in + p.name}
                        rowClassName="align-top"
                        columns={[
                          { header: 'parameter', className: 'font-mono', cell: (p) => `${p.name}${p.required ? ' (required)' : ''}` },
                          { header: 'in', cell: (p) => p.in },
                          {
                            header: 'values',
                            className: 'break-all',
                            cell: (p) =>
                              `${p.schema.enum ? p.schema.enum.join(' | ') : p.schema.pattern ? `${p.schema.type ?? 'string'} matching ${p.schema.pattern}` : (p.schema.type ?? 'string')}${p.schema.default !== undefined ? ` (default ${String(p.schema.default)})` : ''}`,
                          },
                          { header: 'meaning', cell: (p) => p.description ?? '' },
                        ]}
                      />
                    </div>
                  ) : null}
                  {columns.length > 0 || fields.length > 0 ? (
                    <details className="text-xs">
                      <summary className="cursor-pointer text-sm">
                        {columns.length > 0 ? `CSV columns (${columns.length})` : `Response fields (${fields.length})`}
                      </summary>
                      <ul className="mt-1 space-y-0.5">
                        {(columns.length > 0
                          ? columns.map((c) => ({ name: c.name, type: `${c.type}${c.nullable ? ', may be empty' : ''}`, description: c.description }))
                          : fields
                        ).map((f) => (
                          <li key={f.name}>
                            <code>{f.name}</code> ({f.type}){f.description ? `: ${f.description}` : ''}
                          </li>
                        ))}
                      </ul>
                    </details>
                  ) : null}
                  <pre className="overflow-x-auto rounded bg-gray-100 p-2 text-xs">
                    <code>{`curl '${url}'`}</code>
                  </pre>
                </div>
              );
            })}
        </section>
      ))}
    </article>
  );
}
