import { DcsConfigError } from "./errors";

/** Which cloud's endpoint naming to use. */
export type DcsCloud = "otc" | "huaweicloud";

// OTC public regions (https://github.com/opentelekomcloud-docs/image-management-service/blob/main/doc/public-images/source/index.rst);
// Huawei Cloud regions from the official Node SDK's DcsRegion table
// (https://github.com/huaweicloud/huaweicloud-sdk-nodejs-v3/blob/master/services/dcs/v2/DcsRegion.ts).
const KNOWN_REGIONS: Record<DcsCloud, readonly string[]> = {
    otc: ["eu-de", "eu-nl", "eu-ch2"],
    huaweicloud: [
        "af-south-1",
        "cn-north-1",
        "cn-north-2",
        "cn-north-4",
        "cn-north-9",
        "cn-north-12",
        "cn-east-2",
        "cn-east-3",
        "cn-east-4",
        "cn-east-5",
        "cn-south-1",
        "cn-south-2",
        "cn-southwest-2",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-4",
        "ap-southeast-5",
        "ru-northwest-2",
        "ru-moscow-1",
        "sa-brazil-1",
        "la-north-2",
        "la-south-2",
        "na-mexico-1",
        "ae-ad-1",
        "tr-west-1",
        "me-east-1",
        "my-kualalumpur-1",
        "eu-west-0",
        "eu-west-101",
    ],
};

// No DCS documentation and no DCS endpoint exist for these (see docs/configuration.md, "Regions with special endpoints"). They stay in the
// known list so that they get this refusal rather than "unknown region".
const WITHOUT_DCS: Readonly<Record<string, string>> = {
    "eu-ch2": "DCS is not offered in OTC's Swiss region (no DCS API is documented there)",
};

/** The regions we know for a cloud; anything else is rejected unless an explicit endpoint is given. */
export function knownRegions(cloud: DcsCloud): readonly string[] {
    return KNOWN_REGIONS[cloud];
}

/** Why a known region has no DCS endpoint, or undefined when it has one. */
export function regionWithoutDcs(region: string): string | undefined {
    return Object.hasOwn(WITHOUT_DCS, region) ? WITHOUT_DCS[region] : undefined;
}

/** Public DCS endpoint of a region; a `DcsConfigError` on `region` for a region without DCS. */
export function regionEndpoint(cloud: DcsCloud, region: string): string {
    const missing = regionWithoutDcs(region);
    if (missing) throw new DcsConfigError("region", `${JSON.stringify(region)}: ${missing}; give an endpoint explicitly if yours has one`);
    if (cloud === "otc") return `https://dcs.${region}.otc.t-systems.com`;
    // Like getCloudDomain in https://github.com/huaweicloud/terraform-provider-huaweicloud/blob/master/huaweicloud/provider.go;
    // the SDK region table (see KNOWN_REGIONS) says .com for eu-west-101. See docs/configuration.md, "Regions with special endpoints".
    const domain = region.startsWith("eu-west-1") ? "myhuaweicloud.eu" : "myhuaweicloud.com";
    return `https://dcs.${region}.${domain}`;
}

/** Guesses the cloud from a region name: OTC region names are a strict subset. */
export function cloudOfRegion(region: string): DcsCloud | undefined {
    if (KNOWN_REGIONS.otc.includes(region)) return "otc";
    if (KNOWN_REGIONS.huaweicloud.includes(region)) return "huaweicloud";
    return undefined;
}
