import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="space-y-3" data-testid="not-found">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-gray-700">There is no question, poll or indicator at this address. It may have been renamed.</p>
      <p>
        <Link href="/" className="text-blue-800 underline">
          Back to the overview
        </Link>
      </p>
    </section>
  );
}
