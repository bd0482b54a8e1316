// " · by Sue (Supervisor)": after what a staff member did for an agent (a pause, a logout), on the
// agent's desktop and the wallboard alike.

import { t, tOptional } from '/web/shared/i18n.js';

/** The words for `staff` ({ name, role }), or empty when the agent did it themselves (null). */
export function byStaff(staff) {
  return staff ? ` · ${t('state.byStaff', { name: staff.name, role: tOptional(`role.${staff.role}`, staff.role) })}` : '';
}
