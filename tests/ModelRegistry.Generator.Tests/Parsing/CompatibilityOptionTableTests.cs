using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Parsing;

/// <summary>
/// The one table of compatibility options (<see cref="CompatibilityOptionTable"/>): every row is read by the profile
/// parser and the attribute parser, written by the emitter, exists at run time, and is documented in docs/diagnostics.md.
/// </summary>
public sealed class CompatibilityOptionTableTests
{
    public static TheoryData<string> Options() => new(CompatibilityOptionTable.All.Select(o => o.PropertyName));

    [Theory]
    [MemberData(nameof(Options))]
    public void The_profile_parser_reads_the_option(string name)
    {
        CompatibilityOption option = CompatibilityOptionTable.FindProperty(name)!;
        var sink = new DiagnosticSink();

        ProfileFileSpec? file = ProfileFileParser.Parse(
            "/app/profiles/p.json", SourceText.From($$"""{ "provider": "p", "compatibility_options": { "{{option.JsonKey}}": {{JsonValue(option)}} } }"""),
            sink, CancellationToken.None);

        Assert.Empty(sink.Diagnostics);
        Assert.Equal(SpecValue(option), option.Get(file!.Compatibility!));
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void The_profile_parser_reports_an_invalid_value_of_the_option(string name)
    {
        CompatibilityOption option = CompatibilityOptionTable.FindProperty(name)!;
        var sink = new DiagnosticSink();
        string invalid = option.Kind switch
        {
            CompatibilityValueKind.Set => """["bogus"]""",
            CompatibilityValueKind.Boolean => "\"yes\"",
            _ => "\"<bogus>\"",
        };

        ProfileFileSpec? file = ProfileFileParser.Parse(
            "/app/profiles/p.json", SourceText.From($$"""{ "provider": "p", "compatibility_options": { "{{option.JsonKey}}": {{invalid}} } }"""),
            sink, CancellationToken.None);

        Assert.Equal(option.Kind == CompatibilityValueKind.Boolean ? RuleIdentifiers.InvalidProfileValue : RuleIdentifiers.UnknownCompatibilityValue,
            Assert.Single(sink.Diagnostics).Rule.Id);
        Assert.Equal(option.Kind == CompatibilityValueKind.Set ? ImmutableEquatableArray<string>.Empty : null, option.Get(file!.Compatibility!));
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void The_attribute_parser_reads_the_option(string name)
    {
        CompatibilityOption option = CompatibilityOptionTable.FindProperty(name)!;

        (RegistryDeclarationSpec? spec, List<Diagnostic> diagnostics) = ParserHarness.ParseDeclaration(
            $$"""[ModelRegistry.ModelProvider("p", Kind = "openai-compatible", {{option.PropertyName}} = {{CSharpValue(option)}})] public static partial class Models { }""");

        Assert.Empty(diagnostics);
        Assert.Equal(SpecValue(option), option.Get(Assert.Single(spec!.Providers).Compatibility));
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void The_emitter_writes_the_option_as_the_runtime_property(string name)
    {
        CompatibilityOption option = CompatibilityOptionTable.FindProperty(name)!;
        PropertyInfo? property = typeof(CompatibilityOptions).GetProperty(option.PropertyName);
        Assert.NotNull(property);
        Assert.NotNull(typeof(ModelProviderAttribute).GetProperty(option.PropertyName));

        string? assignment = RegistryDataEmitter.Assignment(option, SpecValue(option));

        Assert.NotNull(assignment);
        Assert.StartsWith($"{option.PropertyName} = ", assignment, StringComparison.Ordinal);
        Assert.Null(RegistryDataEmitter.Assignment(option, ReferenceEquals(option.Default, CompatibilityOptionTable.Unset) ? null : option.Default));
        if (option.Kind is CompatibilityValueKind.Set or CompatibilityValueKind.Choice)
        {
            // Every member the emitter may name exists on the run-time type.
            Type runtimeType = typeof(CompatibilityOptions).Assembly.GetType("ModelRegistry." + option.RuntimeType, throwOnError: true)!;
            Assert.Equal(runtimeType, Nullable.GetUnderlyingType(property!.PropertyType) ?? property.PropertyType);
            Assert.All(option.Members, m => Assert.True(Enum.IsDefined(runtimeType, Enum.Parse(runtimeType, m.Member)), m.Member));
        }
    }

    [Fact]
    public void The_docs_list_exactly_the_options_of_the_table()
    {
        string docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));
        Match table = Regex.Match(docs, "<!-- compatibility-options-table:begin.*?-->(?<rows>.*?)<!-- compatibility-options-table:end -->", RegexOptions.Singleline);
        Assert.True(table.Success, "docs/diagnostics.md has no compatibility options table.");
        List<string[]> rows = table.Groups["rows"].Value.Split('\n')
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal) && !l.StartsWith("| `[ModelProvider]`", StringComparison.Ordinal))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToList();

        Assert.Equal(CompatibilityOptionTable.All.Select(o => $"`{o.PropertyName}`"), rows.Select(r => r[0]));
        foreach ((CompatibilityOption option, string[] row) in CompatibilityOptionTable.All.Zip(rows))
        {
            Assert.Equal($"`{option.JsonKey}`", row[1]);
            Assert.All(option.Values, v => Assert.Contains(v, row[2], StringComparison.Ordinal));
            Assert.All(option.Aliases.Keys, a => Assert.Contains($"`{a}`", row[2], StringComparison.Ordinal));
            string expectedDefault = option.Default switch
            {
                ImmutableEquatableArray<string> { Count: 0 } => "none",
                ImmutableEquatableArray<string> set => string.Join(", ", set),
                bool flag => flag ? "true" : "false",
                string text => text,
                _ => "none",
            };
            Assert.Equal(expectedDefault, row[3]);
        }
    }

    /// <summary>A valid value other than the default, as the spec stores it.</summary>
    private static object SpecValue(CompatibilityOption option) => option.Kind switch
    {
        CompatibilityValueKind.Set => new ImmutableEquatableArray<string>(new[] { option.Values[^1] }),
        CompatibilityValueKind.Choice => option.Values[^1],
        CompatibilityValueKind.Boolean => false,
        _ => "think",
    };

    private static string JsonValue(CompatibilityOption option) => option.Kind switch
    {
        CompatibilityValueKind.Set => $"[\"{option.Values[^1]}\"]",
        CompatibilityValueKind.Choice => $"\"{option.Values[^1]}\"",
        CompatibilityValueKind.Boolean => "false",
        _ => "\"think\"",
    };

    private static string CSharpValue(CompatibilityOption option) => option.Kind switch
    {
        CompatibilityValueKind.Set => $"[\"{option.Values[^1]}\"]",
        CompatibilityValueKind.Choice => $"\"{option.Values[^1]}\"",
        CompatibilityValueKind.Boolean => "false",
        _ => "\"think\"",
    };

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Registry.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Registry.sln not found above " + AppContext.BaseDirectory);
    }
}
