using Microsoft.CodeAnalysis;
using static ModelRegistry.Generator.Tests.Infrastructure.AnalyzerHarness;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Analyzers;

/// <summary>MR0019 (not partial: error) and MR0020 (not static: warning) on registry classes and their containing types.</summary>
public sealed class RegistryClassRuleTests
{
    private const string Attribute = """[ModelRegistry.ModelProvider("vllm", Kind = "openai-compatible")]""";

    [Fact]
    public async Task A_registry_class_that_is_not_partial_is_an_error()
    {
        Diagnostic diagnostic = Assert.Single(await VerifyAsync(Attribute + "\npublic static class {|MR0019:Models|} { }"));

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("true", diagnostic.Properties["IsRegistryClass"]);
    }

    [Fact]
    public async Task A_registry_class_that_is_not_static_is_a_warning()
    {
        Diagnostic diagnostic = Assert.Single(await VerifyAsync(Attribute + "\npublic partial class {|MR0020:Models|} { }"));

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
    }

    [Fact]
    public Task Neither_is_reported_twice_and_every_non_partial_part_is_reported() =>
        VerifyAsync(Attribute + "\npublic class {|MR0019:{|MR0020:Models|}|} { }\npublic partial class Models { }");

    [Fact]
    public Task A_containing_type_that_is_not_partial_is_an_error() =>
        VerifyAsync("public class {|MR0019:Outer|} { public partial class Middle { " + Attribute + " public static partial class Models { } } }");

    [Fact]
    public Task Static_partial_registry_classes_and_other_classes_are_not_reported() =>
        VerifyAsync(Attribute + "\npublic static partial class Models { }\npublic class Plain { }\npublic static partial class Outer { " + Attribute + " internal static partial class Inner { } }");
}
