/** A class with a no-argument constructor: the shape of schema classes (config, secrets, params). */
export type ClassType<T> = new () => T;
