using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Analyzers;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="RegistryAnalyzer"/> through <see cref="CompilationWithAnalyzers"/> on C# source and in-memory JSON
/// AdditionalFiles written with markup: <c>{|MR0001:text|}</c> marks where a diagnostic with that ID must be reported.
/// Verification compares the exact set of (ID, file, span) and fails on any analyzer exception (AD0001).
/// </summary>
internal static class AnalyzerHarness
{
    public sealed record ExpectedDiagnostic(string Id, string Path, TextSpan Span);

    public sealed record AnalyzerRun(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> Exceptions);

    /// <summary>Runs the analyzer on plain (markup-free) inputs.</summary>
    public static Task<AnalyzerRun> RunAsync(string csharp, params (string Path, string Json)[] files) =>
        RunAsync(ParserTestCompilation.Create(csharp), files);

    /// <summary>Runs the analyzer on a prepared compilation (for example one with severity options).</summary>
    public static async Task<AnalyzerRun> RunAsync(Compilation compilation, params (string Path, string Json)[] files)
    {
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Json)).ToImmutableArray()),
            onAnalyzerException: (exception, _, _) => { lock (exceptions) { exceptions.Add(exception); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = new CompilationWithAnalyzers(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new RegistryAnalyzer()), options);
        ImmutableArray<Diagnostic> diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return new AnalyzerRun(diagnostics, exceptions);
    }

    /// <summary>Runs the analyzer on marked-up inputs and asserts exactly the marked diagnostics, each with its descriptor's severity.</summary>
    public static async Task<ImmutableArray<Diagnostic>> VerifyAsync(string csharpMarkup, params (string Path, string JsonMarkup)[] files)
    {
        var expected = new List<ExpectedDiagnostic>();
        string csharp = StripMarkup(csharpMarkup, ParserTestCompilation.SourcePath, expected);
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

        var descriptors = new RegistryAnalyzer().SupportedDiagnostics;
        foreach (Diagnostic diagnostic in run.Diagnostics)
        {
            Assert.Equal(descriptors.First(d => d.Id == diagnostic.Id).DefaultSeverity, diagnostic.Severity);
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
