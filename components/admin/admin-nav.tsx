'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/admin', label: 'Dashboard' },
  { href: '/admin/polls', label: 'Polls' },
  { href: '/admin/questions', label: 'Questions' },
  { href: '/admin/pollsters', label: 'Pollsters' },
  { href: '/admin/indicators', label: 'Indicators' },
  { href: '/admin/import', label: 'Import' },
  { href: '/admin/outcomes', label: 'Outcomes' },
  { href: '/admin/audit', label: 'Audit log' },
  { href: '/admin/releases', label: 'Releases', adminOnly: true },
  { href: '/admin/users', label: 'Users', adminOnly: true },
] as const;

export function AdminNav({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin">
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {LINKS.filter((l) => !('adminOnly' in l) || isAdmin).map((link) => {
          const current = link.href === '/admin' ? pathname === '/admin' : pathname.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? 'page' : undefined}
                className={current ? 'font-semibold text-gray-900 underline' : 'text-blue-900 hover:underline'}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
