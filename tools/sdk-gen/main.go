// Command sdk-gen validates the dcs plugin's schema with Pulumi's own schema binder and turns it into
// SDKs with Pulumi's own code generators (pkg/v3/codegen): the code `pulumi package gen-sdk` runs
// through a language host. Test and release tooling: the Go module proxy serves pkg/v3 but refuses
// the upstream Python and Go language hosts, so the generators are driven from here.
//
//	sdk-gen <schema.json>                        validate only: prints the binder's diagnostics
//	sdk-gen <schema.json> <out dir> <language>…  python, go or nodejs, each into <out dir>/<language>
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-dcs-jobs sdk-gen"

// noReferences refuses every package reference: the dcs schema refers to no other package.
type noReferences struct{}

func (noReferences) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the dcs schema refers to package %q; it should refer to none", pkg)
}

func (l noReferences) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, nil)
}

func (noReferences) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the dcs schema refers to package %q; it should refer to none", pkg)
}

func (l noReferences) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, nil)
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "sdk-gen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 1 && len(args) < 3 {
		return fmt.Errorf("usage: sdk-gen <schema.json> [<out dir> <language>…]")
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	pkg, diags, err := schema.BindSpec(spec, noReferences{}, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	for _, d := range diags {
		fmt.Fprintln(os.Stderr, d.Error())
	}
	if diags.HasErrors() {
		return fmt.Errorf("%s does not bind: %d diagnostics", args[0], len(diags))
	}
	fmt.Printf("%s binds: %d resources, %d types, %d diagnostics\n", args[0], len(spec.Resources), len(spec.Types), len(diags))
	if len(args) == 1 {
		return nil
	}
	for _, language := range args[2:] {
		files, err := generate(language, pkg)
		if err != nil {
			return fmt.Errorf("%s SDK: %w", language, err)
		}
		dir := filepath.Join(args[1], language)
		for name, content := range files {
			path := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(path, content, 0o644); err != nil {
				return err
			}
		}
		fmt.Printf("%s SDK: %d files in %s\n", language, len(files), dir)
	}
	return nil
}

func generate(language string, pkg *schema.Package) (map[string][]byte, error) {
	switch language {
	case "python":
		return python.GeneratePackage(tool, pkg, nil, noReferences{})
	case "go":
		return gogen.GeneratePackage(tool, pkg, nil)
	case "nodejs":
		return nodejs.GeneratePackage(tool, pkg, nil, nil, false, noReferences{})
	default:
		return nil, fmt.Errorf("unknown language %q (python, go or nodejs)", language)
	}
}
