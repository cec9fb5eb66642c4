using Microsoft.CodeAnalysis;
using static ModelRegistry.Generator.Tests.Infrastructure.AnalyzerHarness;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Analyzers;

/// <summary>MR0019 (not partial: error) and MR0020 (not static: warning) on registry classes and their containing types.</summary>
public sealed class RegistryClassRuleTests
{
    private const string Attribute = """[ModelRegistry.ModelProvider("vllm", Kind = "openai-compatible")]""";

    [Fact]
    public async Task ARegistryClassThatIsNotPartialIsAnError()
    {
        Diagnostic diagnostic = Assert.Single(await VerifyAsync(Attribute + "\npublic static class {|MR0019:Models|} { }"));

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("true", diagnostic.Properties["IsRegistryClass"]);
    }

    [Fact]
    public async Task ARegistryClassThatIsNotStaticIsAWarning()
    {
        Diagnostic diagnostic = Assert.Single(await VerifyAsync(Attribute + "\npublic partial class {|MR0020:Models|} { }"));

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
    }

    [Fact]
    public Task NeitherIsReportedTwiceAndEveryNonPartialPartIsReported() =>
        VerifyAsync(Attribute + "\npublic class {|MR0019:{|MR0020:Models|}|} { }\npublic partial class Models { }");

    [Fact]
    public Task AContainingTypeThatIsNotPartialIsAnError() =>
        VerifyAsync("public class {|MR0019:Outer|} { public partial class Middle { " + Attribute + " public static partial class Models { } } }");

    [Fact]
    public Task StaticPartialRegistryClassesAndOtherClassesAreNotReported() =>
        VerifyAsync(Attribute + "\npublic static partial class Models { }\npublic class Plain { }\npublic static partial class Outer { " + Attribute + " internal static partial class Inner { } }");
}
