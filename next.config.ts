import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon and pg is Node-only: keep them out of the server bundle.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', 'pg', '@prisma/adapter-pg'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // CSV imports upload the file to a server action; the default limit is 1 MB.
  experimental: { serverActions: { bodySizeLimit: '10mb' } },
};

export default nextConfig;
