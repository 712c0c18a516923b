/**
 * The visible note a page shows when its URL had query values the API would refuse with a 400
 * (e.g. `?method=foo`): the page still renders, with the default, and says so.
 */
export function IgnoredParamsNote({ ignored, raw }: { ignored: string[]; raw?: Record<string, string> }) {
  if (ignored.length === 0) return null;
  const named = ignored.map((k) => (raw?.[k] !== undefined ? `${k}=${raw[k]}` : k));
  return (
    <p role="status" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm" data-testid="ignored-params">
      Ignored invalid {ignored.length === 1 ? 'parameter' : 'parameters'}: {named.join(', ')}. Showing the default instead.
    </p>
  );
}
