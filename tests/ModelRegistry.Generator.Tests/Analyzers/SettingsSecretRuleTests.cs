using Microsoft.CodeAnalysis;
using static ModelRegistry.Generator.Tests.Infrastructure.AnalyzerHarness;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Analyzers;

/// <summary>MR0018: secrets written as constants in <c>ChatModelSettings</c>.</summary>
public sealed class SettingsSecretRuleTests
{
    private static string Code(string body) => $$"""
        using System;
        using System.Collections.Generic;
        using ModelRegistry;
        public sealed class Unrelated { public string? ApiKey { get; init; } }
        public static class Calls
        {
            private const string Key = "sk-live-0123";
            public static object Run(string fromConfiguration)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public async Task A_literal_api_key_is_an_error()
    {
        var diagnostics = await VerifyAsync(Code("""
            var a = new ChatModelSettings { ApiKey = {|MR0018:"sk-or-v1-0123"|} };
            return new ChatModelSettings { Temperature = 0.2f, ApiKey = {|MR0018:Key|} };
            """));

        Assert.Equal(2, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.All(diagnostics, d => Assert.StartsWith("ChatModelSettings.ApiKey is set to a literal secret", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public Task An_auth_bearing_header_with_a_literal_value_is_an_error() =>
        VerifyAsync(Code("""
            var a = new ChatModelSettings { Headers = new Dictionary<string, string> { ["Authorization"] = {|MR0018:"Bearer sk-1"|}, ["X-Title"] = "My app", ["HTTP-Referer"] = "https://example.org" } };
            return new ChatModelSettings { Headers = new Dictionary<string, string> { { "x-api-key", {|MR0018:"abc"|} }, { "X-Trace", "on" } } };
            """));

    [Fact]
    public Task Keys_read_at_run_time_empty_keys_and_other_types_are_not_reported() =>
        VerifyAsync(Code("""
            var a = new ChatModelSettings { ApiKey = Environment.GetEnvironmentVariable("OPENROUTER_API_KEY") };
            var b = new ChatModelSettings { ApiKey = fromConfiguration };
            var c = new ChatModelSettings { ApiKey = "" };
            var d = new ChatModelSettings { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + fromConfiguration } };
            return new Unrelated { ApiKey = "sk-not-a-model-registry-surface" };
            """));
}
