import { analyse } from 'chardet';

/**
 * Text encodings of published poll files. Detection: byte-order marks, then the NUL pattern of
 * UTF-16 without a BOM, then strict UTF-8, then chardet (a port of ICU's detector) among the
 * legacy encodings we offer. The result is a guess shown to the editor with a preview of the
 * decoded header; decoding uses the platform's TextDecoder (browser and Node alike), so the preview
 * and the server's commit read the same characters. Isomorphic.
 */
export const IMPORT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-1', 'windows-1251', 'koi8-r', 'shift_jis'] as const;
export type TImportEncoding = (typeof IMPORT_ENCODINGS)[number];

export const ENCODING_LABELS: Record<TImportEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 little-endian',
  'utf-16be': 'UTF-16 big-endian',
  'windows-1252': 'Windows-1252 (Western European)',
  'iso-8859-1': 'ISO-8859-1 (Latin-1)',
  'windows-1251': 'Windows-1251 (Cyrillic)',
  'koi8-r': 'KOI8-R (Cyrillic)',
  shift_jis: 'Shift_JIS (Japanese)',
};

export interface TEncodingGuess {
  encoding: TImportEncoding;
  /** Why: "byte-order mark", "NUL bytes every other byte", "valid UTF-8", "chardet 87%". */
  reason: string;
  bom: boolean;
}

export type TDecodeResult = { ok: true; text: string } | { ok: false; message: string; line: number | null };

const SAMPLE = 64 * 1024;

function isEncoding(name: string): name is TImportEncoding {
  return (IMPORT_ENCODINGS as readonly string[]).includes(name);
}

export function detectEncoding(input: Uint8Array): TEncodingGuess {
  const b = input.subarray(0, SAMPLE);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', reason: 'byte-order mark', bom: true };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', reason: 'byte-order mark', bom: true };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', reason: 'byte-order mark', bom: true };
  // ASCII text in UTF-16 without a BOM: every other byte is NUL (odd positions little-endian).
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < b.length; i += 1) {
    if (b[i] === 0) {
      if (i % 2 === 0) evenNul += 1;
      else oddNul += 1;
    }
  }
  const half = b.length / 2;
  if (half > 0 && oddNul > half * 0.3 && oddNul > evenNul * 4)
    return { encoding: 'utf-16le', reason: 'NUL bytes in every other byte, no byte-order mark', bom: false };
  if (half > 0 && evenNul > half * 0.3 && evenNul > oddNul * 4)
    return { encoding: 'utf-16be', reason: 'NUL bytes in every other byte, no byte-order mark', bom: false };
  // The whole file must be UTF-8, not just its start (an accented name on line 4,588 decides).
  if (validUtf8(input)) return { encoding: 'utf-8', reason: input.some((x) => x >= 0x80) ? 'valid UTF-8' : 'plain ASCII', bom: false };
  // chardet reads the bytes around the first non-ASCII ones, where the evidence is.
  const firstHigh = input.findIndex((x) => x >= 0x80);
  const from = Math.max(0, firstHigh - SAMPLE / 4);
  const sample = input.subarray(from, from + SAMPLE);
  const matches = analyse(sample);
  // chardet needs long sentences to recognise Cyrillic; short cells (a pollster's name, a few
  // words) come out as Latin-1. Letters that are mostly non-ASCII are not a Western language, and
  // lower-case letters sit at 0xE0–0xFF in Windows-1251 but at 0xC0–0xDF in KOI8-R.
  let ascii = 0;
  let upper = 0;
  let lower = 0;
  for (const x of sample) {
    if ((x >= 0x41 && x <= 0x5a) || (x >= 0x61 && x <= 0x7a)) ascii += 1;
    else if (x >= 0xc0 && x <= 0xdf) upper += 1;
    else if (x >= 0xe0) lower += 1;
  }
  const top = matches[0]?.name.toLowerCase() ?? '';
  if ((top === 'iso-8859-1' || top === 'windows-1252' || top === '') && upper + lower > 0.3 * (ascii + upper + lower) && upper + lower >= 8) {
    return { encoding: lower >= upper ? 'windows-1251' : 'koi8-r', reason: 'mostly non-Latin letters (Cyrillic)', bom: false };
  }
  for (const m of matches) {
    const name = m.name.toLowerCase();
    if (name === 'iso-8859-1' || name === 'windows-1252') {
      // C1 bytes (0x80–0x9F) are printable only in Windows-1252 (“ ” – € …): the usual Excel file.
      const c1 = input.some((x) => x >= 0x80 && x <= 0x9f);
      return { encoding: c1 ? 'windows-1252' : 'iso-8859-1', reason: `chardet ${m.confidence}%`, bom: false };
    }
    if (isEncoding(name)) return { encoding: name, reason: `chardet ${m.confidence}%`, bom: false };
    if (name === 'iso-8859-5') return { encoding: 'windows-1251', reason: `chardet ${m.confidence}% (Cyrillic)`, bom: false };
  }
  return { encoding: 'windows-1252', reason: 'not UTF-8; no better guess', bom: false };
}

function validUtf8(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** Line (1-based) of the first byte that is not valid UTF-8, for the message. */
function firstInvalidLine(bytes: Uint8Array): number | null {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b === 0x0a) line += 1;
    let need = 0;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return line;
    for (let k = 1; k <= need; k += 1) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return line;
    }
    i += need + 1;
  }
  return null;
}

/**
 * Decode with the chosen encoding. UTF-8 is strict (a wrong guess is named, not turned into “�”);
 * a decoded text with NUL characters is refused, because it means the encoding is wrong (UTF-16
 * read as a single-byte encoding) and would give NUL-filled headers.
 */
export function decodeBytes(input: Uint8Array | ArrayBuffer, encoding: TImportEncoding): TDecodeResult {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: encoding === 'utf-8' }).decode(bytes);
  } catch {
    const line = firstInvalidLine(bytes);
    const guess = detectEncoding(bytes);
    return {
      ok: false,
      line,
      message: `The file is not valid UTF-8${line !== null ? ` (first invalid byte on line ${line})` : ''}; it looks like ${ENCODING_LABELS[guess.encoding]}. Choose that encoding.`,
    };
  }
  text = text.replace(/^\uFEFF/, '');
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    return {
      ok: false,
      line,
      message: `Read as ${ENCODING_LABELS[encoding]}, the file has NUL characters (line ${line}): it is in another encoding, probably UTF-16. Choose another encoding.`,
    };
  }
  return { ok: true, text };
}

/** Old entry point: UTF-8 only. */
export function decodeUtf8(input: Uint8Array | ArrayBuffer): TDecodeResult {
  return decodeBytes(input, 'utf-8');
}
