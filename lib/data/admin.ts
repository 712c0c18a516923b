import 'server-only';
import { db } from '@/lib/db';

export interface AdminCounts {
  polls: number;
  questions: number;
  pollsters: number;
  indicators: number;
  observations: number;
  users: number;
}

export async function getAdminCounts(): Promise<AdminCounts> {
  const [polls, questions, pollsters, indicators, observations, users] = await Promise.all([
    db.poll.count(),
    db.question.count(),
    db.pollster.count(),
    db.indicator.count(),
    db.observation.count(),
    db.user.count(),
  ]);
  return { polls, questions, pollsters, indicators, observations, users };
}

export interface UserListItem {
  id: number;
  email: string;
  name: string | null;
  role: string;
  disabled: boolean;
  version: number;
  createdAt: string;
  lastSeenAt: string | null;
  activeSessions: number;
}

export async function listUsers(now: Date = new Date()): Promise<UserListItem[]> {
  const users = await db.user.findMany({
    orderBy: { email: 'asc' },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      disabled: true,
      version: true,
      createdAt: true,
      sessions: { where: { expiresAt: { gt: now } }, select: { lastSeenAt: true }, orderBy: { lastSeenAt: 'desc' } },
    },
  });
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
    lastSeenAt: u.sessions[0]?.lastSeenAt.toISOString() ?? null,
    activeSessions: u.sessions.length,
  }));
}
