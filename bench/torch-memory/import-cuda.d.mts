// Types of import-cuda.mjs, for the test that imports a results folder.

export const FIXTURES: string;
export const SUITE: string;
export const MEASURED_TS: string;
export function importCuda(options: { results: string; suite?: string; out?: string; measuredTs?: string }): { written: number; failed: string[] };
