using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ModelRegistry.Compiler;

/// <summary>
/// The providers that load with no declaration (<c>openai</c>, <c>deepseek</c>, <c>ollama</c>, ...): the
/// <c>providers</c> array of <c>generator/BuiltIns/builtin-providers.json</c>, embedded in both the generator and the
/// analyzers and read by the same <see cref="ProfileFileParser"/> as a user's data file, so one set of rules validates
/// both. Parsed once per assembly load.
/// </summary>
internal static class BuiltInProviders
{
    /// <summary>The manifest resource name both compiler assemblies embed the table under (their projects set it).</summary>
    public const string ResourceName = "ModelRegistry.BuiltInProviders.json";

    /// <summary>The path diagnostics about the table would be reported at (only tests ask for them).</summary>
    public const string FileName = "builtin-providers.json";

    private static readonly Lazy<ImmutableEquatableArray<ProviderSpec>> Table = new(() => Parse(ReadResource(), sink: null));

    /// <summary>Every built-in provider, in table order, each with <see cref="ProviderOrigin.BuiltIn"/>; empty if the
    /// resource cannot be read (the generator never throws).</summary>
    public static ImmutableEquatableArray<ProviderSpec> All => Table.Value;

    /// <summary>Whether <paramref name="name"/> (ignoring case) is a built-in provider.</summary>
    public static bool Contains(string name) => All.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a built-in table; <paramref name="sink"/> receives every problem of it (tests assert none).</summary>
    public static ImmutableEquatableArray<ProviderSpec> Parse(SourceText? text, DiagnosticSink? sink)
    {
        ProfileFileSpec? file = ProfileFileParser.Parse(FileName, text, sink, claimed: true, CancellationToken.None);
        return file is null
            ? ImmutableEquatableArray<ProviderSpec>.Empty
            : file.Providers.Select(p => p with { Origin = ProviderOrigin.BuiltIn }).ToImmutableEquatableArray();
    }

    /// <summary>The embedded table's text, or <see langword="null"/> when the resource is missing.</summary>
    public static SourceText? ReadResource()
    {
        using Stream? stream = typeof(BuiltInProviders).Assembly.GetManifestResourceStream(ResourceName);
        return stream is null ? null : SourceText.From(stream);
    }
}
