/**
 * `prisma generate` without network: the CLI insists on a schema-engine binary path even though
 * generate never runs it, so point PRISMA_SCHEMA_ENGINE_BINARY at an existing file (ARCHITECTURE §2).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const prismaBin = path.join(process.cwd(), 'node_modules', '.bin', 'prisma');
const result = spawnSync(prismaBin, ['generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
