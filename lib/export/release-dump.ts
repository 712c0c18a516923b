import 'server-only';
import { getReleaseDump, type DumpFile } from '@/lib/data/releases';
import { CONTENT_TYPES, SCHEMA_VERSION_HEADER } from '@/lib/export/http';
import { ZReleaseVersion } from '@/lib/releases/snapshot';

/**
 * `?release=2026.12.1` on a dump URL: the bytes frozen when the release was published, byte for
 * byte (same checksum as the release page states). Null when the URL names no release, so the
 * route serves the live dump. Immutable, so cacheable for a year.
 */
export async function releaseDumpResponse(request: Request, file: DumpFile): Promise<Response | null> {
  const raw = new URL(request.url).searchParams.get('release');
  if (raw === null || raw === '') return null;
  const parsed = ZReleaseVersion.safeParse(raw);
  if (!parsed.success) {
    return Response.json({ error: { status: 400, message: `Invalid query parameter “release” (got “${raw}”): ${parsed.error.issues[0]?.message ?? 'invalid'}`, parameter: 'release' } }, { status: 400 });
  }
  const dump = await getReleaseDump(parsed.data, file);
  if (!dump) return Response.json({ error: { status: 404, message: `Release ${parsed.data} not found` } }, { status: 404 });
  const [name, format] = file.split('.') as ['polls' | 'indicators', 'csv' | 'json'];
  const schemaVersion = /^\{"schema_version":(\d+)|^schema_version[^\r\n]*\r\n(\d+),/.exec(dump.text);
  return new Response(request.method === 'HEAD' ? null : dump.text, {
    status: 200,
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="pollboard-${name}-release-${parsed.data}.${format}"`,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Pollboard-Release': parsed.data,
      ...(dump.sha256 ? { 'X-Pollboard-Sha256': dump.sha256 } : {}),
      ...(schemaVersion ? { [SCHEMA_VERSION_HEADER]: schemaVersion[1] ?? schemaVersion[2] ?? '' } : {}),
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
