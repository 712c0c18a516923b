import type { NextConfig } from 'next';
import { securityHeaderRules } from './lib/http/security-headers';

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon and pg is Node-only: keep them out of the server bundle.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', 'pg', '@prisma/adapter-pg'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  experimental: {
    // Every server action (login and logout included) decodes its body before it can check the
    // session, so the limit is the 1 MB default (issue #15: a 9 MB form of 150,000 fields froze the
    // server). Uploads go to route handlers that check the session before reading the body.
    serverActions: { bodySizeLimit: '1mb' },
    // The site and /embed have separate root layouts (route groups); unmatched URLs need a global 404.
    globalNotFound: true,
  },
  async headers() {
    // Framing, sniffing, referrer and content policies (lib/http/security-headers.ts); embeds exist
    // to be framed by other sites, admin pages never are.
    return securityHeaderRules(process.env.NODE_ENV !== 'production');
  },
};

export default nextConfig;
