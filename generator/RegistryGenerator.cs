using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator;

/// <summary>
/// The pipeline: <c>[ModelProvider]</c> classes and profile JSON AdditionalFiles are parsed into equatable specs,
/// merged per registry class with the built-in providers (<see cref="BuiltInProviders"/>: a user declaration of the same
/// name wins), and emitted as one source file per class. The generator never reports
/// diagnostics (the analyzers run the same parsers and do) and never throws: invalid input is dropped.
/// </summary>
/// <remarks>
/// The two inputs stay on separate paths until the last step: an edit to a JSON file re-parses only that file and
/// re-runs only the merge and emission, never the attribute parsing; an edit elsewhere in C# leaves both cached.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class RegistryGenerator : IIncrementalGenerator
{
    internal const string AttributeMetadataName = "ModelRegistry.ModelProviderAttribute";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<RegistryDeclarationSpec> declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeMetadataName,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                transform: static (context, cancellationToken) => ProviderDeclarationParser.ParseClass(
                    (INamedTypeSymbol)context.TargetSymbol, context.Attributes, sink: null, cancellationToken))
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ProviderDeclarations);

        // Each partial declaration of a class is its own syntax target; the registry is one class, so its parts merge
        // here (else two outputs would share a hint name, which fails the generator).
        IncrementalValuesProvider<RegistryDeclarationSpec> registryClasses = declarations
            .Collect()
            .SelectMany(static (parts, _) => MergePartialDeclarations(parts))
            .WithTrackingName(TrackingNames.RegistryClasses);

        IncrementalValuesProvider<ProfileFileSpec> profileFiles = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".json", System.StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) => ProfileFileParser.Parse(
                text.Path, text.GetText(cancellationToken), sink: null, cancellationToken))
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ProfileFiles);

        IncrementalValueProvider<ImmutableEquatableArray<ProfileFileSpec>> allProfileFiles = profileFiles
            .Collect()
            .Select(static (files, _) => files.OrderBy(f => f.Path, System.StringComparer.Ordinal).ToImmutableEquatableArray())
            .WithTrackingName(TrackingNames.AllProfileFiles);

        IncrementalValuesProvider<RegistrySpec> registries = registryClasses
            .Combine(allProfileFiles)
            .Select(static (pair, cancellationToken) => RegistryBuilder.Build(
                pair.Left, pair.Right, BuiltInProviders.All, sink: null, providersOfCompilation: null, cancellationToken))
            .WithTrackingName(TrackingNames.Registries);

        context.RegisterSourceOutput(registries, static (context, registry) =>
            context.AddSource(registry.Class.HintName, RegistryEmitter.Emit(registry)));
    }

    /// <summary>One declaration per registry class (providers of all its parts, in source order), each with a hint name
    /// that is unique and valid.</summary>
    internal static ImmutableArray<RegistryDeclarationSpec> MergePartialDeclarations(ImmutableArray<RegistryDeclarationSpec> parts)
    {
        var merged = new List<RegistryDeclarationSpec>();
        var usedHintNames = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        foreach (IGrouping<RegistryClassSpec, RegistryDeclarationSpec> registryClass in parts.GroupBy(p => p.Class))
        {
            string hintName = UniqueHintName(registryClass.Key.HintName, usedHintNames);
            merged.Add(new RegistryDeclarationSpec(
                registryClass.Key with { HintName = hintName },
                registryClass.SelectMany(p => p.Providers).ToImmutableEquatableArray()));
        }

        return merged.ToImmutableArray();
    }

    private static string UniqueHintName(string hintName, HashSet<string> used)
    {
        var valid = new StringBuilder(hintName.Length);
        foreach (char c in hintName)
        {
            valid.Append(char.IsLetterOrDigit(c) && c < 128 || c is '.' or '_' or '-' or '+' or ',' ? c : '_');
        }

        string stem = valid.ToString();
        if (stem.EndsWith(".cs", System.StringComparison.OrdinalIgnoreCase))
        {
            stem = stem.Substring(0, stem.Length - 3);
        }

        if (stem.Length == 0)
        {
            stem = "Registry";
        }

        string candidate = stem + ".cs";
        for (int suffix = 2; !used.Add(candidate); suffix++)
        {
            candidate = $"{stem}{suffix}.cs";
        }

        return candidate;
    }
}
