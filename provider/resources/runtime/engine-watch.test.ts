import { expect } from "chai";
import { createServer } from "net";
import { watchEngine } from "./engine-watch";

describe("watchEngine", () => {
    it("aborts once an engine it has reached stops listening", async () => {
        const server = createServer((s) => s.destroy());
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        const port = (server.address() as { port: number }).port;
        const watch = watchEngine(`127.0.0.1:${port}`, 50)!;
        await new Promise((r) => setTimeout(r, 120));
        expect(watch.signal.aborted).to.equal(false);
        expect(await watch.aliveNow()).to.equal(true);
        await new Promise<void>((r) => server.close(() => r()));
        expect(await watch.aliveNow(), "asked directly, before the watcher noticed").to.equal(false);
        await new Promise((r) => setTimeout(r, 400));
        expect(watch.signal.aborted).to.equal(true);
        expect(String(watch.signal.reason)).to.contain("engine");
    });

    it("does not abort when no engine was ever reachable, and ignores non-loopback addresses", async () => {
        const watch = watchEngine("127.0.0.1:1", 50)!;
        await new Promise((r) => setTimeout(r, 300));
        expect(watch.signal.aborted).to.equal(false);
        expect(await watch.aliveNow(), "nothing to watch is not a dead engine").to.equal(true);
        expect(watchEngine("10.0.0.1:80")).to.equal(undefined);
        expect(watchEngine("")).to.equal(undefined);
    });
});
