using ConsoleSample;
using Microsoft.Extensions.AI;
using ModelRegistry;

// The registry is compiled: listing it reads static data, nothing is built at start-up.
Console.WriteLine("Providers:");
foreach (ProviderInfo provider in SampleModels.Providers)
{
    Console.WriteLine($"  {provider.Name,-11} {provider.Kind ?? provider.ChatClientType?.Name,-18} {provider.BaseUrl}");
    foreach (string model in provider.Models)
    {
        SampleModels.TryGetProfile(provider.Name, model, out ModelProfile? profile);
        Console.WriteLine($"    {model,-14} context: {profile?.MaxInputTokens} tokens, tools: {profile?.ToolCalling}");
    }
}

// Offline by default; with VLLM_API_BASE set (for example http://localhost:8000/v1) the vLLM model answers instead.
IChatClient client = Environment.GetEnvironmentVariable("VLLM_API_BASE") is { Length: > 0 }
    ? SampleModels.LoadChatModel(SampleModels.Vllm.Qwen3_4B)
    : SampleModels.LoadChatModel("local:echo");

ChatClientMetadata? metadata = client.GetService<ChatClientMetadata>();
Console.WriteLine($"\nChatting with {metadata?.ProviderName}:{metadata?.DefaultModelId}");
ChatResponse response = await client.GetResponseAsync("Hello, registry!");
Console.WriteLine(response.Text);
