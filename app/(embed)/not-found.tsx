export default function EmbedNotFound() {
  return (
    <p className="text-sm text-gray-700" data-testid="not-found">
      This chart does not exist (any more). It may have been renamed.
    </p>
  );
}
