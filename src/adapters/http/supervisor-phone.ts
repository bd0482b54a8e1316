// A supervisor's phone for listening, whispering and barging is one of the PBX's own phones, as an
// agent's is: the configured agent dial string (endpoints.agent) with a phone's id in place of
// {agent}. Any dial string would let whoever holds a supervisor's token have the PBX ring a number
// outside (a trunk's route) and stream customers' calls to it: a leak, and a toll-fraud route.

/** The ids a phone may have in the dial string: no `@`, `+` or `/` to route it elsewhere. */
const phoneId = '[A-Za-z0-9_.-]{1,64}';

/** Whether `endpoint` is the agent dial string `template` with a phone's id for {agent}. */
export function isPbxPhone(endpoint: string, template: string): boolean {
  const [before = '', after = ''] = template.split('{agent}');
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escape(before)}${phoneId}${escape(after)}$`).test(endpoint);
}

/** What a supervisor is told a phone must look like, e.g. `PJSIP/<phone>` (PJSIP/2001). */
export function pbxPhoneShape(template: string): string {
  return `${template.replace('{agent}', '<phone>')}, e.g. ${template.replace('{agent}', '2001')}`;
}
