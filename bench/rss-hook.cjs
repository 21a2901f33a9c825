// Preloaded into a benchmarked process (node -r): reports its peak resident set size and the CPU
// time it used (user + system, every thread) on exit. Worker threads share the process, so this
// covers them too. CPU time moves less than wall time with what else the machine is doing.
process.on('exit', () => {
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  require('node:fs').writeSync(2, `\nbench-maxrss-kb ${maxRSS}\nbench-cpu-us ${userCPUTime + systemCPUTime}\n`);
});
