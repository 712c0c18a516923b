import type { WordingTextView } from '@/lib/data/polls';

const STATUS_TEXT: Record<string, string> = {
  questionnaire: 'the pollster’s questionnaire text',
  'press-report': 'as the cited report gives it (may be a paraphrase, not checked against the questionnaire)',
  translation: 'translation',
};

function languageName(code: string | null): string {
  if (!code) return 'language not recorded';
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * A wording in the language it was asked in beside the text Pollboard shows (usually English), each
 * with its own `lang` attribute so screen readers and search engines read it in the right language.
 */
export function WordingLanguages({
  wording,
  wordingLanguage,
  askedLanguage,
  texts,
}: {
  wording: string;
  wordingLanguage: string | null;
  askedLanguage: string | null;
  texts: readonly WordingTextView[];
}) {
  const others = texts.filter((t) => t.language !== wordingLanguage || t.role === 'original');
  if (others.length === 0) {
    return askedLanguage && askedLanguage !== wordingLanguage ? (
      <p className="text-xs text-gray-600" data-testid="wording-original-missing">
        Asked in {languageName(askedLanguage)}; the original text is not recorded.
      </p>
    ) : null;
  }
  return (
    <div className="grid gap-3 sm:grid-cols-2" data-testid="wording-languages">
      {others.map((t) => (
        <figure key={`${t.role}-${t.language}`} className="min-w-0 space-y-1 rounded border border-gray-200 bg-gray-50 p-2" data-role={t.role}>
          <figcaption className="text-xs text-gray-600">
            {t.role === 'original' ? 'Original' : 'Translation'} ({languageName(t.language)}), {STATUS_TEXT[t.status] ?? t.status}
          </figcaption>
          <blockquote lang={t.language} className="text-sm" data-testid="wording-original">
            {t.text}
          </blockquote>
          {t.sourceUrl ? (
            <p className="text-xs break-all">
              Source:{' '}
              <a href={t.sourceUrl} className="text-blue-900 underline" rel="noopener noreferrer">
                {t.sourceUrl}
              </a>
            </p>
          ) : null}
          {t.sourceNote ? <p className="text-xs text-gray-600">{t.sourceNote}</p> : null}
        </figure>
      ))}
      <figure className="min-w-0 space-y-1 rounded border border-gray-200 bg-white p-2" data-role="shown">
        <figcaption className="text-xs text-gray-600">As shown here ({languageName(wordingLanguage)})</figcaption>
        <blockquote lang={wordingLanguage ?? undefined} className="text-sm" data-testid="wording-shown">
          {wording}
        </blockquote>
      </figure>
    </div>
  );
}
