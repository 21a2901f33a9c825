// Types of scripts/vsix-targets.mjs.
export const GPU_TARGETS: Record<string, string>;
export function webgpuPatterns(target: string): string[];
export const RESVG_TARGETS: Record<string, string>;
export function resvgPatterns(target: string): string[];
export function vsixName(name: string, version: string, target?: string): string;
export function ignoreFileText(target?: string, repo?: string): string;
