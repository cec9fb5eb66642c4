using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelRegistry.Compiler;

namespace ModelRegistry.Analyzers;

/// <summary>
/// The registries of one compilation, built on first use from the same inputs the generator reads: a registry class's
/// <c>[ModelProvider]</c> attributes (all partial parts) and every JSON AdditionalFile, merged by
/// <see cref="RegistryBuilder"/>. Reading the inputs rather than the generated code keeps the call-site rules
/// independent of how (or whether yet) the generator emitted them. <see cref="InCompilation"/> is every registry class the
/// compilation declares, for ids that name no registry class (the keys of keyed services).
/// </summary>
internal sealed class DeclaredRegistries
{
    private readonly Lazy<ImmutableEquatableArray<ProfileFileSpec>> _files;
    private readonly ConcurrentDictionary<INamedTypeSymbol, Lazy<RegistryIndex?>> _registries = new(SymbolEqualityComparer.Default);
    private readonly Lazy<RegistryIndex?> _inCompilation;
    private readonly CancellationToken _cancellationToken;

    public DeclaredRegistries(Compilation compilation, ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        _files = new Lazy<ImmutableEquatableArray<ProfileFileSpec>>(() => ParseFiles(additionalFiles, cancellationToken));
        _inCompilation = new Lazy<RegistryIndex?>(() => CombineAll(compilation));
    }

    /// <summary>
    /// Every registry class declared in the compilation's source, as one (<see cref="RegistryIndex.Combine"/>), or
    /// <see langword="null"/> when it declares none. Built on first use: only code that uses a keyed service pays for the walk.
    /// </summary>
    public RegistryIndex? InCompilation => _inCompilation.Value;

    /// <summary>The registry <paramref name="type"/> declares, or <see langword="null"/> when it is no registry class.</summary>
    public RegistryIndex? Find(INamedTypeSymbol type) =>
        _registries.GetOrAdd(type, t => new Lazy<RegistryIndex?>(() => Build(t))).Value;

    private RegistryIndex? Build(INamedTypeSymbol type)
    {
        ImmutableArray<AttributeData> attributes = type.GetAttributes()
            .Where(a => ProviderDeclarationParser.IsModelProviderAttribute(a.AttributeClass))
            .ToImmutableArray();
        if (attributes.IsEmpty
            || ProviderDeclarationParser.ParseClass(type, attributes, sink: null, _cancellationToken) is not { } declaration)
        {
            return null;
        }

        return new RegistryIndex(RegistryBuilder.Build(declaration, _files.Value, BuiltInProviders.All, sink: null, providersOfCompilation: null, _cancellationToken));
    }

    private RegistryIndex? CombineAll(Compilation compilation)
    {
        var registries = new List<RegistryIndex>();
        var types = new Stack<INamespaceOrTypeSymbol>();
        types.Push(compilation.Assembly.GlobalNamespace);
        while (types.Count > 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            INamespaceOrTypeSymbol container = types.Pop();
            if (container is INamespaceSymbol ns)
            {
                foreach (INamespaceSymbol inner in ns.GetNamespaceMembers())
                {
                    types.Push(inner);
                }
            }

            foreach (INamedTypeSymbol type in container.GetTypeMembers())
            {
                types.Push(type);
                if (type.TypeKind == TypeKind.Class && HasAttributeSyntax(type) && Find(type) is { } registry)
                {
                    registries.Add(registry);
                }
            }
        }

        return registries.Count == 0 ? null : RegistryIndex.Combine(registries);
    }

    /// <summary>Whether any declaration of <paramref name="type"/> is written with attributes: a syntax check that spares
    /// binding the attributes of the (many) classes that have none.</summary>
    private bool HasAttributeSyntax(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(_cancellationToken) is TypeDeclarationSyntax { AttributeLists.Count: > 0 });

    /// <summary>Every JSON AdditionalFile, read exactly as the generator reads it (non-profile JSON leniently, so that a
    /// <c>Profiles =</c> path outside a <c>profiles</c> folder is honoured), in path order.</summary>
    private static ImmutableEquatableArray<ProfileFileSpec> ParseFiles(ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
    {
        var files = new List<ProfileFileSpec>();
        foreach (AdditionalText file in additionalFiles)
        {
            if (file.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                && ProfileFileParser.Parse(file.Path, file.GetText(cancellationToken), sink: null, cancellationToken) is { } spec)
            {
                files.Add(spec);
            }
        }

        return files.OrderBy(f => f.Path, StringComparer.Ordinal).ToImmutableEquatableArray();
    }
}
