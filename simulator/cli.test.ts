import { expect } from "chai";
import { ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

/** Collects stdout until `predicate` holds, failing after `timeoutMs`. */
function readUntil(child: ChildProcess, predicate: (out: string) => boolean, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`timed out; output so far:\n${out}`)), timeoutMs);
        child.stdout!.on("data", (chunk: Buffer) => {
            out += chunk.toString("utf8");
            if (predicate(out)) {
                clearTimeout(timer);
                resolve(out);
            }
        });
        child.once("exit", () => {
            clearTimeout(timer);
            if (!predicate(out)) reject(new Error(`exited early; output:\n${out}`));
        });
    });
}

describe("simulator: CLI", () => {
    it("prints its URL and an env block, serves requests, and stops cleanly on SIGINT", async function () {
        this.timeout(15_000);
        // Transpile-only keeps the spawn fast; type-checking is tsc's job. Its own process group,
        // so the signal reaches ts-node behind npx.
        const child = spawn("npx", ["ts-node", "simulator/cli.ts", "--port", "0", "--quiet", "--cloud", "otc", "--task-sort", "desc"], {
            cwd: ROOT,
            env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
            detached: true,
            stdio: ["ignore", "pipe", "pipe"],
        });
        try {
            const out = await readUntil(child, (o) => /export OS_PROJECT_ID=\S+\n/.test(o), 12_000);
            const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
            expect(url).to.be.a("string");
            expect(out).to.include(`export DCS_ENDPOINT=${url}\n`);
            expect(out).to.include(
                "# API behaviour: cloud otc; tasks newest first, start_time ignored, listed after 1000 ms, sync swaps unlisted; clock skew 0 ms\n",
            );
            expect(out).to.match(/export OS_ACCESS_KEY=\S+\n/);
            expect(out).to.match(/export OS_SECRET_KEY=\S+\n/);
            const counters = await fetch(`${url}/__admin/counters`);
            expect(counters.status).to.equal(200);

            const stopped = readUntil(child, (o) => o.includes("simulator stopped"), 5000);
            const exited = once(child, "exit");
            process.kill(-child.pid!, "SIGINT");
            await stopped;
            const [code, signal] = await exited;
            // npx may pass the SIGINT on and then die of it itself; the simulator below it exits 0.
            expect(code === 0 || signal === "SIGINT", `exit ${code} ${signal}`).to.equal(true);
            const after = await fetch(`${url}/__admin/counters`).then(
                () => "answered",
                (e: { cause?: { code?: string } }) => e.cause?.code,
            );
            expect(after, "the port is closed").to.equal("ECONNREFUSED");
        } finally {
            if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
        }
    });

    it("refuses bad arguments with exit code 2 and the usage", async function () {
        this.timeout(15_000);
        const child = spawn("npx", ["ts-node", "simulator/cli.ts", "--port", "nope"], {
            cwd: ROOT,
            env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
        const [code] = await once(child, "exit");
        expect(code).to.equal(2);
        expect(stderr).to.include("--port must be 0..65535");
        expect(stderr).to.include("Usage:");
    });
});
