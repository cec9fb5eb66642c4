using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Analyzers;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>
/// Runs every ModelRegistry analyzer through <see cref="CompilationWithAnalyzers"/> on C# source and in-memory JSON
/// AdditionalFiles written with markup: <c>{|MR0001:text|}</c> marks where a diagnostic with that ID must be reported.
/// The generator runs first, as in a build, so that calls to the generated <c>LoadChatModel</c> bind.
/// Verification compares the exact set of (ID, file, span) and fails on any analyzer exception (AD0001).
/// </summary>
internal static class AnalyzerHarness
{
    /// <summary>Every analyzer the analyzers assembly ships, found by reflection so that a new one is never left out.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(RegistryAnalyzer).Assembly.GetTypes()
        .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>The descriptors of <see cref="Analyzers"/>.</summary>
    public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = Analyzers.SelectMany(a => a.SupportedDiagnostics).ToImmutableArray();

    /// <summary>The compilation a build hands the analyzers: <paramref name="compilation"/> plus the generated registry (the
    /// run goes through <see cref="GeneratorHarness"/>, so it checks caching too).</summary>
    public static Compilation WithGeneratedCode(Compilation compilation, ImmutableArray<AdditionalText> additionalFiles) =>
        GeneratorHarness.Run(compilation, additionalFiles).Output;

    public sealed record ExpectedDiagnostic(string Id, string Path, TextSpan Span);

    public sealed record AnalyzerRun(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> Exceptions);

    /// <summary>Runs the analyzer on plain (markup-free) inputs.</summary>
    public static Task<AnalyzerRun> RunAsync(string csharp, params (string Path, string Json)[] files) =>
        RunAsync(TestCompilations.CreateForAnalyzers(csharp), files);

    /// <summary>Runs the analyzer on a prepared compilation (for example one with severity options).</summary>
    public static async Task<AnalyzerRun> RunAsync(Compilation compilation, params (string Path, string Json)[] files)
    {
        var exceptions = new List<Exception>();
        ImmutableArray<AdditionalText> additionalFiles = files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Json)).ToImmutableArray();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(additionalFiles),
            onAnalyzerException: (exception, _, _) => { lock (exceptions) { exceptions.Add(exception); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = new CompilationWithAnalyzers(WithGeneratedCode(compilation, additionalFiles), Analyzers, options);
        ImmutableArray<Diagnostic> diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return new AnalyzerRun(diagnostics, exceptions);
    }

    /// <summary>Runs the analyzer on marked-up inputs and asserts exactly the marked diagnostics, each with its descriptor's severity.</summary>
    public static async Task<ImmutableArray<Diagnostic>> VerifyAsync(string csharpMarkup, params (string Path, string JsonMarkup)[] files)
    {
        var expected = new List<ExpectedDiagnostic>();
        string csharp = StripMarkup(csharpMarkup, TestCompilations.SourcePath, expected);
        var plainFiles = files.Select(f => (f.Path, StripMarkup(f.JsonMarkup, f.Path, expected))).ToArray();

        AnalyzerRun run = await RunAsync(csharp, plainFiles);

        Assert.Empty(run.Exceptions);
        var actual = run.Diagnostics
            .Select(d => new ExpectedDiagnostic(d.Id, d.Location.GetLineSpan().Path, d.Location.SourceSpan))
            .OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Span.Start).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        var wanted = expected
            .OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Span.Start).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        Assert.True(wanted.SequenceEqual(actual), $"Expected:\n  {string.Join("\n  ", wanted)}\nActual:\n  {string.Join("\n  ", run.Diagnostics.Select(Describe))}");

        foreach (Diagnostic diagnostic in run.Diagnostics)
        {
            Assert.Equal(Descriptors.First(d => d.Id == diagnostic.Id).DefaultSeverity, diagnostic.Severity);
        }

        return run.Diagnostics;
    }

    /// <summary>Removes <c>{|ID:…|}</c> markers, recording each marked span.</summary>
    public static string StripMarkup(string markup, string path, List<ExpectedDiagnostic> expected)
    {
        var text = new StringBuilder(markup.Length);
        var open = new Stack<(string Id, int Start)>();
        int i = 0;
        while (i < markup.Length)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                int colon = markup.IndexOf(':', i + 2);
                open.Push((markup.Substring(i + 2, colon - i - 2), text.Length));
                i = colon + 1;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
            {
                (string id, int start) = open.Pop();
                expected.Add(new ExpectedDiagnostic(id, path, TextSpan.FromBounds(start, text.Length)));
                i += 2;
            }
            else
            {
                text.Append(markup[i]);
                i++;
            }
        }

        return text.ToString();
    }

    private static string Describe(Diagnostic diagnostic) =>
        $"{diagnostic.Id} {diagnostic.Location.GetLineSpan().Path} {diagnostic.Location.SourceSpan}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
}
