/** Injection tokens of the tasks service. */
export const TASKS_CONFIG = Symbol('TASKS_CONFIG');
