//go:build tools

// Package tools pins pulumi-language-yaml, Pulumi YAML's language host, which
// scripts/install-pulumi-yaml.sh builds from this module: the e2e suite runs YAML programs
// against the dcs provider plugin with it. Nothing here is compiled into the package.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
