import { runChaos } from '../test/support/chaos';

/** `npm run chaos`: 50+ submissions under duplicated deliveries, outages and crashes; one JSON line. */
const submissions = Number(process.argv[2] ?? 50);
const report = await runChaos({ submissions, duplicateRate: 0.25, faultRate: 0.16, crashRate: 0.05, seed: 2024 });
console.log(JSON.stringify(report));
process.exit(report.stuck === 0 && report.double_dms === 0 && report.mismatched_scores === 0 ? 0 : 1);
