// Types of scripts/validator.mjs (the fuzz tests check the generated validator is current).
export const SCHEMA_FILE: string;
export const VALIDATOR_FILE: string;
export function validatorCode(schema?: object): string;
export function writeValidator(): boolean;
