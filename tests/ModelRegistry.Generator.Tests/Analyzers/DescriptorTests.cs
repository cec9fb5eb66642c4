using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Analyzers;

/// <summary>Every rule has its exact help link, its section in docs/diagnostics.md and its release-tracking entry.</summary>
public sealed class DescriptorTests
{
    private static readonly IReadOnlyList<DiagnosticDescriptor> Descriptors = AnalyzerHarness.Descriptors;

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (FieldInfo field in typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            data.Add((string)field.GetRawConstantValue()!);
        }

        return data;
    }

    [Fact]
    public void Rule_ids_are_unique_and_sequential()
    {
        string[] ids = typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToArray();

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(1, ids.Length).Select(i => $"MR{i:D4}"), ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_descriptor_is_supported_by_an_analyzer()
    {
        // The analyzers assembly's own copy of the shared descriptors (the generator's copy is never reported).
        Type descriptors = typeof(ModelRegistry.Analyzers.RegistryAnalyzer).Assembly.GetType("ModelRegistry.Compiler.DiagnosticDescriptors", throwOnError: true)!;
        var declared = descriptors.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (Name: f.Name, Descriptor: (DiagnosticDescriptor)f.GetValue(null)!))
            .ToList();

        // One descriptor per ID, plus MR0006 across files (a compilation-end twin of MR0006 within a file).
        Assert.Equal(typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static).Length + 1, declared.Count);
        Assert.All(declared, d => Assert.True(Descriptors.Contains(d.Descriptor), $"{d.Name} is reported by no analyzer."));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_is_supported_with_its_exact_help_link(string id)
    {
        DiagnosticDescriptor[] descriptors = Descriptors.Where(d => d.Id == id).ToArray();

        Assert.NotEmpty(descriptors);
        foreach (DiagnosticDescriptor descriptor in descriptors)
        {
            Assert.Equal($"https://github.com/modelregistry/modelregistry/blob/main/docs/diagnostics.md#{id.ToLowerInvariant()}", descriptor.HelpLinkUri);
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
            Assert.StartsWith("ModelRegistry.", descriptor.Category, StringComparison.Ordinal);
        }

        // Descriptors that share an ID (MR0006 within a file and across files) agree on everything a user configures.
        Assert.Single(descriptors.Select(d => (d.Title.ToString(), d.Category, d.DefaultSeverity)).Distinct());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_has_a_docs_section_with_a_bad_and_a_fixed_example(string id)
    {
        string docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));

        // "## MR0001" renders with the anchor #mr0001 that the help link points to.
        Match section = Regex.Match(docs, $"^## {id}\\s*$(?<body>.*?)(?=^## |\\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(section.Success, $"docs/diagnostics.md has no '## {id}' section.");
        string body = section.Groups["body"].Value;
        DiagnosticDescriptor descriptor = Descriptors.First(d => d.Id == id);
        Assert.Contains($"**{descriptor.Title}** · {descriptor.DefaultSeverity}", body, StringComparison.Ordinal);
        Assert.Contains("Bad:", body, StringComparison.Ordinal);
        Assert.Contains("Fixed:", body, StringComparison.Ordinal);
        Assert.True(Regex.Matches(body, "^```", RegexOptions.Multiline).Count >= 4, $"{id} needs a bad and a fixed example.");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_has_a_release_tracking_entry(string id)
    {
        string analyzerProject = Path.Combine(RepositoryRoot(), "analyzers", "ModelRegistry.Analyzers");
        string releases = File.ReadAllText(Path.Combine(analyzerProject, "AnalyzerReleases.Shipped.md"))
            + File.ReadAllText(Path.Combine(analyzerProject, "AnalyzerReleases.Unshipped.md"));
        DiagnosticDescriptor descriptor = Descriptors.First(d => d.Id == id);

        Assert.Matches(new Regex($"^{id} \\| {Regex.Escape(descriptor.Category)} \\| {descriptor.DefaultSeverity} \\|", RegexOptions.Multiline), releases);
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Registry.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Registry.sln not found above the test output directory.");
    }
}
