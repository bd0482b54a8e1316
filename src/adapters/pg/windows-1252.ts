// Windows-1252 text as UTF-8 bytes. Not TextDecoder('windows-1252'): Node 20's reads bytes
// 0x80–0x9F as Latin-1's control characters, which would lose the euro sign and smart quotes.

/** What bytes 0x80–0x9F stand for; the five Windows-1252 leaves unassigned keep their Latin-1 control character. */
const highControls = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

const inHighControls = /[\u0080-\u009f]/g;

/** Bytes 0x00–0x7F and 0xA0–0xFF are the code points of the same number, as in Latin-1. */
export function windows1252ToUtf8(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1').replace(inHighControls, (char) => highControls.charAt(char.charCodeAt(0) - 0x80));
  return Buffer.from(text, 'utf8');
}
