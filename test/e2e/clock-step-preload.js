"use strict";
/**
 * A wall-clock step for the e2e suite (premises.test.ts, case b), loaded with
 * `NODE_OPTIONS=--require <this file>` in the environment of `pulumi up`. Every Node process the
 * CLI starts inherits it (language host, program, the launcher's `node -e require.resolve(…)`, the
 * dynamic-provider host), so it acts only in the one that runs `@pulumi/pulumi/cmd/dynamic-provider`,
 * where the provider's code runs: stepping the language host's or the program's clock would test
 * gRPC deadlines, not the provider, and the launcher's `node -e` prints to stdout.
 *
 * Once the file named by E2E_CLOCK_STEP_FILE exists, `Date.now()` and `new Date()` (no argument)
 * read E2E_CLOCK_STEP_MS later than the real clock from then on, as after an NTP step. Timers
 * (setTimeout) are not affected, as with a real step. It then writes `<file>.applied` (JSON: pid,
 * real and stepped time) so the test can tell that the step really happened in the provider.
 * It prints nothing.
 */
const fs = require("fs");

const marker = process.env.E2E_CLOCK_STEP_FILE;
const stepMs = Number(process.env.E2E_CLOCK_STEP_MS ?? "60000");
const script = process.argv[1] ?? "";

if (marker && Number.isFinite(stepMs) && /[\\/]cmd[\\/]dynamic-provider([\\/]index\.js)?$/.test(script)) {
    const RealDate = Date;
    const realNow = RealDate.now.bind(RealDate);
    let offset = 0;
    RealDate.now = () => realNow() + offset;
    globalThis.Date = new Proxy(RealDate, {
        construct(target, args, newTarget) {
            return Reflect.construct(target, args.length === 0 ? [realNow() + offset] : args, newTarget);
        },
        apply() {
            // `Date()` called as a function: the current time as a string.
            return new RealDate(realNow() + offset).toString();
        },
    });
    fs.writeFileSync(`${marker}.armed`, JSON.stringify({ pid: process.pid, script }));
    const timer = setInterval(() => {
        if (!fs.existsSync(marker)) return;
        clearInterval(timer);
        offset = stepMs;
        fs.writeFileSync(`${marker}.applied`, JSON.stringify({ pid: process.pid, realNow: realNow(), steppedNow: Date.now(), stepMs }));
    }, 20);
    timer.unref();
}
