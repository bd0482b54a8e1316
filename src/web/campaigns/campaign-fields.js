// The settings a campaign manager sets on the campaigns page, section by section, and how each is
// shown: the API keeps milliseconds and shares, people read seconds and percent. A field marked
// `setting` is a key of the campaign's free-form settings rather than a field of its own. Dial rules (hours,
// caps, waits) are not here: they change through the dial-rules route, which records each change
// in the evidence log (see calling-hours.js and redial-rules.js).

const seconds = { toForm: (ms) => ms / 1000, toApi: (s) => Math.round(s * 1000) };
const percent = { toForm: (share) => Number((share * 100).toFixed(2)), toApi: (p) => p / 100 };
const whole = { toForm: (v) => v, toApi: (v) => Math.round(v) };
const plain = { toForm: (v) => v, toApi: (v) => v };
/** Empty means none (null), not an empty string. */
const optionalText = { toForm: (v) => v ?? '', toApi: (v) => v.trim() || null };
/** One number per line in the form, a list (null when empty) in the API. */
const lines = { toForm: (list) => (Array.isArray(list) ? list.join('\n') : ''), toApi: (text) => {
  const list = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return list.length > 0 ? list : null;
} };

/** One `Name = +number` per line in the form, a list of { name, number } (null when empty) in the
 * API; a line without `=` is sent as a name with no number, for the API to refuse by name. */
const namedNumbers = { toForm: (list) => (Array.isArray(list) ? list.map((p) => `${p.name} = ${p.number}`).join('\n') : ''), toApi: (text) => {
  const list = text.split('\n').map((line) => line.trim()).filter((line) => line !== '').map((line) => {
    const at = line.lastIndexOf('=');
    return at < 0 ? { name: line, number: '' } : { name: line.slice(0, at).trim(), number: line.slice(at + 1).trim() };
  });
  return list.length > 0 ? list : null;
} };

/** A number where 0 means none: shown as 0 when unset, sent as null (unset) when 0; `scale`: API
 * units per form unit (1000 for seconds shown of milliseconds kept). */
const zeroIsNone = (scale = 1) => ({
  toForm: (v) => (v ?? 0) / scale,
  toApi: (x) => (x > 0 ? Math.round(x * scale) : null),
});

/** The lead filter as lines like `state in CA, NV`, `plan not in gold`, `email is empty`,
 * `email is not empty`; a line that reads as none of these is sent as written, for the API to
 * refuse by name. */
const filterLines = {
  toForm: (list) => (Array.isArray(list) ? list.map((c) => (c.op === 'empty' || c.op === 'not_empty'
    ? `${c.field} is ${c.op === 'empty' ? '' : 'not '}empty` : `${c.field} ${c.op === 'in' ? 'in' : 'not in'} ${c.values.join(', ')}`)).join('\n') : ''),
  toApi: (text) => {
    const list = text.split('\n').map((line) => line.trim()).filter((line) => line !== '').map((line) => {
      const listed = /^(.+?)\s+(not\s+in|in)\s+(.+)$/i.exec(line);
      if (listed) return { field: listed[1], op: /^not/i.test(listed[2]) ? 'not_in' : 'in', values: listed[3].split(',').map((v) => v.trim()).filter(Boolean) };
      const empty = /^(.+?)\s+is\s+(not\s+)?empty$/i.exec(line);
      if (empty) return { field: empty[1], op: empty[2] ? 'not_empty' : 'empty' };
      return { field: line, op: line };
    });
    return list.length > 0 ? list : null;
  },
};

/** A time limit with an engine default: shown as the default when unset, and sent as null
 * (unset) when it is the default, so a campaign follows the engine's default. */
const limitWithDefault = (defaultMs) => ({
  toForm: (ms) => (ms ?? defaultMs) / 1000,
  toApi: (s) => (Math.round(s * 1000) === defaultMs ? null : Math.round(s * 1000)),
});

export const sections = [
  { id: 'general', fields: [
    { key: 'name', type: 'text', maxLength: 200 },
    { key: 'timezone', type: 'timezone' },
    // Conditions on lead fields a lead must meet to be dialled (callbacks are kept whatever they say).
    { key: 'leadFilter', type: 'textarea', setting: true, ...filterLines },
  ] },
  // A number people can call back is required to dial; local presence shows one of the area's.
  { id: 'callingLine', fields: [
    { key: 'callerId', type: 'text', maxLength: 80, ...optionalText },
    { key: 'callerIdPool', type: 'textarea', setting: true, ...lines },
    { key: 'customerEndpoint', type: 'text', maxLength: 200, setting: true, ...optionalText },
    // What a person calling that number back hears; the API refuses what the PBX could not play.
    { key: 'returnCallMedia', type: 'text', maxLength: 200, toForm: (v) => v ?? '', toApi: (v) => v.trim() },
    // Seconds a caller with no agent to spare waits on hold for one before that message; 0 (sent as null): none.
    // Its bounds are the API's (boundsFromApi).
    { key: 'returnCallHoldSeconds', type: 'number', min: 0, step: 1, setting: true, ...zeroIsNone() },
  ] },
  { id: 'pacing', fields: [
    { key: 'mode', type: 'select', options: ['preview', 'progressive', 'power', 'predictive'], label: (v) => `mode.${v}` },
    { key: 'dialLevel', type: 'number', min: 1, max: 5, step: 0.1, ...plain },
    { key: 'maxLinesPerAgent', type: 'number', min: 1, max: 5, step: 0.5, ...plain },
    { key: 'trunkCap', type: 'number', min: 0, step: 1, ...whole },
    // The carrier's calls-per-second limit; 0 (sent as null) for none.
    { key: 'maxDialsPerSecond', type: 'number', min: 0, step: 1, setting: true, ...zeroIsNone() },
    // How long a preview may last before the lead is dialled (or skipped); 0 (sent as null): no limit.
    { key: 'previewTimeLimitMs', type: 'number', min: 0, max: 600, step: 1, setting: true, ...zeroIsNone(1000) },
    { key: 'previewTimeoutAction', type: 'select', options: ['dial', 'skip'], label: (v) => `campaigns.previewTimeoutAction.${v}`, setting: true, toForm: (v) => v ?? 'dial', toApi: (v) => (v === 'skip' ? 'skip' : null) },
    // Skips after which a lead is set aside (exhausted); 0 (sent as null): never.
    { key: 'previewMaxSkips', type: 'number', min: 0, max: 100, step: 1, setting: true, ...zeroIsNone() },
  ] },
  { id: 'abandonment', fields: [
    { key: 'regime', type: 'select', options: ['us', 'uk', 'strict'], label: (v) => `campaigns.regime.${v}` },
    { key: 'abandonTarget', type: 'number', min: 0, max: 3, step: 0.1, ...percent },
    { key: 'connectLimitMs', type: 'number', min: 0, max: 2, step: 0.1, ...seconds },
    { key: 'ringTimeoutMs', type: 'number', min: 15, max: 120, step: 1, ...seconds },
  ] },
  { id: 'machines', fields: [
    { key: 'amdEnabled', type: 'checkbox' },
    { key: 'machineAction', type: 'select', options: ['hangup', 'leave_message'], label: (v) => `campaigns.machineAction.${v}` },
    // The message waits for the machine's greeting to end; absent, the engine's 1.5 s and 30 s.
    { key: 'machineMessageSilenceMs', type: 'number', min: 0, max: 10, step: 0.1, setting: true, ...limitWithDefault(1_500) },
    { key: 'machineMessageMaxWaitMs', type: 'number', min: 5, max: 120, step: 1, setting: true, ...limitWithDefault(30_000) },
  ] },
  { id: 'agents', fields: [
    { key: 'wrapUpMode', type: 'select', options: ['auto', 'manual'], label: (v) => `campaigns.wrapUpMode.${v}` },
    { key: 'wrapUpMs', type: 'number', min: 0, max: 3600, step: 1, ...seconds },
    { key: 'recordingEnabled', type: 'checkbox' },
    // Unset or false: every call is recorded.
    { key: 'recordingOnDemand', type: 'checkbox', setting: true },
    // Stored in milliseconds; absent (sent as null) means the engine's three minutes.
    { key: 'recordingPauseLimitMs', type: 'number', min: 30, max: 900, step: 10, setting: true, ...limitWithDefault(180_000) },
    { key: 'holdLimitMs', type: 'number', min: 30, max: 900, step: 10, setting: true, ...limitWithDefault(180_000) },
    // Minutes a personal callback waits for its agent once due before anyone may take it; 0: never.
    { key: 'callbackReleaseMinutes', type: 'number', min: 0, max: 10080, step: 5, setting: true, ...zeroIsNone() },
    // The only numbers an agent can call besides the campaign's leads.
    { key: 'thirdParties', type: 'textarea', setting: true, ...namedNumbers },
    // Other campaigns' teams the agents may hand customers to (a closer team).
    { key: 'handoverCampaigns', type: 'campaigns', setting: true },
  ] },
];

export const allFields = sections.flatMap((s) => s.fields);

/** The bounds the API holds some settings to (GET /api/campaign-settings/bounds, in the API's
 * units, which these boxes show): taken from there rather than a copy here, which would drift. */
export function boundsFromApi(bounds) {
  for (const [key, range] of Object.entries(bounds ?? {})) {
    const field = allFields.find((f) => f.key === key);
    if (field && Number.isFinite(range?.min) && Number.isFinite(range?.max)) Object.assign(field, { min: range.min, max: range.max });
  }
}
