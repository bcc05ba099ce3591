import { expect } from "chai";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "fs";
import { homedir, tmpdir } from "os";
import { join } from "path";
import { VirtualClock } from "../../test/support/virtual-clock";
import { Journal, fileJournal, journalDir, noJournal } from "./journal";
import { OperationRecord } from "./record";

const INTENT = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const OTHER_INTENT = "aaaabbbbccccddddeeeeffff00001111";
const INSTANCE = "5560df16-cebf-4473-95c4-d1b573c16e79";

describe("operations/journal", () => {
    let root: string;
    let dir: string;
    let clock: VirtualClock;

    beforeEach(() => {
        root = mkdtempSync(join(tmpdir(), "dcs-journal-test-"));
        dir = join(root, "journal");
        clock = new VirtualClock();
    });

    afterEach(() => {
        rmSync(root, { recursive: true, force: true });
    });

    const sent = (status = "SENT"): OperationRecord => ({ status, sentAt: clock.now(), api: "async" });

    describe("journalDir", () => {
        it("uses DCS_JOBS_JOURNAL_DIR when set", () => {
            expect(journalDir({ DCS_JOBS_JOURNAL_DIR: "/x/journal", PULUMI_HOME: "/p" })).to.equal("/x/journal");
        });

        it("else $PULUMI_HOME/dcs-jobs/journal", () => {
            expect(journalDir({ PULUMI_HOME: "/p" })).to.equal(join("/p", "dcs-jobs", "journal"));
        });

        it("else ~/.pulumi/dcs-jobs/journal", () => {
            expect(journalDir({})).to.equal(join(homedir(), ".pulumi", "dcs-jobs", "journal"));
        });

        it("treats an empty variable as unset", () => {
            expect(journalDir({ DCS_JOBS_JOURNAL_DIR: "", PULUMI_HOME: "/p" })).to.equal(join("/p", "dcs-jobs", "journal"));
            expect(journalDir({ PULUMI_HOME: "" })).to.equal(join(homedir(), ".pulumi", "dcs-jobs", "journal"));
        });
    });

    describe("fileJournal read/write/clear", () => {
        it("reads nothing for an unknown intent, before the directory even exists", () => {
            expect(fileJournal(dir).read(INTENT)).to.equal(undefined);
            expect(existsSync(dir)).to.equal(false);
        });

        it("returns what was written, and reports the write as done", () => {
            const journal = fileJournal(dir);
            const record: OperationRecord = {
                status: "RUNNING",
                jobId: "job-1",
                sentAt: clock.now(),
                api: "async",
                job: { jobId: "job-1", jobType: "masterStandbySwapJob", status: "RUNNING", beginTime: clock.now() },
            };
            expect(journal.write(INTENT, record)).to.equal(true);
            expect(journal.read(INTENT)).to.deep.equal(record);
        });

        it("creates a missing (nested) directory on the first write", () => {
            const nested = join(root, "a", "b", "journal");
            expect(fileJournal(nested).write(INTENT, sent())).to.equal(true);
            expect(statSync(nested).isDirectory()).to.equal(true);
        });

        it("a later write replaces the entry", () => {
            const journal = fileJournal(dir);
            journal.write(INTENT, sent());
            clock.advance(5000);
            const identified: OperationRecord = { status: "RUNNING", jobId: "job-1", sentAt: clock.now() };
            journal.write(INTENT, identified);
            expect(journal.read(INTENT)).to.deep.equal(identified);
        });

        it("keeps one entry per intent id", () => {
            const journal = fileJournal(dir);
            journal.write(INTENT, sent("SENT"));
            journal.write(OTHER_INTENT, sent("ACCEPTED"));
            expect(journal.read(INTENT)?.status).to.equal("SENT");
            expect(journal.read(OTHER_INTENT)?.status).to.equal("ACCEPTED");
        });

        it("clear removes only that intent's entry", () => {
            const journal = fileJournal(dir);
            journal.write(INTENT, sent());
            journal.write(OTHER_INTENT, sent());
            journal.clear(INTENT);
            expect(journal.read(INTENT)).to.equal(undefined);
            expect(journal.read(OTHER_INTENT)).to.not.equal(undefined);
        });

        it("clear of an absent entry, or with no directory at all, is a no-op", () => {
            const journal = fileJournal(dir);
            expect(() => journal.clear(INTENT)).to.not.throw();
            journal.write(INTENT, sent());
            journal.clear(INTENT);
            expect(() => journal.clear(INTENT)).to.not.throw();
        });

        it("an entry survives a fresh process (a new journal over the same directory)", () => {
            const record = sent("ACCEPTED");
            fileJournal(dir).write(INTENT, record);
            const fresh = fileJournal(dir);
            expect(fresh.read(INTENT)).to.deep.equal(record);
            fresh.clear(INTENT);
            expect(fileJournal(dir).read(INTENT)).to.equal(undefined);
        });

        it("a record's timestamps come back as written (virtual time, not the wall clock)", () => {
            const journal = fileJournal(dir);
            clock.advance(123_456);
            journal.write(INTENT, sent());
            expect(fileJournal(dir).read(INTENT)?.sentAt).to.equal(clock.now());
        });

        it("leaves no temporary file behind after a write", () => {
            fileJournal(dir).write(INTENT, sent());
            expect(readdirSync(dir)).to.deep.equal([`${INTENT}.json`]);
        });

        it("a write interrupted before its rename leaves the previous entry readable", () => {
            const journal = fileJournal(dir);
            const record = sent();
            journal.write(INTENT, record);
            writeFileSync(join(dir, `${INTENT}.json.99999.tmp`), '{"status":"RUN');
            expect(journal.read(INTENT)).to.deep.equal(record);
        });

        if (process.platform !== "win32") {
            it("keeps its directory and entries private to the user", () => {
                fileJournal(dir).write(INTENT, sent());
                expect(statSync(dir).mode & 0o777).to.equal(0o700);
                expect(statSync(join(dir, `${INTENT}.json`)).mode & 0o777).to.equal(0o600);
            });
        }

        it("confines any key to its directory", () => {
            const journal = fileJournal(dir);
            for (const key of ["../escape", "a/b", "..\\x", "/abs"]) {
                expect(journal.write(key, sent())).to.equal(true);
                expect(journal.read(key)?.status).to.equal("SENT");
            }
            expect(readdirSync(root)).to.deep.equal(["journal"]);
            expect(readdirSync(dir).every((name) => name.endsWith(".json"))).to.equal(true);
        });
    });

    describe("corrupt and foreign files", () => {
        for (const [name, content] of [
            ["an empty file", ""],
            ["a truncated write", '{"status":"RUNN'],
            ["binary garbage", "\u0000\u0001\u00ff"],
        ] as const) {
            it(`${name} reads as no entry`, () => {
                mkdirSync(dir, { recursive: true });
                writeFileSync(join(dir, `${INTENT}.json`), content);
                expect(fileJournal(dir).read(INTENT)).to.equal(undefined);
            });
        }

        it("a corrupt entry is replaced by the next write", () => {
            mkdirSync(dir, { recursive: true });
            writeFileSync(join(dir, `${INTENT}.json`), "not json");
            const journal = fileJournal(dir);
            const record = sent();
            expect(journal.write(INTENT, record)).to.equal(true);
            expect(journal.read(INTENT)).to.deep.equal(record);
        });

        it("a directory where the entry's file should be reads as no entry", () => {
            mkdirSync(join(dir, `${INTENT}.json`), { recursive: true });
            expect(fileJournal(dir).read(INTENT)).to.equal(undefined);
        });

        it("foreign files in the directory are ignored", () => {
            mkdirSync(dir, { recursive: true });
            writeFileSync(join(dir, "README.txt"), "hello");
            writeFileSync(join(dir, "other.json"), "{}");
            const journal = fileJournal(dir);
            journal.write(INTENT, sent());
            expect(journal.read(INTENT)?.status).to.equal("SENT");
            expect(readdirSync(dir).sort()).to.deep.equal([`${INTENT}.json`, "README.txt", "other.json"].sort());
        });
    });

    describe("a failed write", () => {
        it("is reported through onWarning and returns false, never throws", () => {
            writeFileSync(join(root, "not-a-dir"), "");
            const warnings: string[] = [];
            const journal = fileJournal(join(root, "not-a-dir", "journal"), (message) => warnings.push(message));
            expect(journal.write(INTENT, sent())).to.equal(false);
            expect(warnings).to.have.length(1);
            expect(warnings[0]).to.be.a("string");
        });

        it("without onWarning is silent", () => {
            writeFileSync(join(root, "not-a-dir"), "");
            const journal = fileJournal(join(root, "not-a-dir", "journal"));
            expect(journal.write(INTENT, sent())).to.equal(false);
            expect(journal.read(INTENT)).to.equal(undefined);
            expect(() => journal.clear(INTENT)).to.not.throw();
        });

        it("of a record that cannot be serialised is a warning too, and keeps the previous entry", () => {
            const warnings: string[] = [];
            const journal = fileJournal(dir, (message) => warnings.push(message));
            const record = sent();
            journal.write(INTENT, record);
            const circular = { status: "RUNNING" } as OperationRecord & { self?: unknown };
            circular.self = circular;
            expect(journal.write(INTENT, circular)).to.equal(false);
            expect(warnings).to.have.length(1);
            expect(journal.read(INTENT)).to.deep.equal(record);
        });
    });

    describe("noteSent / lastSent", () => {
        const journalWithSent = (d: string) => fileJournal(d) as Required<Journal>;

        it("knows nothing of an instance never noted", () => {
            expect(journalWithSent(dir).lastSent(INSTANCE)).to.equal(undefined);
        });

        it("returns the noted send time", () => {
            const journal = journalWithSent(dir);
            journal.noteSent(INSTANCE, clock.now());
            expect(journal.lastSent(INSTANCE)).to.equal(clock.now());
        });

        it("a later note replaces an earlier one", () => {
            const journal = journalWithSent(dir);
            journal.noteSent(INSTANCE, clock.now());
            clock.advance(90_000);
            journal.noteSent(INSTANCE, clock.now());
            expect(journal.lastSent(INSTANCE)).to.equal(clock.now());
        });

        it("is kept per instance", () => {
            const other = "11111111-2222-3333-4444-555555555555";
            const journal = journalWithSent(dir);
            journal.noteSent(INSTANCE, clock.now());
            expect(journal.lastSent(other)).to.equal(undefined);
        });

        it("survives a fresh process", () => {
            journalWithSent(dir).noteSent(INSTANCE, clock.now());
            expect(journalWithSent(dir).lastSent(INSTANCE)).to.equal(clock.now());
        });

        it("is independent of the intent entries: clear leaves it, and reads of intents ignore it", () => {
            const journal = journalWithSent(dir);
            journal.write(INTENT, sent());
            journal.noteSent(INSTANCE, clock.now());
            journal.clear(INTENT);
            expect(journal.lastSent(INSTANCE)).to.equal(clock.now());
            expect(journal.read(INTENT)).to.equal(undefined);
        });

        it("a corrupt or foreign note reads as unknown", () => {
            const journal = journalWithSent(dir);
            journal.noteSent(INSTANCE, clock.now());
            const [name] = readdirSync(dir);
            for (const content of ["garbage", '{"at":"1700000000000"}', "{}", "null"]) {
                writeFileSync(join(dir, name), content);
                expect(journal.lastSent(INSTANCE), content).to.equal(undefined);
            }
        });

        it("a note that cannot be written is dropped silently", () => {
            writeFileSync(join(root, "not-a-dir"), "");
            const warnings: string[] = [];
            const journal = fileJournal(join(root, "not-a-dir", "journal"), (m) => warnings.push(m)) as Required<Journal>;
            expect(() => journal.noteSent(INSTANCE, clock.now())).to.not.throw();
            expect(journal.lastSent(INSTANCE)).to.equal(undefined);
        });
    });

    describe("noJournal", () => {
        it("remembers nothing, yet reports writes as done", () => {
            expect(noJournal.write(INTENT, sent())).to.equal(true);
            expect(noJournal.read(INTENT)).to.equal(undefined);
            expect(() => noJournal.clear(INTENT)).to.not.throw();
        });

        it("keeps no send times (so nothing waits on them)", () => {
            expect(noJournal.noteSent).to.equal(undefined);
            expect(noJournal.lastSent?.(INSTANCE)).to.equal(undefined);
        });
    });
});
