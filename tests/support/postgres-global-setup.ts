/**
 * Vitest globalSetup of the project `postgresql`: one throwaway cluster for the whole run, with a
 * migrated template database; removed (server stopped, directory deleted) in teardown.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase, startPostgresCluster } from '../../scripts/lib/postgres-cluster';
import { deployMigrations } from '@/lib/migrations/deploy';
import { createDbClient } from '@/lib/db';
import { stopSignal } from '@/lib/freshness/signal';
import { seedDemo } from '@/lib/seed/demo';
import { SEEDED_TEMPLATE_DATABASE, TEMPLATE_DATABASE } from './postgres';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  const cluster = await startPostgresCluster();
  try {
    const templateUrl = await createDatabase(cluster.adminUrl, TEMPLATE_DATABASE);
    await deployMigrations({ databaseUrl: templateUrl });
    // The demo seed once, into a second template (createTempDatabase with `seeded` clones it).
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${SEEDED_TEMPLATE_DATABASE}" TEMPLATE "${TEMPLATE_DATABASE}"`);
    } finally {
      await admin.end();
    }
    const seededUrl = new URL(cluster.adminUrl);
    seededUrl.pathname = `/${SEEDED_TEMPLATE_DATABASE}`;
    const db = createDbClient(seededUrl.toString());
    try {
      await seedDemo(db);
    } finally {
      stopSignal(db);
      await db.$disconnect();
    }
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  console.log(`postgresql: throwaway cluster on 127.0.0.1:${cluster.port} ready in ${Math.round(performance.now() - started)} ms`);
  project.provide('postgresAdminUrl', cluster.adminUrl);
  return () => cluster.stop();
}
