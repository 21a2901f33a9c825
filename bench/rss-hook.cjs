// Preloaded into a benchmarked process (node -r): reports its peak resident set size on exit.
// Worker threads share the process, so this covers them too.
process.on('exit', () => {
  require('node:fs').writeSync(2, `\nbench-maxrss-kb ${process.resourceUsage().maxRSS}\n`);
});
