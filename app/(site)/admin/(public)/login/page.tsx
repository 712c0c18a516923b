import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/admin/login-form';
import { getSessionUser } from '@/lib/auth/session';
import { safeNextPath } from '@/lib/schemas/auth';

export const metadata: Metadata = { title: 'Log in', robots: { index: false } };
export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === 'string' ? params.next : undefined);
  if (await getSessionUser()) redirect(next);
  return (
    <section className="mx-auto max-w-sm space-y-4" aria-labelledby="login-heading">
      <h1 id="login-heading" className="text-2xl font-semibold">
        Log in to Pollboard admin
      </h1>
      <LoginForm next={next === '/admin' ? undefined : next} />
    </section>
  );
}
