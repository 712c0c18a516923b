import { diffAudit } from '@/lib/audit/diff';

/** before → after of one audit event as a small table of changed fields. */
export function AuditDiff({ before, after }: { before: string | null; after: string | null }) {
  const rows = diffAudit(before, after);
  if (rows.length === 0) return <span className="text-gray-500">no field changes</span>;
  return (
    <table className="text-xs">
      <caption className="sr-only">Changed fields</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.path} className="align-top">
            <th scope="row" className="pr-2 text-left font-mono font-normal text-gray-700">
              {row.path}
            </th>
            <td className="pr-2 font-mono text-red-900">
              {row.before !== undefined ? <del className="break-all">{row.before}</del> : <span className="sr-only">none</span>}
            </td>
            <td className="font-mono text-green-900">
              {row.after !== undefined ? <ins className="break-all no-underline">{row.after}</ins> : <span className="sr-only">removed</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
