namespace ModelRegistry.Compiler;

/// <summary>
/// Everything the emitter needs for one registry class: the input of the last pipeline step.
/// </summary>
/// <remarks>
/// Every spec is a <c>sealed record</c> of strings, primitives and <see cref="ImmutableEquatableArray{T}"/>:
/// structural equality is what lets the incremental pipeline see that nothing changed and skip emission.
/// No <c>ISymbol</c>, <c>SyntaxNode</c>, <c>Compilation</c> or <c>Location</c> may appear in a spec.
/// </remarks>
internal sealed record RegistrySpec(
    RegistryClassSpec Class,
    ImmutableEquatableArray<ResolvedProviderSpec> Providers);

/// <summary>The partial class the registry is emitted into.</summary>
/// <param name="Namespace">The containing namespace, or <see langword="null"/> for the global namespace.</param>
/// <param name="Name">The class name.</param>
/// <param name="ContainingTypes">Enclosing types, outermost first, as <c>"partial class Outer"</c> style declarations.</param>
/// <param name="HintName">The unique file name of the generated source.</param>
internal sealed record RegistryClassSpec(
    string? Namespace,
    string Name,
    ImmutableEquatableArray<string> ContainingTypes,
    string HintName);

/// <summary>A provider after validation and merging with its profiles: what the emitter writes.</summary>
/// <param name="Declaration">The provider as declared (attribute, data file or built-in table).</param>
/// <param name="Identifier">The C# identifier of the provider's nested class (for example <c>Vllm</c>), or an empty string when
/// none can be generated (a collision or a name without letters or digits; the analyzers report it). Rule: <see cref="IdentifierNaming"/>.</param>
/// <param name="Compatibility">The provider-level options, every value set (declaration over defaults).</param>
/// <param name="Models">The profiled models, ordinal-sorted by id.</param>
internal sealed record ResolvedProviderSpec(
    ProviderSpec Declaration,
    string Identifier,
    CompatibilitySpec Compatibility,
    ImmutableEquatableArray<ResolvedModelSpec> Models);

/// <summary>A profiled model after merging.</summary>
/// <param name="Model">The model as read from its profile file.</param>
/// <param name="Identifier">The C# identifier of its <c>ChatModelId</c> property (for example <c>Qwen3_4B</c>), or an empty string
/// when none can be generated (the model still loads by string id). Rule: <see cref="IdentifierNaming"/>.</param>
/// <param name="Compatibility">Provider options, overridden by the file's, overridden by the model's: every value set.</param>
internal sealed record ResolvedModelSpec(
    ModelSpec Model,
    string Identifier,
    CompatibilitySpec Compatibility);
