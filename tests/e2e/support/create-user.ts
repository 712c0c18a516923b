/**
 * `tsx tests/e2e/support/create-user.ts <email> <password> <role>`: create a user in the running e2e
 * server's database through the same function as `npm run admin:create` (lib/auth/create-user),
 * without its migration step: the server has migrated the file already, and the WebAssembly
 * migration engine fails on a file another process holds open.
 */
import { createUserRecord } from '@/lib/auth/create-user';
import { createDbClient } from '@/lib/db';

const [email, password, role] = process.argv.slice(2);
const db = createDbClient(process.env.DATABASE_URL);
try {
  const user = await createUserRecord(db, { email: email ?? '', password: password ?? '', role: role ?? 'editor', name: 'E2E data editor' });
  console.log(`created ${user.role} ${user.email}`);
} finally {
  await db.$disconnect();
}
