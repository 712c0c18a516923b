import { defineConfig } from 'prisma/config';

// The CLI is used for `prisma generate` only (scripts/db-generate.ts passes --schema for each of the
// two schemas); migrations run offline through scripts/db-migrate.ts and scripts/db-deploy.ts.
// PostgreSQL's history is prisma/migrations-postgresql (stock CLI: --schema prisma/postgresql/schema.prisma).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/pollboard.db' },
});
