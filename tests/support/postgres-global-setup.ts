/**
 * Vitest globalSetup of the project `postgresql`: one throwaway cluster for the whole run, with a
 * migrated template database; removed (server stopped, directory deleted) in teardown.
 */
import type { TestProject } from 'vitest/node';
import { createDatabase, startPostgresCluster } from '../../scripts/lib/postgres-cluster';
import { deployMigrations } from '@/lib/migrations/deploy';
import { TEMPLATE_DATABASE } from './postgres';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  const cluster = await startPostgresCluster();
  try {
    const templateUrl = await createDatabase(cluster.adminUrl, TEMPLATE_DATABASE);
    await deployMigrations({ databaseUrl: templateUrl });
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  console.log(`postgresql: throwaway cluster on 127.0.0.1:${cluster.port} ready in ${Math.round(performance.now() - started)} ms`);
  project.provide('postgresAdminUrl', cluster.adminUrl);
  return () => cluster.stop();
}
