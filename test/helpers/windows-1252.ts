// Text as a spreadsheet on Windows saves "CSV": Windows-1252 bytes.

/** Bytes 0x80–0x9F; the rest of Windows-1252 is Latin-1. */
const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

export function toWindows1252(text: string): Buffer {
  return Buffer.from([...text].map((char) => {
    const index = high.indexOf(char);
    const code = index >= 0 ? 0x80 + index : char.charCodeAt(0);
    if (code > 0xff || (code >= 0x80 && code < 0xa0 && index < 0)) throw new Error(`${char} has no Windows-1252 byte`);
    return code;
  }));
}
