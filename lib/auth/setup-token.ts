import { generateToken, hashToken } from '@/lib/auth/tokens';
import type { PrismaClient } from '@/lib/generated/prisma/client';

/**
 * First-run setup (like Jupyter's or Metabase's setup link): while the database has no user, every
 * start replaces any unused setup token with a new random one and prints the link once; only the
 * token's SHA-256 is stored. `fixedToken` (POLLBOARD_SETUP_TOKEN) exists for automated tests.
 * Returns the token to print, or null when users exist (then all setup tokens are deleted).
 */
export async function ensureSetupToken(db: PrismaClient, fixedToken?: string): Promise<string | null> {
  const users = await db.user.count();
  if (users > 0) {
    await db.setupToken.deleteMany({});
    return null;
  }
  const token = fixedToken ?? generateToken();
  await db.$transaction([db.setupToken.deleteMany({ where: { usedAt: null } }), db.setupToken.create({ data: { tokenHash: hashToken(token) } })]);
  return token;
}

/** True when the token matches an unused setup token and no user exists yet. */
export async function isSetupTokenValid(db: Pick<PrismaClient, 'user' | 'setupToken'>, token: string | undefined | null): Promise<boolean> {
  if (!token || token.length > 200) return false;
  if ((await db.user.count()) > 0) return false;
  const row = await db.setupToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { usedAt: true } });
  return Boolean(row && row.usedAt === null);
}

export function setupUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/admin/setup?token=${encodeURIComponent(token)}`;
}
