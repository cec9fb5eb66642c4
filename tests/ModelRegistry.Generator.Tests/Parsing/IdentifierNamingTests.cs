using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Parsing;

public sealed class IdentifierNamingTests
{
    [Theory]
    [InlineData("qwen3-4b", "Qwen3_4B")]
    [InlineData("vllm", "Vllm")]
    [InlineData("llama3.1:8b", "Llama3_1_8B")]
    [InlineData("gpt-4o-mini", "Gpt4OMini")]
    [InlineData("GPT-4o", "GPT4O")]
    [InlineData("meta-llama/llama-3.1-8b-instruct:free", "MetaLlamaLlama3_1_8BInstructFree")]
    [InlineData("4o", "_4O")]
    [InlineData("-7b", "_7B")]
    [InlineData("deepseek_r1", "DeepseekR1")]
    [InlineData("open-router", "OpenRouter")]
    [InlineData("claude-3-5-sonnet", "Claude3_5Sonnet")]
    [InlineData("***", "")]
    [InlineData("模型", "")]
    public void Follows_the_documented_rule(string id, string identifier) =>
        Assert.Equal(identifier, IdentifierNaming.FromId(id));

    [Fact]
    public void Every_non_empty_result_is_a_valid_identifier()
    {
        foreach (string id in new[] { "a", "0", "a-0", "0-a", "class", "int", "a__b", "x.y.z", "9.9.9", "@b" })
        {
            string identifier = IdentifierNaming.FromId(id);
            Assert.True(Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(IdentifierNaming.Bare(identifier)), id);
        }
    }
}
