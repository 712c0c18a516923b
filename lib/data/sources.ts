/** Poll.sourceUrls is a JSON array in one text column (portable across SQLite and PostgreSQL). */
export function parseSourceUrls(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
