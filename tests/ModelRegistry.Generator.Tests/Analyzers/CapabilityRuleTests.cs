using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Generator.Tests.Infrastructure;
using static ModelRegistry.Generator.Tests.Infrastructure.AnalyzerHarness;

namespace ModelRegistry.Generator.Tests.Analyzers;

/// <summary>MR0026 (a capability the model's profile says it lacks) and MR0027 (a request option beyond the profile or the
/// provider's compatibility options) at chat calls whose model and options the method shows with constants.</summary>
public sealed class CapabilityRuleTests
{
    /// <summary><c>tiny</c> lacks everything; <c>vision</c> has everything; <c>plain</c> says nothing. The vllm declaration
    /// accepts only auto and none tool choices and no response format; <c>full</c> accepts every tool choice.</summary>
    private const string VllmProfiles = """
        { "provider": "vllm", "models": {
            "tiny": { "aliases": ["small"], "tool_calling": false, "max_output_tokens": 4096, "input_modalities": ["text"], "structured_output": false },
            "vision": { "tool_calling": true, "max_output_tokens": 8192, "input_modalities": ["text", "image", "audio", "pdf"], "structured_output": true },
            "url-only": { "image_inputs": false, "image_url_inputs": true },
            "plain": {}
        } }
        """;

    private const string FullProfiles = """{ "provider": "full", "models": { "tiny": { "tool_calling": false, "structured_output": false } } }""";

    private static string Calls(string body, string extra = "") => $$"""
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization.Metadata;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.DependencyInjection;
        using ModelRegistry;
        [ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1", SupportedToolChoice = ["auto", "none"])]
        [ModelProvider("full", Kind = "openai-compatible", BaseUrl = "http://localhost:8001/v1",
            SupportedToolChoice = ["auto", "none", "required", "specific"], SupportedResponseFormat = ["json_schema"])]
        public static partial class Models { }
        {{extra}}
        public static class Calls
        {
            public static async Task Run(string dynamicId, IServiceProvider services, AITool tool, IList<AITool> tools, ChatOptions given,
                List<ChatMessage> messages, byte[] bytes, JsonTypeInfo<string> info)
            {
                {{body}}
            }
        }
        """;

    private static async Task<Diagnostic[]> Verify(string body, string extra = "") =>
        (await VerifyAsync(Calls(body, extra), ("/app/profiles/vllm.json", VllmProfiles), ("/app/profiles/full.json", FullProfiles))).ToArray();

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Inline_options_to_a_literal_model_report_tools_max_tokens_and_tool_mode()
    {
        Diagnostic[] diagnostics = await Verify("""
            IChatClient client = Models.LoadChatModel("vllm:tiny");
            await client.GetResponseAsync(messages, new ChatOptions
            {
                {|MR0026:Tools = [tool]|},
                MaxOutputTokens = {|MR0027:99999|},
                ToolMode = {|MR0027:ChatToolMode.RequireAny|},
            });
            """);

        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Equal(
            "Tools are passed, but the profile of 'vllm:tiny' says tool_calling: false. The provider rejects or ignores them: load a model that calls tools, remove the tools, or correct the profile.",
            Message(Assert.Single(diagnostics, d => d.Id == "MR0026")));
        Diagnostic clamp = Assert.Single(diagnostics, d => Message(d).StartsWith("MaxOutputTokens", StringComparison.Ordinal));
        Assert.Equal("MaxOutputTokens is 99999, but the profile of 'vllm:tiny' says max_output_tokens: 4096. It is clamped to 4096 at run time: write 4096 or less.", Message(clamp));
        Assert.Equal("4096", clamp.Properties["Replacement"]);
        Diagnostic mode = Assert.Single(diagnostics, d => Message(d).StartsWith("ToolMode", StringComparison.Ordinal));
        Assert.Equal(
            "ToolMode is ChatToolMode.RequireAny, but 'vllm:tiny' accepts tool_choice auto, none only (supported_tool_choice has no 'required'). Its tool_choice is dropped at run time: use ChatToolMode.Auto, or add 'required' to the provider's SupportedToolChoice if it accepts it.",
            Message(mode));
        Assert.Equal("Auto", mode.Properties["ToolMode"]);
    }

    [Fact]
    public async Task A_typed_id_an_options_local_and_require_specific_are_followed()
    {
        Diagnostic[] diagnostics = await Verify("""
            var options = new ChatOptions { ToolMode = {|MR0027:ChatToolMode.RequireSpecific("lookup")|}, MaxOutputTokens = {|MR0027:Limits.Big|} };
            await Models.LoadChatModel(Models.Vllm.Tiny).GetResponseAsync("hi", options);
            """, "public static class Limits { public const int Big = 5000; }");

        Assert.Contains(diagnostics, d => Message(d).StartsWith("ToolMode is ChatToolMode.RequireSpecific", StringComparison.Ordinal) && d.Properties["ToolMode"] == "Auto");
        Assert.Contains(diagnostics, d => Message(d).StartsWith("MaxOutputTokens is 5000", StringComparison.Ordinal));
    }

    [Fact]
    public Task Every_load_overload_and_keyed_lookup_names_the_model() =>
        Verify("""
            await Models.LoadChatModel("tiny", "vllm").GetResponseAsync("x", new ChatOptions { MaxOutputTokens = {|MR0027:4097|} });
            await Models.Vllm.LoadChatModel("small").GetResponseAsync("x", new ChatOptions { MaxOutputTokens = {|MR0027:4097|} });
            await Models.LoadChatModel(new ChatModelId("vllm", "tiny")).GetResponseAsync("x", new ChatOptions { MaxOutputTokens = {|MR0027:4097|} });
            await Models.Registry.LoadChatModel("VLLM:Tiny").GetResponseAsync("x", new ChatOptions { MaxOutputTokens = {|MR0027:4097|} });
            IChatClient keyed = services.GetRequiredKeyedService<IChatClient>("vllm:tiny");
            await keyed.GetResponseAsync("x", new ChatOptions { MaxOutputTokens = {|MR0027:4097|} });
            """);

    [Fact]
    public async Task Image_audio_and_pdf_content_in_the_message_construction_are_reported()
    {
        Diagnostic[] diagnostics = await Verify("""
            IChatClient client = Models.LoadChatModel("vllm:tiny");
            await client.GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("what is it?"), {|MR0026:new DataContent(bytes, "image/png")|}])]);
            var message = new ChatMessage(ChatRole.User, [{|MR0026:new UriContent("https://example.org/report.pdf", "application/pdf")|}]);
            List<ChatMessage> history = [];
            history.Add(message);
            history.Add(new ChatMessage(ChatRole.User, [{|MR0026:new DataContent("data:audio/wav;base64,AAAA")|}]));
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(history)) { }
            await client.GetResponseAsync(new ChatMessage(ChatRole.User, [{|MR0026:new UriContent(new Uri("https://example.org/cat.jpg?size=2"), "image/jpeg")|}]));
            """);

        Assert.Contains(diagnostics, d => Message(d) == "Content of type 'image/png' is sent, but the profile of 'vllm:tiny' says image_inputs: false. The provider rejects the request or drops the content: load a model that takes this input, or correct the profile.");
        Assert.Contains(diagnostics, d => Message(d).StartsWith("A URL of type 'application/pdf' is sent, but the profile of 'vllm:tiny' says pdf_inputs: false.", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => Message(d).StartsWith("Content of type 'audio/wav' is sent", StringComparison.Ordinal));
    }

    [Fact]
    public Task A_keyed_parameter_is_followed_and_image_urls_follow_image_url_inputs() =>
        VerifyAsync(Calls("", """
            public sealed class Describer([FromKeyedServices("vllm:url-only")] IChatClient chat)
            {
                public Task<ChatResponse> Url() => chat.GetResponseAsync([new ChatMessage(ChatRole.User, [new UriContent("https://example.org/a.png", "image/png")])]);
                public Task<ChatResponse> Bytes(byte[] png) => chat.GetResponseAsync([new ChatMessage(ChatRole.User, [{|MR0026:new DataContent(png, "image/png")|}])]);
                public static Task<ChatResponse> Tiny([FromKeyedServices("vllm:tiny")] IChatClient tiny) =>
                    tiny.GetResponseAsync("x", new ChatOptions { {|MR0026:Tools = new List<AITool> { new HostedWebSearchTool() }|} });
            }
            """), ("/app/profiles/vllm.json", VllmProfiles), ("/app/profiles/full.json", FullProfiles));

    [Fact]
    public async Task Structured_output_from_a_model_without_it_and_without_json_schema_is_reported()
    {
        Diagnostic diagnostic = Assert.Single(await Verify("""
            await Models.LoadChatModel("vllm:tiny").{|MR0026:GetStructuredResponseAsync|}(messages, info);
            await Models.LoadChatModel("vllm:vision").GetStructuredResponseAsync(messages, info);
            await Models.LoadChatModel("full:tiny").GetStructuredResponseAsync(messages, info);
            await Models.LoadChatModel("vllm:plain").GetStructuredResponseAsync(messages, info);
            """));

        Assert.StartsWith("Structured output is asked for, but the profile of 'vllm:tiny' says structured_output: false, and its supported_response_format has no 'json_schema'.", Message(diagnostic), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Microsoft_extensions_ai_structured_output_is_checked_too()
    {
        string source = Calls("""await Models.LoadChatModel("vllm:tiny").GetResponseAsync<string>(messages);""");
        CSharpCompilation compilation = TestCompilations.CreateForAnalyzers(source)
            .AddReferences(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.AI.ChatClientStructuredOutputExtensions).Assembly.Location));

        AnalyzerRun run = await RunAsync(compilation, ("/app/profiles/vllm.json", VllmProfiles), ("/app/profiles/full.json", FullProfiles));

        Assert.Empty(run.Exceptions);
        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("MR0026", diagnostic.Id);
        Assert.Equal("GetResponseAsync<string>", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public Task A_model_with_the_capability_and_a_provider_that_accepts_the_mode_are_not_reported() =>
        Verify("""
            var options = new ChatOptions { Tools = [tool], MaxOutputTokens = 8192, ToolMode = ChatToolMode.RequireSpecific("lookup") };
            await Models.LoadChatModel({|MR0016:"full:anything"|}).GetResponseAsync(messages, options);
            await Models.LoadChatModel("vllm:vision").GetResponseAsync(
                [new ChatMessage(ChatRole.User, [new DataContent(bytes, "image/png"), new DataContent(bytes, "audio/mpeg"), new UriContent("https://example.org/a.pdf", "application/pdf")])],
                new ChatOptions { Tools = [tool], MaxOutputTokens = 8192, ToolMode = ChatToolMode.Auto });
            await Models.LoadChatModel("vllm:tiny").GetResponseAsync(messages, new ChatOptions { Tools = [], MaxOutputTokens = 4096, ToolMode = ChatToolMode.None });
            await Models.LoadChatModel("vllm:plain").GetResponseAsync([new ChatMessage(ChatRole.User, [new DataContent(bytes, "image/png")])], new ChatOptions { Tools = [tool], MaxOutputTokens = 1_000_000 });
            await Models.LoadChatModel({|MR0016:"vllm:unlisted"|}).GetResponseAsync(messages, new ChatOptions { Tools = [tool], MaxOutputTokens = 1_000_000 });
            await Models.LoadChatModel("full:tiny").GetResponseAsync(messages, new ChatOptions { ToolMode = ChatToolMode.RequireAny });
            """);

    [Fact]
    public Task Non_constant_ids_bare_ids_and_options_built_elsewhere_are_not_reported() =>
        Verify("""
            await Models.LoadChatModel(dynamicId).GetResponseAsync(messages, new ChatOptions { Tools = [tool], MaxOutputTokens = 99999 });
            await Models.LoadChatModel("tiny").GetResponseAsync(messages, new ChatOptions { Tools = [tool], MaxOutputTokens = 99999 });
            await Models.LoadChatModel("vllm:tiny").GetResponseAsync(messages, given);
            await Models.LoadChatModel("vllm:tiny").GetResponseAsync(messages, Build());
            await Models.LoadChatModel("vllm:tiny").GetResponseAsync(messages, new ChatOptions { Tools = tools });
            await Models.LoadChatModel("vllm:tiny").GetResponseAsync(messages, given.Clone());
            await Models.LoadChatModel("vllm:tiny").GetResponseAsync(messages);
            static ChatOptions Build() => new() { MaxOutputTokens = 99999 };
            """);

    [Fact]
    public Task Locals_written_again_are_not_followed() =>
        Verify("""
            IChatClient client = Models.LoadChatModel("vllm:tiny");
            if (dynamicId.Length > 3) { client = Models.LoadChatModel("vllm:vision"); }
            await client.GetResponseAsync(messages, new ChatOptions { Tools = [tool], MaxOutputTokens = 99999 });

            var options = new ChatOptions { MaxOutputTokens = 99999, ToolMode = {|MR0027:ChatToolMode.RequireAny|} };
            options.MaxOutputTokens = 1024;
            await Models.LoadChatModel("vllm:tiny").GetResponseAsync(messages, options);

            var replaced = new ChatOptions { MaxOutputTokens = 99999 };
            replaced = given;
            await Models.LoadChatModel("vllm:tiny").GetResponseAsync(messages, replaced);

            var content = new DataContent(bytes, "image/png");
            content = new DataContent(bytes, "text/plain");
            await Models.LoadChatModel("vllm:tiny").GetResponseAsync(new ChatMessage(ChatRole.User, [content]));
            """);

    [Fact]
    public async Task Severities_from_editorconfig_apply()
    {
        Project project = CodeFixHarness.CreateProject(Calls("""
            await Models.LoadChatModel("vllm:tiny").GetResponseAsync("x", new ChatOptions { Tools = [tool], MaxOutputTokens = 99999 });
            """), ("/app/profiles/vllm.json", VllmProfiles));
        project = project.AddAnalyzerConfigDocument(".editorconfig", SourceText.From("""
            root = true

            [*.cs]
            dotnet_diagnostic.MR0027.severity = error
            dotnet_diagnostic.MR0026.severity = none
            """), filePath: "/src/.editorconfig").Project;

        ImmutableArray<Diagnostic> diagnostics = await CodeFixHarness.AnalyzeAsync(project);

        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(diagnostics, d => d.Id == "MR0027").Severity);
        Assert.DoesNotContain(diagnostics, d => d.Id == "MR0026");
    }
}
