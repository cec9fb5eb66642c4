using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator;

/// <summary>
/// A provider as the emitter lays it out: its position in the ordinal-sorted registry (which names its private
/// fields and helpers, so no two can collide whatever the provider and model names are), and the nested-class and
/// property identifiers that can be emitted without a compile error.
/// </summary>
internal sealed class EmittedProvider
{
    private EmittedProvider(ResolvedProviderSpec spec, int index, string? nestedClass, IReadOnlyList<EmittedModel> models)
    {
        Spec = spec;
        Index = index;
        NestedClass = nestedClass;
        Models = models;
    }

    public ResolvedProviderSpec Spec { get; }

    public ProviderSpec Declaration => Spec.Declaration;

    public int Index { get; }

    /// <summary>The nested class name, or <see langword="null"/> when the identifier cannot be used (the analyzers report why);
    /// the provider then still loads by name.</summary>
    public string? NestedClass { get; }

    public IReadOnlyList<EmittedModel> Models { get; }

    /// <summary>Whether the provider is a built-in exactly as the runtime ships it (not redeclared, no profiles): the
    /// registry then refers to the runtime's one instance instead of compiling a copy of its data.</summary>
    public bool IsSharedBuiltIn => Declaration.Origin == ProviderOrigin.BuiltIn && Models.Count == 0;

    public string InfoField => $"__provider{Index}";

    public string ProfileLookup => $"__FindProfile{Index}";

    /// <summary>The function constructing a user client type (only a provider with <c>ChatClient = typeof(...)</c> has one).</summary>
    public string Factory => $"__Create{Index}";

    /// <summary>Lays out the providers of <paramref name="registry"/>, ordinal-sorted by name.</summary>
    public static IReadOnlyList<EmittedProvider> LayOut(RegistrySpec registry)
    {
        var result = new List<EmittedProvider>();
        var usedClassNames = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (ResolvedProviderSpec provider in registry.Providers.OrderBy(p => p.Declaration.Name, System.StringComparer.Ordinal))
        {
            int index = result.Count;
            string? nestedClass = UsableIdentifier(provider.Identifier, name =>
                name != registry.Class.Name && !IdentifierNaming.RegistryMembers.Contains(name) && usedClassNames.Add(name));

            var models = new List<EmittedModel>();
            var usedProperties = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (ResolvedModelSpec model in provider.Models.OrderBy(m => m.Model.Id, System.StringComparer.Ordinal))
            {
                string? property = nestedClass is null ? null : UsableIdentifier(model.Identifier, name =>
                    name != Bare(nestedClass) && !IdentifierNaming.ProviderClassMembers.Contains(name) && usedProperties.Add(name));
                models.Add(new EmittedModel(model, $"__profile{index}_{models.Count}", property));
            }

            result.Add(new EmittedProvider(provider, index, nestedClass, models));
        }

        return result;
    }

    private static string Bare(string identifier) =>
        identifier.StartsWith("@", System.StringComparison.Ordinal) ? identifier.Substring(1) : identifier;

    /// <summary><paramref name="identifier"/> when it is a valid C# identifier (a keyword escaped with <c>@</c>) that
    /// <paramref name="isFree"/> accepts, else <see langword="null"/>.</summary>
    private static string? UsableIdentifier(string identifier, System.Func<string, bool> isFree)
    {
        string bare = Bare(identifier);
        bool escaped = identifier.Length != bare.Length;
        bool valid = SyntaxFacts.IsValidIdentifier(bare) && !bare.StartsWith("__", System.StringComparison.Ordinal) &&
            (escaped || SyntaxFacts.GetKeywordKind(bare) == SyntaxKind.None);
        return valid && isFree(bare) ? identifier : null;
    }
}

/// <summary>A profiled model as the emitter lays it out.</summary>
/// <param name="Spec">The merged model.</param>
/// <param name="ProfileField">The private field holding its <c>ModelProfile</c>.</param>
/// <param name="Property">Its <c>ChatModelId</c> property name, or <see langword="null"/> when none can be emitted.</param>
internal sealed record EmittedModel(ResolvedModelSpec Spec, string ProfileField, string? Property);
