import type { TImportOptions } from '@/lib/import/options';
import { type TImportMapping, norm, suggestMapping } from '@/lib/import/targets';

/**
 * Mapping presets for common public file shapes. A preset matches by header names; its mapping and
 * option defaults are shown to the editor (and used by `npm run import:csv -- --mapping <id>`).
 */
export interface TImportPreset {
  id: string;
  label: string;
  /** What the preset does, shown beside the mapping. */
  note: string;
  matches(headers: readonly string[]): boolean;
  mapping(headers: readonly string[], sample: readonly (readonly string[])[]): TImportMapping;
  options?: Partial<TImportOptions>;
}

function hasAll(headers: readonly string[], names: string[]): boolean {
  const set = new Set(headers.map(norm));
  return names.every((n) => set.has(n));
}

function explicit(headers: readonly string[], map: Record<string, string>): TImportMapping {
  const out: TImportMapping = {};
  for (const h of headers) out[h] = map[norm(h)] ?? 'ignore';
  return out;
}

export const IMPORT_PRESETS: readonly TImportPreset[] = [
  {
    id: 'fivethirtyeight-raw-polls',
    label: 'FiveThirtyEight raw polls (candidate columns)',
    note: 'One question per race; options named by cand1_name / cand2_name; polldate (median field date) as the field date; election results and error columns ignored.',
    matches: (h) => hasAll(h, ['race', 'pollster', 'polldate', 'cand1 name', 'cand1 pct', 'cand2 name', 'cand2 pct']),
    mapping: (h) =>
      explicit(h, {
        race: 'question',
        pollster: 'pollster',
        polldate: 'fieldEnd',
        samplesize: 'sampleSize',
        methodology: 'mode',
        'cand1 pct': 'result:Candidate 1',
        'cand1 name': 'label:cand1_pct',
        'cand2 pct': 'result:Candidate 2',
        'cand2 name': 'label:cand2_pct',
        'cand3 pct': 'result:Third candidate',
        comment: 'notes',
      }),
    options: { confirmManyQuestions: true, dateOrder: 'mdy' },
  },
  {
    id: 'fivethirtyeight-senate-polls',
    label: 'FiveThirtyEight Senate polls (party shares, no pollster column)',
    note: 'One question per race (cycle, state, class); Democratic and Republican shares in the poll; the election result columns are ignored. The file names no pollster: one is given for every row.',
    matches: (h) => hasAll(h, ['cycle', 'state', 'start date', 'end date', 'dem poll', 'rep poll']),
    mapping: (h) =>
      explicit(h, {
        cycle: 'question',
        state: 'question',
        'senate class': 'question',
        'start date': 'fieldStart',
        'end date': 'fieldEnd',
        'dem poll': 'result:Democrat',
        'rep poll': 'result:Republican',
      }),
    options: { confirmManyQuestions: true, defaultPollster: 'Pollster not named (FiveThirtyEight Senate polls)' },
  },
  {
    id: 'approval-party-crosstabs',
    label: 'Approval / favourability with party crosstab columns',
    note: 'Overall shares per option, and columns such as “Rep Yes”, “Republican Support” or “Approve (Republican)” as party subgroups.',
    matches: (h) => {
      const n = h.map(norm);
      return (
        n.includes('pollster') &&
        n.some((x) => /^(rep|dem|republican|democratic|democrat|ind)\b/.test(x) || /\((rep|dem|republican|democrat|independent)/.test(x))
      );
    },
    mapping: (h, s) => suggestMapping(h, s),
  },
  {
    id: 'wikipedia-table',
    label: 'Wikipedia-style opinion-poll table',
    note: 'Polling firm, fieldwork dates (ranges such as “27–28 Jul”, years given once), sample size, one share column per party or candidate.',
    matches: (h) => {
      const n = h.map(norm);
      return (
        n.some((x) => ['polling firm', 'pollster', 'polling organisation', 'polling organization'].includes(x)) &&
        n.some((x) => ['fieldwork date', 'fieldwork dates', 'dates conducted', 'date s conducted', 'field dates', 'date'].includes(x))
      );
    },
    mapping: (h, s) => suggestMapping(h, s),
  },
  {
    id: 'long-format',
    label: 'Long format (one row per option)',
    note: 'An option column and a share column; rows with the same pollster, dates, question and poll key are one poll.',
    matches: (h) => {
      const n = h.map(norm);
      return (
        n.some((x) => ['option', 'answer', 'response', 'choice', 'party', 'candidate'].includes(x)) &&
        n.some((x) => ['value', 'percent', 'pct', 'share', 'percentage'].includes(x))
      );
    },
    mapping: (h, s) => suggestMapping(h, s),
  },
];

export function findPreset(id: string): TImportPreset | null {
  return IMPORT_PRESETS.find((p) => p.id === id) ?? null;
}

/** The first preset whose headers match, else the plain suggestion. */
export function autoMapping(
  headers: readonly string[],
  sample: readonly (readonly string[])[],
): { preset: TImportPreset | null; mapping: TImportMapping; options: Partial<TImportOptions> } {
  const preset = IMPORT_PRESETS.find((p) => p.matches(headers)) ?? null;
  if (preset) return { preset, mapping: preset.mapping(headers, sample), options: preset.options ?? {} };
  return { preset: null, mapping: suggestMapping(headers, sample), options: {} };
}
