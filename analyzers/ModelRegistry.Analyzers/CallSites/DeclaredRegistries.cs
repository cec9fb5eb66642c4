using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ModelRegistry.Generator;

namespace ModelRegistry.Analyzers;

/// <summary>
/// The registries of one compilation, built on first use from the same inputs the generator reads: a registry class's
/// <c>[ModelProvider]</c> attributes (all partial parts) and every JSON AdditionalFile, merged by
/// <see cref="RegistryBuilder"/>. Reading the inputs rather than the generated code keeps the call-site rules
/// independent of how (or whether yet) the generator emitted them.
/// </summary>
internal sealed class DeclaredRegistries
{
    private readonly Lazy<ImmutableEquatableArray<ProfileFileSpec>> _files;
    private readonly ConcurrentDictionary<INamedTypeSymbol, Lazy<RegistryIndex?>> _registries = new(SymbolEqualityComparer.Default);
    private readonly CancellationToken _cancellationToken;

    public DeclaredRegistries(ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        _files = new Lazy<ImmutableEquatableArray<ProfileFileSpec>>(() => ParseFiles(additionalFiles, cancellationToken));
    }

    /// <summary>The registry <paramref name="type"/> declares, or <see langword="null"/> when it is no registry class.</summary>
    public RegistryIndex? Find(INamedTypeSymbol type) =>
        _registries.GetOrAdd(type, t => new Lazy<RegistryIndex?>(() => Build(t))).Value;

    private RegistryIndex? Build(INamedTypeSymbol type)
    {
        ImmutableArray<AttributeData> attributes = type.GetAttributes()
            .Where(a => ProviderDeclarationParser.IsModelProviderAttribute(a.AttributeClass))
            .ToImmutableArray();
        if (attributes.IsEmpty
            || ProviderDeclarationParser.ParseClass(type, attributes, diagnostics: null, _cancellationToken) is not { } declaration)
        {
            return null;
        }

        return new RegistryIndex(RegistryBuilder.Build(declaration, _files.Value, BuiltInProviders.All, observer: null, _cancellationToken));
    }

    /// <summary>Every JSON AdditionalFile, read exactly as the generator reads it (non-profile JSON leniently, so that a
    /// <c>Profiles =</c> path outside a <c>profiles</c> folder is honoured), in path order.</summary>
    private static ImmutableEquatableArray<ProfileFileSpec> ParseFiles(ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
    {
        var files = new List<ProfileFileSpec>();
        foreach (AdditionalText file in additionalFiles)
        {
            if (file.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                && ProfileFileParser.Parse(file.Path, file.GetText(cancellationToken), diagnostics: null, cancellationToken) is { } spec)
            {
                files.Add(spec);
            }
        }

        return files.OrderBy(f => f.Path, StringComparer.Ordinal).ToImmutableEquatableArray();
    }
}
