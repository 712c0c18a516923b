/**
 * Citation text for a release, in the three forms reference managers and journals ask for.
 * APA 7 data-set form ("Author. (Year). Title (Version) [Data set]. Publisher. URL"), BibTeX
 * `@misc` (biblatex-compatible `version`/`urldate`), and CSL-JSON `dataset` (Citation Style
 * Language 1.0.2 schema) that Zotero and pandoc read.
 */

export interface ReleaseCitationInput {
  version: string;
  title: string;
  publishedAt: Date;
  /** absolute URL of the release page */
  url: string;
  /** who publishes the data: the site's name */
  publisher: string;
  pollsSha256: string;
}

export interface ReleaseCitations {
  apa: string;
  bibtex: string;
  cslJson: Record<string, unknown>;
}

export function releaseCitations(r: ReleaseCitationInput): ReleaseCitations {
  const year = r.publishedAt.getUTCFullYear();
  const day = r.publishedAt.toISOString().slice(0, 10);
  const key = `pollboard_${r.version.replace(/\./g, '_')}`;
  const bib = (v: string) => v.replace(/([{}%&$#_])/g, '\\$1');
  return {
    apa: `${r.publisher}. (${year}). ${r.title} (Version ${r.version}) [Data set]. ${r.publisher}. ${r.url}`,
    bibtex: [
      `@misc{${key},`,
      `  author = {{${bib(r.publisher)}}},`,
      `  title = {${bib(r.title)}},`,
      `  year = {${year}},`,
      `  version = {${r.version}},`,
      `  howpublished = {\\url{${r.url}}},`,
      `  note = {Data set. Polls dump SHA-256 ${r.pollsSha256}},`,
      `  urldate = {${day}}`,
      `}`,
    ].join('\n'),
    cslJson: {
      id: key,
      type: 'dataset',
      title: r.title,
      author: [{ literal: r.publisher }],
      publisher: r.publisher,
      version: r.version,
      issued: { 'date-parts': [[year, r.publishedAt.getUTCMonth() + 1, r.publishedAt.getUTCDate()]] },
      URL: r.url,
      note: `Polls dump SHA-256 ${r.pollsSha256}`,
    },
  };
}
