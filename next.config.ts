import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon and pg is Node-only: keep them out of the server bundle.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', 'pg', '@prisma/adapter-pg'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  experimental: {
    // CSV imports upload the file to a server action; the default limit is 1 MB.
    serverActions: { bodySizeLimit: '10mb' },
    // The site and /embed have separate root layouts (route groups); unmatched URLs need a global 404.
    globalNotFound: true,
  },
  async headers() {
    // Embeds exist to be framed by other sites: say so explicitly (no X-Frame-Options is sent).
    return [{ source: '/embed/:path*', headers: [{ key: 'Content-Security-Policy', value: 'frame-ancestors *' }] }];
  },
};

export default nextConfig;
