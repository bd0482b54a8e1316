// A caller ID as an operator or a manager writes it (the node's CALLER_ID, a campaign's or a list's
// caller ID): one field, so the configuration and the API judge and keep it alike.

import { z } from 'zod';
import { callerIdInE164, callerIdProblem } from './caller-id-number.js';

/** A number the person can call back, with a name to show if wanted; empty: none. Kept in E.164
 * form when written in E.164 with spaces, dashes, dots or brackets; refused, saying why, when not
 * in E.164 form or not a number to call back at a normal rate. */
export const callerIdField = z.string().max(80).transform(callerIdInE164).superRefine((callerId, ctx) => {
  const problem = callerIdProblem(callerId);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});
