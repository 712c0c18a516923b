import { imputeSampleSizes } from './imputation';
export function resolveSampleSizes(polls: { pollster: string; question: string; n: number | null; moe: number | null; moeLevel: number }[]) {
  return imputeSampleSizes(polls);
}
