import { expect } from "chai";
import { DcsInstance } from "./models";
import { clientIpFindings, swapFindings } from "./preflight";

const ha: DcsInstance = { instanceId: "i", status: "RUNNING", cacheMode: "ha", engine: "Redis", engineVersion: "5.0", supportsClientIpPassthrough: true };

describe("dcs/preflight", () => {
    it("a running ha instance passes both checks", () => {
        expect(swapFindings(ha)).to.deep.equal([]);
        expect(clientIpFindings(ha, true)).to.deep.equal([]);
    });

    it("a swap of a single or cluster instance is an error naming the mode and DCS.4855", () => {
        for (const cacheMode of ["single", "cluster", "proxy"]) {
            const [finding] = swapFindings({ ...ha, cacheMode });
            expect(finding.severity).to.equal("error");
            expect(finding.message).to.contain(`"${cacheMode}"`).and.contain("DCS.4855");
        }
        expect(swapFindings({ ...ha, cacheMode: "ha_rw_split" })).to.deep.equal([]);
    });

    it("a fatal status is an error; a busy instance only a warning", () => {
        expect(swapFindings({ ...ha, status: "FROZEN" }).map((f) => f.severity)).to.deep.equal(["error"]);
        const busy = swapFindings({ ...ha, task: "BACKUPING" });
        expect(busy).to.have.length(1);
        expect(busy[0]).to.include({ severity: "warning" });
        expect(busy[0].message).to.contain("BACKUPING");
    });

    it("client IP: unsupported feature, Redis 3.0, or SSL on (when enabling) are errors", () => {
        expect(clientIpFindings({ ...ha, supportsClientIpPassthrough: false }, true)[0].message).to.contain("support_transparent_client_ip");
        expect(clientIpFindings({ ...ha, engineVersion: "3.0" }, true)[0].message).to.contain("Redis 4.0");
        expect(clientIpFindings({ ...ha, sslEnabled: true }, true)[0].message).to.contain("SSL");
        expect(clientIpFindings({ ...ha, sslEnabled: true }, false)).to.deep.equal([]);
    });
});
