// A lead's priority: higher is dialled first. One range wherever a priority is given (a list's
// column, a supervisor's correction), so a lead exported and loaded again, or corrected, keeps it.
// Selection probes each (priority, grade) level a list has one at a time, so it is how many
// different priorities a list uses that costs, not how large they are; the column is an integer.

/** The largest priority either way of 0. */
export const maxLeadPriority = 1_000_000;

/** What a priority must be, said the same by the import and the API. */
export const leadPriorityRangeText = `a whole number from ${-maxLeadPriority} to ${maxLeadPriority}`;

export const isLeadPriority = (value: number): boolean => Number.isInteger(value) && Math.abs(value) <= maxLeadPriority;
