// A script filled for the script editor's preview by the rules the desktop's script is filled by
// (core/script-fill.ts, which says them); a test holds the two alike.

export const PLACEHOLDER = /([ \t]*)\{([a-zA-Z0-9_]+)(?:\|([^{}|\n]*))?\}([,;:] ?)?/g;

/** `script` filled with `values` as a call's script is: { text, lacking }. */
export function previewScript(script, values) {
  const lacking = new Set();
  const text = script.replace(PLACEHOLDER, (whole, space, key, fallback, after, at) => {
    const value = Object.hasOwn(values, key) ? values[key] : undefined;
    if (value !== undefined && value.trim() !== '') return `${space}${value}${after ?? ''}`;
    lacking.add(key);
    if (fallback !== undefined && fallback.trim() !== '') return `${space}${fallback}${after ?? ''}`;
    // Unknown and without a fallback, it stays for the agent to see; `{key|}` reads as nothing.
    if (value === undefined && fallback === undefined) return whole;
    return at === 0 || script[at - 1] === '\n' ? '' : after ?? '';
  });
  return { text, lacking: [...lacking] };
}

