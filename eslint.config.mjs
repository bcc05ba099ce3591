// ESLint flat config: the recommended JS and typescript-eslint rules, plus the project's few conventions.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["dist/", "docs/", "node_modules/", "examples/*/node_modules/", ".tools/", ".demo/", "bench/results/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: {
            globals: {
                console: "readonly",
                process: "readonly",
                require: "readonly",
                __dirname: "readonly",
                module: "readonly",
                setTimeout: "readonly",
                clearTimeout: "readonly",
                setInterval: "readonly",
                clearInterval: "readonly",
                AbortController: "readonly",
                AbortSignal: "readonly",
                URL: "readonly",
                URLSearchParams: "readonly",
                Buffer: "readonly",
                NodeJS: "readonly",
            },
        },
        rules: {
            // Errors are our typed classes or rethrown as is; unused args keep interface shapes.
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
            // The serialized shim must `require` the runtime inside each method (see README, Architecture).
            "@typescript-eslint/no-require-imports": "off",
            eqeqeq: ["error", "always"],
            // Public Args are named interfaces over the type derived from a kind's field table.
            "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
            "no-console": "off",
        },
    },
    {
        // A resource class gets its echoed inputs as typed outputs from an interface of the same name
        // (`OutputsOf` its field table): types only, as `declare readonly` lines are; the engine sets them.
        files: ["provider/resources/*.ts"],
        rules: { "@typescript-eslint/no-unsafe-declaration-merging": "off" },
    },
    // The layers of ARCHITECTURE.md: each imports only the ones below it.
    layer("provider/dcs", ["jobs", "operations", "resources", "cli", "plugin", "testing"]),
    layer("provider/jobs", ["operations", "resources", "cli", "plugin", "testing"]),
    layer("provider/operations", ["resources", "cli", "plugin", "testing"]),
    layer("provider/resources", ["cli", "plugin", "testing"]),
    layer("provider/cli", ["resources", "plugin", "testing"]),
    layer("provider/plugin", ["cli", "testing"]),
    {
        files: ["**/*.test.ts", "test/**/*.ts", "bench/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" },
    },
);

/** Forbids `provider/<folder>` code (tests aside) to import the named sibling folders of `provider/`. */
function layer(folder, forbidden) {
    return {
        files: [`${folder}/**/*.ts`],
        ignores: ["**/*.test.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: forbidden.map((name) => ({
                        group: [`**/${name}`, `**/${name}/**`],
                        message: `${folder} must not import provider/${name} (ARCHITECTURE.md)`,
                    })),
                },
            ],
        },
    };
}
