// The plugin suite's Go program: one MasterStandbySwap, from the committed Go SDK (sdk/go/dcs).
package main

import (
	"github.com/pulumi-dcs-jobs/pulumi-dcs-jobs/sdk/go/dcs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		swap, err := dcs.NewMasterStandbySwap(ctx, "swap", &dcs.MasterStandbySwapArgs{
			InstanceId: pulumi.String(cfg.Require("instanceId")),
			Triggers:   pulumi.Map{"ticket": pulumi.String(cfg.Require("ticket"))},
			Timeout:    pulumi.String("60s"),
			PollPolicy: &dcs.PollPolicyArgs{
				FirstDelayMs: pulumi.Float64(200),
				MinDelayMs:   pulumi.Float64(200),
				MaxDelayMs:   pulumi.Float64(400),
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("jobId", swap.JobId)
		ctx.Export("status", swap.Status)
		ctx.Export("apiUsed", swap.ApiUsed)
		return nil
	})
}
