// A campaign script filled in for one call. `{key}` is replaced by the call's value of key;
// `{key|words}` reads as `words` when the value is empty (a lead loaded without a first name:
// `Hi {first_name|there},`). An empty value with no fallback takes the space before it along, and
// at the start of a line the comma after it, so "Hi {first_name}," reads "Hi," and not "Hi ,".
// A key the call has no value for at all (a lead field this lead was loaded without, a typo)
// stays as written unless it has a fallback, for the agent to see rather than read out blank.
// The campaigns page's script preview fills scripts by the same rules (web/shared/script-fill.js).

export interface FilledScript {
  text: string;
  /** The placeholders this call had no value for, each once, in the script's order. */
  lacking: string[];
}

const PLACEHOLDER = /([ \t]*)\{([a-zA-Z0-9_]+)(?:\|([^{}|\n]*))?\}([,;:] ?)?/g;

/** Only values' own keys count: {constructor} or {__proto__} is unknown, not JavaScript's internals. */
export function fillScript(script: string, values: Readonly<Record<string, string>>): FilledScript {
  const lacking = new Set<string>();
  const text = script.replace(PLACEHOLDER, (whole: string, space: string, key: string, fallback: string | undefined, after: string | undefined, at: number) => {
    const value = Object.hasOwn(values, key) ? values[key] : undefined;
    if (value !== undefined && value.trim() !== '') return `${space}${value}${after ?? ''}`;
    lacking.add(key);
    if (fallback !== undefined && fallback.trim() !== '') return `${space}${fallback}${after ?? ''}`;
    // Unknown and without a fallback, it stays for the agent to see; `{key|}` reads as nothing.
    if (value === undefined && fallback === undefined) return whole;
    // Empty: the space before it goes; first on its line, the comma after it too.
    return at === 0 || script[at - 1] === '\n' ? '' : after ?? '';
  });
  return { text, lacking: [...lacking] };
}
