using ModelRegistry;

namespace ModelRegistry.Tests;

public sealed class ChatModelIdTests
{
    [Theory]
    [InlineData("vllm:qwen3-4b", "vllm", "qwen3-4b")]
    [InlineData("ollama:llama3.1:8b", "ollama", "llama3.1:8b")]
    [InlineData("openrouter:meta-llama/llama-3.3-70b-instruct:free", "openrouter", "meta-llama/llama-3.3-70b-instruct:free")]
    public void Splits_at_the_first_colon(string id, string provider, string model)
    {
        Assert.True(ChatModelId.TryParse(id, out ChatModelId parsed));
        Assert.Equal(provider, parsed.Provider);
        Assert.Equal(model, parsed.Model);
        Assert.Equal(id, parsed.ToString());
    }

    [Theory]
    [InlineData("qwen3-4b")]
    [InlineData(":qwen3-4b")]
    [InlineData("vllm:")]
    [InlineData("")]
    public void Rejects_ids_without_both_parts(string id)
    {
        Assert.False(ChatModelId.TryParse(id, out _));
        Assert.Throws<FormatException>(() => ChatModelId.Parse(id));
    }
}
