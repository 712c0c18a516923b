/**
 * Files must be UTF-8. A file saved by Excel in Windows-1251 (Cyrillic) or Latin-1 is not valid
 * UTF-8; decoding it anyway would silently store mojibake ("Ïðîñ"), so it is refused with a message
 * saying what to do. Isomorphic: TextDecoder exists in browsers and Node.
 */
export type TDecodeResult = { ok: true; text: string } | { ok: false; message: string; line: number | null };

export const NOT_UTF8_MESSAGE = 'The file is not UTF-8: save it as UTF-8 and retry.';

/** Guess the legacy encoding from the invalid bytes: mostly 0xC0–0xFF letters suggests Cyrillic. */
function guessEncoding(bytes: Uint8Array): string {
  let high = 0;
  let cyrillicRange = 0;
  for (const b of bytes) {
    if (b >= 0x80) {
      high += 1;
      if (b >= 0xc0) cyrillicRange += 1;
    }
  }
  if (high === 0) return 'an unknown encoding';
  // In Windows-1251 every Cyrillic letter is 0xC0–0xFF; in Latin-1 text most high bytes are the
  // accented letters 0xC0–0xFF too, but they are rare among ASCII, so the share of high bytes decides.
  const share = high / bytes.length;
  return cyrillicRange / high > 0.8 && share > 0.05 ? 'Windows-1251 (Cyrillic)' : 'Windows-1252 / Latin-1';
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

export function decodeUtf8(input: Uint8Array | ArrayBuffer): TDecodeResult {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text: text.replace(/^\uFEFF/, '') };
  } catch {
    const line = firstInvalidLine(bytes);
    const where = line !== null ? ` (first invalid byte on line ${line})` : '';
    return {
      ok: false,
      line,
      message: `${NOT_UTF8_MESSAGE} It looks like ${guessEncoding(bytes)}${where}.`,
    };
  }
}
