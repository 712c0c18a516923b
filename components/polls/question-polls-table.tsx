import Link from 'next/link';
import type { OptionView, QuestionPollView } from '@/lib/data/questions';
import { formatFieldDates, formatPercent, formatSampleSize } from '@/lib/format/display';
import { Table } from '@/components/ui/table';

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
            Wording: <q>{g.wording}</q>{' '}
            <span className="text-gray-600">
              ({g.polls.length} {g.polls.length === 1 ? 'poll' : 'polls'})
            </span>
          </h3>
          <div className="overflow-x-auto">
            <Table
              variant="data"
              density="roomy"
              className="min-w-[36rem]"
              rows={g.polls.slice(0, 50)}
              rowKey={(p) => p.pollQuestionId}
              columns={[
                {
                  header: 'Pollster',
                  cell: (p) => (
                    <Link href={`/polls/${p.pollId}`} className="text-blue-900 underline">
                      {p.pollster.name}
                    </Link>
                  ),
                },
                { header: 'Fieldwork', className: 'whitespace-nowrap', cell: (p) => formatFieldDates(p.fieldStart, p.fieldEnd, p.datePrecision) },
                { header: 'n', numeric: true, cell: (p) => formatSampleSize(p.sampleSize) },
                ...options.map((o) => ({
                  header: o.label,
                  numeric: true,
                  cell: (p: QuestionPollView) => {
                    const v = p.results.find((r) => r.optionKey === o.key)?.percent;
                    return v === undefined ? <span className="text-gray-500">n/a</span> : formatPercent(v);
                  },
                })),
                {
                  header: 'Sources',
                  cell: (p) =>
                    p.sourceUrls.length === 0
                      ? 'not disclosed'
                      : p.sourceUrls.map((u, i) => (
                          <a key={u} href={u} className="mr-1 text-blue-900 underline" rel="noopener noreferrer">
                            [{i + 1}]
                          </a>
                        )),
                },
              ]}
            />
          </div>
          {g.polls.length > 50 ? <p className="text-xs text-gray-600">Showing the 50 newest of {g.polls.length} polls.</p> : null}
        </section>
      ))}
    </div>
  );
}
