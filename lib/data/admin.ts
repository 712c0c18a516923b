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

/** Short read-only lists for the admin section pages (the edit forms come with the forms issue). */
export async function listAdminPolls(take = 100) {
  const polls = await db.poll.findMany({
    orderBy: [{ fieldEnd: 'desc' }, { id: 'desc' }],
    take,
    select: { id: true, fieldStart: true, fieldEnd: true, datePrecision: true, sampleSize: true, version: true, updatedAt: true, pollster: { select: { name: true } } },
  });
  return polls.map((p) => ({
    id: p.id,
    pollster: p.pollster.name,
    fieldStart: p.fieldStart?.toISOString() ?? null,
    fieldEnd: p.fieldEnd?.toISOString() ?? null,
    datePrecision: p.datePrecision,
    sampleSize: p.sampleSize,
    version: p.version,
    updatedAt: p.updatedAt.toISOString(),
  }));
}

export async function listAdminQuestions() {
  return db.question.findMany({ orderBy: { title: 'asc' }, select: { id: true, slug: true, title: true, version: true, _count: { select: { asked: true } } } });
}

export async function listAdminPollsters() {
  return db.pollster.findMany({ orderBy: { name: 'asc' }, select: { id: true, slug: true, name: true, country: true, version: true, _count: { select: { polls: true } } } });
}

export async function listAdminIndicators() {
  return db.indicator.findMany({ orderBy: { name: 'asc' }, select: { id: true, slug: true, name: true, unit: true, version: true, _count: { select: { observations: true } } } });
}
