/**
 * TypeScript types as Pulumi schema types. A union of string literals is a named enum, an
 * interface a named object type (`Partial<X>`: X with every property optional), `unknown` is
 * `pulumi.json#/Any`; anything the schema cannot say (a mixed union) is Any too.
 */
import * as ts from "typescript";

/** A type as the schema spells it, inline or by reference. */
export interface TypeSpec {
    type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
    items?: TypeSpec;
    additionalProperties?: TypeSpec;
    $ref?: string;
}

/** An object or enum type of the schema's `types` section. */
export interface TypeDefinition {
    type: "object" | "string";
    description?: string;
    properties?: Record<string, TypeSpec & { description?: string }>;
    required?: string[];
    enum?: { value: string }[];
}

const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };

/** The parts of a type that are not `undefined`, `null` or `void`, and whether there were any. */
export function nonNullish(type: ts.Type): { parts: ts.Type[]; optional: boolean } {
    const parts = type.isUnion() ? type.types : [type];
    const kept = parts.filter((part) => !(part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)));
    return { parts: kept, optional: kept.length < parts.length };
}

/** Maps types and collects the named types they refer to. */
export class TypeMapper {
    private readonly named: Record<string, TypeDefinition> = {};

    constructor(
        private readonly checker: ts.TypeChecker,
        private readonly packageName: string,
    ) {}

    /** The schema type of a union given by its parts; `nameHint` names an enum that has no name of its own. */
    map(parts: ts.Type[], nameHint: string): TypeSpec {
        if (parts.length === 0) return ANY;
        if (parts.every((part) => part.isStringLiteral())) return this.enumOf(parts as ts.StringLiteralType[], nameHint);
        if (parts.every((part) => part.flags & ts.TypeFlags.BooleanLiteral)) return { type: "boolean" };
        if (parts.length > 1) return ANY;
        return this.mapOne(parts[0], nameHint);
    }

    /** The `types` section: every enum and object type met so far. */
    definitions(): Record<string, TypeDefinition> {
        return Object.fromEntries(Object.entries(this.named).sort(([a], [b]) => a.localeCompare(b)));
    }

    private mapOne(type: ts.Type, nameHint: string): TypeSpec {
        if (type.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral)) return { type: "string" };
        if (type.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return { type: "number" };
        if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { type: "boolean" };
        if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return ANY;
        if (this.checker.isArrayType(type)) {
            const [element] = this.checker.getTypeArguments(type as ts.TypeReference);
            return { type: "array", items: this.map(nonNullish(element).parts, `${nameHint}Item`) };
        }
        if (type.flags & ts.TypeFlags.Object) return this.objectOf(type, nameHint);
        return ANY;
    }

    private enumOf(parts: ts.StringLiteralType[], nameHint: string): TypeSpec {
        const values = parts.map((part) => part.value).sort();
        return this.register(nameHint, { type: "string", enum: values.map((value) => ({ value })) });
    }

    private objectOf(type: ts.Type, nameHint: string): TypeSpec {
        const partial = type.aliasSymbol?.getName() === "Partial";
        const symbol = partial ? type.aliasTypeArguments?.[0]?.getSymbol() : (type.aliasSymbol ?? type.getSymbol());
        const properties = this.checker.getPropertiesOfType(type);
        const index = this.checker.getIndexInfoOfType(type, ts.IndexKind.String);
        if (index && properties.length === 0) return { type: "object", additionalProperties: this.map(nonNullish(index.type).parts, `${nameHint}Value`) };
        const name = symbol && !symbol.getName().startsWith("__") ? symbol.getName() : nameHint;
        const spec: TypeDefinition = { type: "object", properties: {}, required: [] };
        Object.assign(spec, described(symbol, this.checker));
        for (const property of properties) {
            const propertyName = property.getName();
            const { parts, optional } = nonNullish(this.checker.getTypeOfSymbol(property));
            spec.properties![propertyName] = { ...this.map(parts, `${name}${capitalize(propertyName)}`), ...described(property, this.checker) };
            if (!optional && !partial && !(property.flags & ts.SymbolFlags.Optional)) spec.required!.push(propertyName);
        }
        if (spec.required!.length === 0) delete spec.required;
        return this.register(name, spec);
    }

    /** A named type, by reference; one name, one definition. */
    private register(name: string, definition: TypeDefinition): TypeSpec {
        const token = `${this.packageName}:index:${name}`;
        const known = this.named[token];
        if (known && JSON.stringify(known) !== JSON.stringify(definition))
            throw new Error(`two different types would be named ${token}: ${JSON.stringify(known)} and ${JSON.stringify(definition)}`);
        this.named[token] = definition;
        return { $ref: `#/types/${token}` };
    }
}

/** A symbol's doc comment as the schema's `description`, or nothing when it has none. */
export function described(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): { description?: string } {
    const text = symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() : "";
    return text ? { description: text } : {};
}

/** `instanceId` → `InstanceId`, to name a type after the property it was met on. */
export function capitalize(name: string): string {
    return name.charAt(0).toUpperCase() + name.slice(1);
}
