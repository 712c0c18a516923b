export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-3">
      <div className="h-7 w-1/2 rounded bg-gray-200" />
      <div className="h-40 rounded bg-gray-200" />
      <span className="sr-only">Loading…</span>
    </div>
  );
}
