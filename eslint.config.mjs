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
            // The serialized shim must `require` the runtime inside each method (pulumi-dynamic.md §2.4).
            "@typescript-eslint/no-require-imports": "off",
            eqeqeq: ["error", "always"],
            "no-console": "off",
        },
    },
    {
        files: ["**/*.test.ts", "test/**/*.ts", "bench/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" },
    },
);
