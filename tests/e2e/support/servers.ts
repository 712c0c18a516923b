import { E2E_DEFAULT_DATABASE_URL } from './constants';

/**
 * The app servers of one Playwright run, each on its own database made from one seeded template
 * (scripts/e2e-server.ts), so no spec depends on what another wrote or on the order they ran in:
 *
 * - `reader`: the reader specs, which assert the demo seed's numbers; nothing writes to it.
 * - `admin`: the admin specs, which add, correct and import polls and publish a release. They run one
 *   file at a time (project `admin`, one worker) so one test's writes never land in the middle of
 *   another's before/after counts; each test makes or finds its own data.
 * - `setup`: a database with no user at all, for the first-run setup link (admin-setup.spec.ts).
 * - `second` (PostgreSQL only): a second `next start` on the admin database (scale-out.spec.ts).
 *
 * Ports: the reader server on E2E_PORT (3100), admin and setup on E2E_PORT + 2 and + 3 unless
 * E2E_ADMIN_PORT / E2E_SETUP_PORT say otherwise, the second server on E2E_SECOND_PORT (3302).
 */
export type E2eRole = 'reader' | 'admin' | 'setup' | 'second';

export interface E2eServer {
  role: E2eRole;
  port: number;
  /** The database this server serves (the second server shares the admin database). */
  databaseUrl: string;
}

/** True in `npm run test:e2e:pg` (scripts/e2e-postgres.ts points E2E_DATABASE_URL at PostgreSQL). */
export function e2eOnPostgres(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^postgres(ql)?:\/\//.test(env.E2E_DATABASE_URL ?? '');
}

/** The seeded template every server's database is copied from (never served itself). */
export function e2eTemplateUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.E2E_DATABASE_URL ?? E2E_DEFAULT_DATABASE_URL;
}

/** The template's URL with the role in the file or database name: `…/pollboard-e2e-admin.db`, `…/pollboard_e2e_x_admin`. */
export function roleDatabaseUrl(templateUrl: string, role: Exclude<E2eRole, 'second'>): string {
  if (/^postgres(ql)?:\/\//.test(templateUrl)) {
    const url = new URL(templateUrl);
    url.pathname = `${url.pathname}_${role}`;
    return url.toString();
  }
  return templateUrl.replace(/(\.db)?(\?.*)?$/, (_match, ext: string | undefined, query: string | undefined) => `-${role}${ext ?? ''}${query ?? ''}`);
}

export function e2eServers(env: NodeJS.ProcessEnv = process.env): E2eServer[] {
  const template = e2eTemplateUrl(env);
  const port = Number(env.E2E_PORT ?? 3100);
  const admin = roleDatabaseUrl(template, 'admin');
  const servers: E2eServer[] = [
    { role: 'reader', port, databaseUrl: roleDatabaseUrl(template, 'reader') },
    { role: 'admin', port: Number(env.E2E_ADMIN_PORT ?? port + 2), databaseUrl: admin },
    { role: 'setup', port: Number(env.E2E_SETUP_PORT ?? port + 3), databaseUrl: roleDatabaseUrl(template, 'setup') },
  ];
  if (e2eOnPostgres(env)) servers.push({ role: 'second', port: Number(env.E2E_SECOND_PORT ?? 3302), databaseUrl: admin });
  return servers;
}

export function e2eServer(role: E2eRole, env: NodeJS.ProcessEnv = process.env): E2eServer {
  const server = e2eServers(env).find((s) => s.role === role);
  if (!server) throw new Error(`no ${role} server in this run (the second server runs only on PostgreSQL)`);
  return server;
}
