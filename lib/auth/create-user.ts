import { hashPassword } from '@/lib/auth/password';
import { recordAudit } from '@/lib/audit/record';
import { AppError, zodFieldErrors } from '@/lib/errors/app-error';
import { Prisma, type PrismaClient } from '@/lib/generated/prisma/client';
import { ZUserCreateInput, type TUserCreateInput } from '@/lib/schemas/user';

/**
 * Create a user outside a request (the `admin:create` command): validate, hash, insert and audit in
 * one transaction. `actorId` null = the command line. Throws AppError VALIDATION with field errors.
 */
export async function createUserRecord(
  db: PrismaClient,
  raw: { email: unknown; password: unknown; role?: unknown; name?: unknown },
  actorId: number | null = null,
  via = 'cli',
): Promise<{ id: number; email: string; role: string }> {
  const parsed = ZUserCreateInput.safeParse({ ...raw, role: raw.role ?? 'admin' });
  if (!parsed.success) throw new AppError('VALIDATION', 'Invalid user details.', zodFieldErrors(parsed.error));
  const input: TUserCreateInput = parsed.data;
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, name: input.name, role: input.role, passwordHash } });
      await recordAudit(tx, { userId: actorId, entity: 'User', entityId: user.id, action: 'create', after: { ...user, via } });
      // The setup link is only for a database without users: it dies with the first one.
      await tx.setupToken.deleteMany({});
      return { id: user.id, email: user.email, role: user.role };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('VALIDATION', 'Invalid user details.', { email: ['A user with this email already exists.'] });
    }
    throw error;
  }
}
