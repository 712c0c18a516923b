import { defineConfig } from 'prisma/config';

// The CLI is used for `prisma generate` only; migrations run offline through scripts/db-migrate.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/pollboard.db' },
});
