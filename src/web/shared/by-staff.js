// " · by Sue (Supervisor)": after what a staff member did for an agent (a pause, a logout), on the
// agent's desktop and the wallboard alike, and after a call a supervisor hung up on a lead's page.

import { t, tOptional } from '/web/shared/i18n.js';

/** The words for `staff` ({ name, role }), or empty when the agent did it themselves (null);
 * `key` words it another way (a call "ended by ..."). */
export function byStaff(staff, key = 'state.byStaff') {
  return staff ? ` · ${t(key, { name: staff.name, role: tOptional(`role.${staff.role}`, staff.role) })}` : '';
}
