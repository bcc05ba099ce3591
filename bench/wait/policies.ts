/** The three schedules compared, all expressed as a `PollPolicy` so they run through the same waiter. */
import { DEFAULT_POLL_POLICY, PollPolicy } from "../../provider/jobs";

export interface NamedPolicy {
    key: string;
    label: string;
    policy: PollPolicy;
}

export const OUR_DEFAULT: NamedPolicy = { key: "ours", label: "ours (default)", policy: { ...DEFAULT_POLL_POLICY } };

/** Huawei Terraform provider `dcs_master_standby_switch`: first poll at 2 s, then every 10 s. */
export const PEER: NamedPolicy = {
    key: "peer",
    label: "peer (Terraform: 2 s, then 10 s)",
    policy: { firstDelayMs: 2000, growth: 0, minDelayMs: 10_000, maxDelayMs: 10_000, jitter: 0 },
};

export const NAIVE: NamedPolicy = {
    key: "naive",
    label: "naive (every 1 s)",
    policy: { firstDelayMs: 1000, growth: 0, minDelayMs: 1000, maxDelayMs: 1000, jitter: 0 },
};

export function describePolicy(p: PollPolicy): string {
    if (p.growth === 0 && p.minDelayMs === p.maxDelayMs && p.jitter === 0) return `first ${p.firstDelayMs / 1000} s, then every ${p.maxDelayMs / 1000} s`;
    return `first ${p.firstDelayMs / 1000} s, then ${Math.round(p.growth * 100)} % of elapsed clamped ${p.minDelayMs / 1000}–${p.maxDelayMs / 1000} s, ±${Math.round(p.jitter * 100)} % jitter`;
}
