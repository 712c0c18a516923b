import type { Metadata } from 'next';
import Link from 'next/link';
import { SetupForm } from '@/components/admin/setup-form';
import { isSetupTokenValid } from '@/lib/auth/setup-token';
import { db } from '@/lib/db';

export const metadata: Metadata = { title: 'First-run setup', robots: { index: false } };
export const dynamic = 'force-dynamic';

export default async function SetupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const value = typeof token === 'string' ? token : '';
  const valid = await isSetupTokenValid(db, value);
  return (
    <section className="mx-auto max-w-md space-y-4" aria-labelledby="setup-heading">
      <h1 id="setup-heading" className="text-2xl font-semibold">
        Create the first admin account
      </h1>
      {valid ? (
        <>
          <p className="text-sm text-gray-700">This link works once, while Pollboard has no user. The account you create here can add more users.</p>
          <SetupForm token={value} />
        </>
      ) : (
        <p role="alert" data-testid="setup-invalid" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          This setup link is not valid. Setup runs once, while no user exists, with the link printed in the server log at start-up. If an account exists,{' '}
          <Link href="/admin/login" className="underline">
            log in
          </Link>{' '}
          instead.
        </p>
      )}
    </section>
  );
}
