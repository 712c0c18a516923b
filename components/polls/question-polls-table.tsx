import Link from 'next/link';
import type { OptionView, QuestionPollView } from '@/lib/data/questions';
import { formatFieldDates, formatPercent, formatSampleSize } from '@/lib/format/display';

interface WordingGroup {
  wordingKey: string;
  wording: string;
  polls: QuestionPollView[];
}

/** Group polls by equivalent wording, in order of each wording's newest poll. */
export function groupByWording(polls: QuestionPollView[]): WordingGroup[] {
  const groups = new Map<string, WordingGroup>();
  for (const p of polls) {
    const g = groups.get(p.wordingKey) ?? { wordingKey: p.wordingKey, wording: p.wording, polls: [] };
    g.polls.push(p);
    groups.set(p.wordingKey, g);
  }
  return [...groups.values()];
}

/** Every poll of a question, one table per wording: different wordings are never mixed. */
export function QuestionPollsTable({ polls, options }: { polls: QuestionPollView[]; options: OptionView[] }) {
  if (polls.length === 0) return <p className="text-gray-700">No polls yet for this question.</p>;
  const groups = groupByWording(polls);
  return (
    <div className="space-y-6">
      {groups.map((g) => (
        <section key={g.wordingKey} aria-label={`Wording: ${g.wording}`} data-testid="wording-group" className="space-y-2">
          <h3 className="text-sm font-medium text-gray-800">
            Wording: <q>{g.wording}</q> <span className="text-gray-600">({g.polls.length} {g.polls.length === 1 ? 'poll' : 'polls'})</span>
          </h3>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[36rem] border-collapse bg-white text-sm">
              <thead>
                <tr className="border-b text-left text-gray-700">
                  <th scope="col" className="p-2">Pollster</th>
                  <th scope="col" className="p-2">Fieldwork</th>
                  <th scope="col" className="p-2 text-right">n</th>
                  {options.map((o) => (
                    <th key={o.key} scope="col" className="p-2 text-right">
                      {o.label}
                    </th>
                  ))}
                  <th scope="col" className="p-2">Sources</th>
                </tr>
              </thead>
              <tbody>
                {g.polls.slice(0, 50).map((p) => {
                  const byKey = new Map(p.results.map((r) => [r.optionKey, r.percent]));
                  return (
                    <tr key={p.pollQuestionId} className="border-b last:border-0">
                      <td className="p-2"><Link href={`/polls/${p.pollId}`} className="text-blue-900 underline">{p.pollster.name}</Link></td>
                      <td className="p-2 whitespace-nowrap">{formatFieldDates(p.fieldStart, p.fieldEnd, p.datePrecision)}</td>
                      <td className="p-2 text-right">{formatSampleSize(p.sampleSize)}</td>
                      {options.map((o) => {
                        const v = byKey.get(o.key);
                        return (
                          <td key={o.key} className="p-2 text-right">
                            {v === undefined ? <span className="text-gray-500">n/a</span> : formatPercent(v)}
                          </td>
                        );
                      })}
                      <td className="p-2">
                        {p.sourceUrls.length === 0
                          ? 'not disclosed'
                          : p.sourceUrls.map((u, i) => (
                              <a key={u} href={u} className="mr-1 text-blue-900 underline" rel="noopener noreferrer">
                                [{i + 1}]
                              </a>
                            ))}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {g.polls.length > 50 ? <p className="text-xs text-gray-600">Showing the 50 newest of {g.polls.length} polls.</p> : null}
        </section>
      ))}
    </div>
  );
}
