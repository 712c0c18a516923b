import { compareDataResponse } from '@/lib/api/compare-route';

export const runtime = 'nodejs';

export function GET(request: Request): Promise<Response> {
  return compareDataResponse(request, 'json');
}
